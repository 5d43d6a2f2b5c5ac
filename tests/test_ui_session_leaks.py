"""Nothing of a closed window or a locked session stays alive: counted with gc and weakref.

A lambda holding a widget, connected to a signal of the longer-lived UiContext, keeps that
widget's Python object (and through it the context, the closed library and the worker) alive:
Python's gc cannot see the reference Qt's connection holds. ExportRun did this, which is how
the desktop tests ended with a dozen dead sessions still referenced.
"""

from __future__ import annotations

import gc
import weakref
from collections import Counter
from pathlib import Path

from factories import subject_and_story
from PySide6.QtCore import QEvent, QThread
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot
from ui_fixtures import WAIT_MS, close_library, signed_in

from conftest import AUTHOR, AUTHOR_PW
from studio.library.library import Library, open_library
from studio.ui.app import StudioApp
from studio.ui.context import UiContext
from studio.ui.exports.run import ExportRun
from studio.ui.main_window import MainWindow
from studio.ui.pages.exports import ExportsPage
from studio.ui.settings import UiSettings
from studio.ui.sign_in import SignInDialog
from studio.ui.worker import DatabaseWorker

CYCLES = 4
COUNTED = (DatabaseWorker, QThread, UiContext, MainWindow, Library, SignInDialog, ExportRun)


def _settle() -> None:
    """Run the deferred deletions (deleteLater) and collect Python's cycles."""
    for _ in range(3):
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        QApplication.processEvents()
        gc.collect()


def _live() -> Counter[str]:
    _settle()
    return Counter(type(o).__name__ for o in gc.get_objects() if isinstance(o, COUNTED))


def test_lock_and_sign_in_again_and_again_leaves_nothing_behind(
        qtbot: QtBot, author_lib: Library, tmp_path: Path) -> None:
    subject_and_story(author_lib)
    path = close_library(author_lib)
    settings = UiSettings.at(tmp_path / "ui.ini")
    settings.mark_tour_seen(AUTHOR)
    studio = StudioApp(path, settings, user=AUTHOR)
    try:
        studio.start(auto=False)
        before = _live()          # the sign-in dialog, the app's worker, the fixture's library
        gone: list[weakref.ref[object]] = []
        counts: list[Counter[str]] = []
        for _cycle in range(CYCLES):
            window = signed_in(qtbot, studio, start=False)
            page = window.show_page("exports")      # the screen whose lambda leaked
            assert isinstance(page, ExportsPage)
            qtbot.waitUntil(lambda: studio.worker.pending() == 0, timeout=WAIT_MS)
            gone += [weakref.ref(window), weakref.ref(window.ctx), weakref.ref(page.run),
                     weakref.ref(window.ctx.lib)]
            del page
            window.lock_action.trigger()
            del window
            assert studio.window is None and isinstance(studio.dialog, SignInDialog)
            counts.append(_live())
        assert counts == [before] * CYCLES, (before, counts)
        assert before["DatabaseWorker"] == 1 and before["QThread"] == 0
        assert before["MainWindow"] == before["UiContext"] == before["ExportRun"] == 0
        assert [ref for ref in gone if ref() is not None] == []
    finally:
        studio.quit()


def test_a_closed_window_is_freed_while_its_session_lives_on(
        qtbot: QtBot, author_lib: Library, tmp_path: Path) -> None:
    """Within one session the context outlives the windows and dialogs that used it."""
    path = close_library(author_lib)
    worker = DatabaseWorker()
    lib = open_library(path, AUTHOR, password=AUTHOR_PW)
    ctx = UiContext(lib, worker, UiSettings.at(tmp_path / "ui.ini"))
    try:
        refs: list[weakref.ref[object]] = []
        for _ in range(CYCLES):
            window = MainWindow(ctx)
            window.show()
            page = window.show_page("exports")
            assert isinstance(page, ExportsPage)
            refs += [weakref.ref(window), weakref.ref(page), weakref.ref(page.run)]
            for dialog in window.findChildren(QDialog):
                dialog.reject()
            worker.wait()
            QApplication.processEvents()
            window.hide()
            window.deleteLater()
            del window, page
            _settle()
        assert [ref() for ref in refs if ref() is not None] == []
    finally:
        worker.wait()
        QApplication.processEvents()
        lib.close()
        worker.stop()
