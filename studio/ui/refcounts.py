"""Keep None, True and False alive under a PySide6 that returns them without a reference.

PySide6-Essentials 6.12.0 on Python 3.11 returns None from every void Qt method called from
Python (``setText``, ``show``, ``processEvents``...) and True from every Python signal emit
without the reference the caller is owed. Python 3.12+ made these objects immortal, so nothing
happens there; on 3.11 None starts with about 5,000 references, and after a few thousand Qt
calls the count reaches zero and the interpreter aborts ("deallocating None"), at a random
moment, in whatever the person was doing.

:func:`protect` detects the fault with a probe call and, only then, raises the three
singletons' counts by 2**40, which is what Python 3.12 does by design: they are never freed
anyway, so the only effect is that the stolen references no longer matter. Imported by
``studio/ui/__init__.py``, so it is in force before any screen exists.
"""

from __future__ import annotations

import ctypes
import sys

HEADROOM = 1 << 40
_PROBES = 16


def loses_references() -> bool:
    """Whether a void Qt call takes a reference from None on this interpreter and PySide."""
    from PySide6.QtCore import QObject

    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(_PROBES):
        probe.setObjectName("probe")
    return sys.getrefcount(None) <= before - _PROBES // 2


def protect() -> bool:
    """Make None, True and False effectively immortal if this PySide needs it; True if done."""
    if sys.version_info >= (3, 12) or hasattr(sys, "getobjects"):
        return False  # immortal already, or a trace-refs build whose object layout differs
    if not loses_references():
        return False
    for singleton in (None, True, False):
        before = sys.getrefcount(singleton)
        ctypes.c_ssize_t.from_address(id(singleton)).value += HEADROOM
        assert sys.getrefcount(singleton) == before + HEADROOM
    return True


PROTECTED = protect()
