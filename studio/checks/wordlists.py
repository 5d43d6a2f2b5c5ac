"""The word lists the checks ship in assets/checks/, each read once and kept (functools.cache).

Two formats: plain ``.txt`` lists (one entry a line, ``#`` starts a comment) and ``.toml`` files
whose tables hold lists of strings. Entries are returned as written; matching code folds them.
"""

from __future__ import annotations

import functools
import tomllib
from typing import Any

from studio.assets import assets_dir


def _path_text(name: str) -> str:
    return (assets_dir() / "checks" / name).read_text(encoding="utf-8")


@functools.cache
def lines(name: str) -> tuple[str, ...]:
    """Entries of a plain list: blank lines and ``#`` comments dropped, whitespace stripped."""
    out: list[str] = []
    for raw in _path_text(name).splitlines():
        entry = raw.split("#", 1)[0].strip()
        if entry:
            out.append(entry)
    return tuple(out)


@functools.cache
def table(name: str) -> dict[str, Any]:
    """A TOML file as a dict (do not mutate: the same object is returned each time)."""
    return tomllib.loads(_path_text(name))


def strings(name: str, *keys: str) -> tuple[str, ...]:
    """The list of strings at ``keys`` in a TOML file (an empty tuple when absent)."""
    node: Any = table(name)
    for key in keys:
        if not isinstance(node, dict) or key not in node:
            return ()
        node = node[key]
    if not isinstance(node, list) or not all(isinstance(x, str) for x in node):
        raise RuntimeError(f"assets/checks/{name}: {'.'.join(keys)} must be a list of strings")
    return tuple(node)
