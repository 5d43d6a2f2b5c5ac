"""Errors in the desktop app: what a person sees, and what the log may keep.

A person sees ``str(error)`` for a :class:`StudioError` (it is written for them) and a short
apology for anything else; never a traceback. The log keeps the exception type and the code
locations only: an exception's message can carry story text or a patient's name (a database
error quotes its parameters), so it is never written anywhere.
"""

from __future__ import annotations

import logging
import re
import sys
import threading
import traceback
from collections.abc import Callable
from types import TracebackType

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from studio.errors import StudioError
from studio.library.diskfull import disk_full

log = logging.getLogger("studio.ui")

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], None]


def _tr(text: str) -> str:
    return QCoreApplication.translate("errors", text)


def sentence(text: str) -> str:
    """Lower layers write messages as clauses ('wrong user name...'); a dialog wants a sentence."""
    text = text.strip()
    first = text.split(" ", 1)[0].rstrip(":,")
    # "wrong password" becomes "Wrong password"; "scan.png: ..." and "consent.scope: ..." name
    # a file or a rule and keep their spelling.
    if first.isalpha() and first.islower():
        text = text[:1].upper() + text[1:]
    return text + "." if text[-1:].isalnum() or text.endswith(")") else text


_CLI_HINTS = (re.compile(r"\s*\([^()]*--[a-z][^()]*\)"),   # "(--signed-by NAME ...)"
              re.compile(r"[;,]\s*give --[a-z][^;.]*"),      # "; give --expires"
              re.compile(r"^--[a-z][a-z-]*(?: [A-Z]+)?:\s*"))  # "--comment: say what..."


def without_cli_hints(text: str) -> str:
    """Drop the command-line flags the workflow names for CLI users; a window has no flags."""
    for pattern in _CLI_HINTS:
        text = pattern.sub("", text)
    return text


def user_message(exc: BaseException) -> str:
    """The one message a person should read about ``exc``."""
    full = disk_full(exc)
    if full is not None:
        exc = full
    if isinstance(exc, StudioError):
        return sentence(without_cli_hints(str(exc)))
    if isinstance(exc, OSError):
        where = f" ({exc.filename})" if exc.filename else ""
        # Raised while opening the library or while reading or writing a file the person
        # chose (a scan, a PDF to save): name the file and the system's reason.
        return _tr("A file could not be used: {reason}{where}. Check that it exists, that "
                   "you may open it, and that the disk is not full.").format(
            reason=exc.strerror or type(exc).__name__, where=where)
    return _tr("Something unexpected went wrong ({kind}). This is a bug in the studio; your "
               "saved work is safe. Please report what you were doing.").format(
        kind=type(exc).__name__)


def safe_trace(exc: BaseException) -> str:
    """Type and code locations of ``exc``, without its message or any values."""
    frames = traceback.extract_tb(exc.__traceback__)
    where = "".join(f"\n  {f.filename}:{f.lineno} in {f.name}" for f in frames)
    return f"{type(exc).__module__}.{type(exc).__qualname__}{where}"


def log_unexpected(exc: BaseException) -> None:
    log.error("unexpected error: %s", safe_trace(exc))


def log_if_unexpected(exc: BaseException) -> None:
    """Errors meant for a person (StudioError, OSError) are shown, not logged; others are bugs."""
    if not isinstance(exc, StudioError | OSError):
        log_unexpected(exc)


def install_excepthook(*, debug: bool = False,
                       on_interrupt: Callable[[], None] = QApplication.quit) -> ExceptHook:
    """Route uncaught exceptions to a message box; returns the previous hook.

    With ``debug`` the full traceback also goes to stderr, as ``studio --debug`` promises
    developers. Exceptions raised off the UI thread are only logged: a widget may not be
    created there, and the database worker already reports its own failures. Ctrl+C (a
    KeyboardInterrupt raised in a slot) calls ``on_interrupt``: quit, as closing the window
    does (run_app passes one that also works before the event loop runs).
    """
    previous = sys.excepthook
    showing = False

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        nonlocal showing
        if issubclass(kind, KeyboardInterrupt):
            on_interrupt()
            return
        if exc.__traceback__ is None:
            exc.__traceback__ = tb
        if debug:
            traceback.print_exception(kind, exc, tb)
        if not isinstance(exc, StudioError):
            log_unexpected(exc)
        on_ui_thread = threading.current_thread() is threading.main_thread()
        if showing or not on_ui_thread or QApplication.instance() is None:
            return  # one box at a time: a failing paint must not stack up dialogs
        showing = True
        try:
            QMessageBox.critical(QApplication.activeWindow(), _tr("Patient Story Studio"),
                                 user_message(exc))
        finally:
            showing = False

    sys.excepthook = hook
    return previous
