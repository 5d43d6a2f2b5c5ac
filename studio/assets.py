"""Where the shipped assets (templates, channel specs, word lists) are found."""

from __future__ import annotations

from pathlib import Path


def assets_dir() -> Path:
    """The assets folder: beside the package in a checkout, inside it in a frozen app."""
    here = Path(__file__).resolve().parent
    for candidate in (here.parent / "assets", here / "assets"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("the studio's assets folder is missing from this installation")
