"""Where the shipped assets (templates, channel specs, word lists) are found."""

from __future__ import annotations

import sys
from pathlib import Path


def assets_dir() -> Path:
    """The assets folder: beside the package in a checkout, inside the bundle in a frozen app.

    A PyInstaller app (packaging/studio.spec) unpacks its data under ``sys._MEIPASS``; there
    only that folder counts, so a frozen app never picks up some other ``assets`` folder that
    happens to lie beside it.
    """
    bundle = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and bundle:
        candidates: tuple[Path, ...] = (Path(bundle) / "assets",)
    else:
        here = Path(__file__).resolve().parent
        candidates = (here.parent / "assets", here / "assets")
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("the studio's assets folder is missing from this installation")
