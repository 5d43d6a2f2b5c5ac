"""Refuse to run on a PySide6 known to crash the app.

PySide6-Essentials 6.12.0 on Python 3.11 returns None from void Qt calls and True from signal
emits without the reference it owes; after a few thousand calls the interpreter aborts
("deallocating None"). pyproject.toml excludes that release; this probe catches an environment
that has it anyway, so the person sees a sentence instead of a crash an hour later.
"""

from __future__ import annotations

import sys

_PROBES = 64


def pyside_defect() -> str | None:
    """A sentence naming the defect when this PySide6 has it, else None."""
    if sys.version_info >= (3, 12):
        return None  # None and True are immortal there: the defect cannot crash
    import PySide6
    from PySide6.QtCore import QObject, Signal

    class _Probe(QObject):
        ping = Signal()

    probe = _Probe()
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(_PROBES):
        probe.setObjectName("probe")
        probe.ping.emit()
    lost = max(none_before - sys.getrefcount(None), true_before - sys.getrefcount(True))
    if lost < _PROBES // 2:
        return None
    return (f"PySide6 {PySide6.__version__} on Python {sys.version.split()[0]} has a "
            "reference-count defect that crashes the app; install a supported release with "
            "\"pip install 'PySide6-Essentials>=6.8,<6.12'\" (make run does this)")
