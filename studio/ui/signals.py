"""Emitting Qt signals from Python without losing a reference to ``True``.

PySide6 6.12.0 returns the result of ``SignalInstance.emit()`` (the Python ``True``) without
the reference it owes, so every emit from Python takes one reference away from ``True``. On
Python 3.11 ``True`` is an ordinary object: after enough emits its count reaches zero and the
interpreter aborts ("bool_dealloc: deallocating True or False"), at a random later moment.
Every emit in the desktop app goes through :func:`emit`, which measures the fault once at
import and gives back exactly what was taken, so it is harmless on a PySide that is fixed.
"""

from __future__ import annotations

import ctypes
import sys
from typing import Any

from PySide6.QtCore import QObject, Signal

_PROBES = 8


class _Probe(QObject):
    ping = Signal()


def _measure() -> int:
    """References ``True`` loses per emit on this PySide (0 when the bug is fixed)."""
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(_PROBES):
        probe.ping.emit()
    lost = max(0, (before - sys.getrefcount(True)) // _PROBES)
    for _ in range(lost * _PROBES):
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(True))
    return lost


LOST_PER_EMIT = _measure()


def emit(signal: Any, *args: Any) -> None:
    """``signal.emit(*args)``, then give back the reference PySide took from the result."""
    result = signal.emit(*args)
    for _ in range(LOST_PER_EMIT):
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(result))
