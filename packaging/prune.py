"""Leave out of the bundle the Qt plugins a desktop studio never loads, and what only they need.

PySide6's PyInstaller hooks collect every plugin of each used Qt module. Some serve only
embedded devices (framebuffer, KMS/EGL full screen, VNC, evdev/TUIO input); the GTK3 theme
would drag the build machine's GTK stack (cairo, pango, gdk-pixbuf, gio) into the bundle,
where it would meet a different GTK on the computer that runs the app. Libraries are removed
only when nothing that stays links to them, so a library another part loads is kept.
"""

from __future__ import annotations

import fnmatch
import os
import posixpath
from collections.abc import Callable, Iterable

Entry = tuple[str, str, str]  # PyInstaller TOC entry: (name in bundle, source, type code)

UNUSED_QT_PLUGINS = (
    "*/plugins/platforms/libqeglfs.so",
    "*/plugins/platforms/libqlinuxfb.so",
    "*/plugins/platforms/libqvnc.so",
    "*/plugins/platforms/libqvkkhrdisplay.so",
    "*/plugins/platforms/libqminimalegl.so",
    "*/plugins/egldeviceintegrations/*",
    "*/plugins/generic/*",
    "*/plugins/platformthemes/libqgtk3.so",
)


def _base(name: str) -> str:
    return os.path.basename(name.replace("\\", "/"))


def prune(binaries: Iterable[Entry], patterns: Iterable[str],
          imports_of: Callable[[str], Iterable[str]]) -> tuple[list[Entry], list[str]]:
    """(the entries to keep, the names left out).

    ``imports_of(source)`` gives the names a binary links to (PyInstaller's ldd/pefile/macholib
    reader in the spec). Left out: binaries matching ``patterns``, and libraries reachable from
    them that no kept binary reaches.
    """
    entries = list(binaries)
    patterns = tuple(patterns)
    by_base: dict[str, set[str]] = {}
    for name, _, _ in entries:
        by_base.setdefault(_base(name), set()).add(name)
    links: dict[str, set[str]] = {}
    for name, source, code in entries:
        if code == "SYMLINK":  # source is the link target's name in the bundle
            links[name] = set(by_base.get(_base(source), ())) if source else set()
            continue
        try:
            imported = list(imports_of(source))
        except Exception:  # not a binary a reader understands: assume it links to nothing
            imported = []
        links[name] = {n for i in imported for n in by_base.get(_base(i), ())} - {name}

    def closure(start: set[str]) -> set[str]:
        seen, todo = set(start), list(start)
        while todo:
            for dep in links.get(todo.pop(), ()):
                if dep not in seen:
                    seen.add(dep)
                    todo.append(dep)
        return seen

    dropped = {name for name, _, _ in entries
               if any(fnmatch.fnmatch(name.replace("\\", "/"), p) for p in patterns)}
    candidates = closure(dropped) - dropped
    needed = closure(set(links) - dropped - candidates)
    gone = dropped | (candidates - needed)
    return [e for e in entries if e[0] not in gone], sorted(gone)


def drop_dangling_links(datas: Iterable[Entry], gone: Iterable[str]) -> list[Entry]:
    """``datas`` without the symbolic links (PyInstaller keeps them there) to removed files."""
    removed = {g.replace("\\", "/") for g in gone}

    def target(entry: Entry) -> str:
        name = entry[0].replace("\\", "/")
        return posixpath.normpath(posixpath.join(posixpath.dirname(name), entry[1]))

    return [e for e in datas if not (e[2] == "SYMLINK" and target(e) in removed)]
