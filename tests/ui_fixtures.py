"""Helpers for the desktop tests: open a real library in a real main window, offscreen.

Signing in through the dialog is tested in test_ui_app.py; the screen tests open the library
directly (argon2 at the cheapest cost) and hand it to the window the way the app does.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from factories import consent, draft, subject_and_story
from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import event

from conftest import ADMIN, ADMIN_PW, AUTHOR, AUTHOR_PW, COMPLIANCE, COMPLIANCE_PW
from studio.library.library import Library, open_library
from studio.ui.app import StudioApp
from studio.ui.context import UiContext
from studio.ui.main_window import MainWindow
from studio.ui.pages.stories import StoriesPage
from studio.ui.settings import UiSettings
from studio.ui.worker import DatabaseWorker
from studio.workflow import posts, review

WAIT_MS = 30_000  # generous: a loaded 2-core CI machine is slow, and a pass is never slower
PASSWORDS = {ADMIN: ADMIN_PW, AUTHOR: AUTHOR_PW, COMPLIANCE: COMPLIANCE_PW}


class UiHarness:
    """Opens windows on libraries and closes everything again at the end of the test."""

    def __init__(self, qtbot: QtBot, tmp_path: Path) -> None:
        self.qtbot = qtbot
        self.settings = UiSettings.at(tmp_path / "ui.ini")
        self.worker = DatabaseWorker()
        self._open: list[tuple[MainWindow, Library]] = []

    def window(self, path: Path, user: str, *, read_only: bool = False) -> MainWindow:
        return self.window_on(open_library(path, user, password=PASSWORDS[user],
                                           read_only=read_only))

    def window_on(self, lib: Library) -> MainWindow:
        """A main window on ``lib`` (opened by the test); closed with the others."""
        ctx = UiContext(lib, self.worker, self.settings)
        window = MainWindow(ctx)
        self.qtbot.addWidget(window)
        window.resize(1280, 800)
        window.show()
        self._open.append((window, lib))
        return window

    def close(self, window: MainWindow) -> None:
        """Close one window and its library, as signing out does (one writer at a time)."""
        for pair in list(self._open):
            if pair[0] is window:
                window.leave()
                self.worker.wait()
                QApplication.processEvents()
                pair[1].close()
                self._open.remove(pair)

    def close_all(self) -> None:
        for window, _lib in self._open:
            window.leave()
        self.worker.wait()
        QApplication.processEvents()  # deliver (and drop) the last answers
        for _window, lib in self._open:
            lib.close()
        self._open.clear()
        self.worker.stop()

    def idle(self) -> None:
        """Let every queued worker job finish and deliver its answer."""
        self.worker.wait()
        QApplication.processEvents()
        self.worker.wait()
        QApplication.processEvents()


@contextmanager
def ui_thread_statements(lib: Library) -> Iterator[list[str]]:
    """Every SQL statement ``lib``'s real engine runs on the UI thread while this is open.

    The UI must read and write only through the database worker (UiContext.query/op), so a
    test drives its screens inside this and expects the list to stay empty. Statements the
    test itself runs on the UI thread count too: read through the worker or after the block.
    """
    ui_thread = threading.current_thread()
    seen: list[str] = []

    def check(_conn: object, _cursor: object, statement: str, *_rest: object) -> None:
        if threading.current_thread() is ui_thread:
            caller = next((f"{f.filename.rsplit('/studio/', 1)[-1]}:{f.lineno} {f.name}"
                           for f in reversed(traceback.extract_stack())
                           if "/studio/ui/" in f.filename), "?")
            seen.append(f"{caller}: {statement.split(chr(10))[0][:80]}")

    event.listen(lib.engine, "before_cursor_execute", check)
    try:
        yield seen
    finally:
        event.remove(lib.engine, "before_cursor_execute", check)


def signed_in(qtbot: QtBot, studio: StudioApp, password: str = AUTHOR_PW, *,
              start: bool = True) -> MainWindow:
    """Sign in through the app's own dialog (no remembered key) and wait for the window;
    ``start=False`` types into the dialog already shown (after a lock)."""
    if start:
        studio.start(auto=False)
    dialog = studio.dialog
    assert dialog is not None
    qtbot.keyClicks(dialog.password_edit, password)
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: studio.window is not None and studio.window.isVisible(),
                    timeout=WAIT_MS)
    assert studio.window is not None
    return studio.window


def stories_page(window: MainWindow) -> StoriesPage:
    """The window's Stories screen."""
    page = window.page("stories")
    assert isinstance(page, StoriesPage)
    return page


def message_boxes(parent: QWidget) -> list[QMessageBox]:
    return [b for b in parent.findChildren(QMessageBox) if b.isVisible()]


def close_library(lib: Library) -> Path:
    """Close a library the fixtures opened (one writer at a time); return its folder."""
    path = lib.layout.root
    lib.close()
    return path


def event_loop_runs() -> bool:
    """Whether a nested event loop still runs on this thread.

    ``QApplication.exit()`` (or ``quit()``) called while no ``app.exec()`` runs leaves Qt's
    quit-now flag set, and from then on every ``QEventLoop.exec()`` returns -1 at once. That
    means every ``qtbot.wait`` and ``waitUntil``, so a waiting test spins without processing
    one event: worker answers and timers seem to stop while ``processEvents()`` still delivers
    them. A guard timer left armed by one test caused exactly this in a long run.
    """
    loop = QEventLoop()
    QTimer.singleShot(0, loop.quit)
    return loop.exec() == 0


def clear_exit_request(app: QApplication) -> None:
    """Clear a pending exit request: ``app.exec()`` resets the quit-now flag on entry."""
    QTimer.singleShot(0, app.quit)
    app.exec()


@contextmanager
def call_after(ms: int, fn: Callable[[], None]) -> Iterator[QTimer]:
    """``fn()`` once after ``ms`` if the block is still running then, never after it ends.

    For the timers a test of ``app.exec()`` arms (close the window, exit if it hangs): a bare
    ``QTimer.singleShot`` outlives the test and fires in a later one; an exit fired there sets
    Qt's quit-now flag and ends that test's event loops (see event_loop_runs).
    """
    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(fn)
    timer.start(ms)
    try:
        yield timer
    finally:
        timer.stop()


@pytest.fixture(autouse=True)
def event_loop_left_running() -> Iterator[None]:
    """Fail the test during which an exit was asked outside ``app.exec()``, and clear it, so
    the tests after it do not time out one by one (see event_loop_runs)."""
    yield
    app = QApplication.instance()
    if isinstance(app, QApplication) and not event_loop_runs():
        clear_exit_request(app)
        pytest.fail("QApplication.exit() or quit() was called while no app.exec() ran: every "
                    "later qtbot.wait/waitUntil would return at once without processing events")


@pytest.fixture
def harness(qtbot: QtBot, tmp_path: Path) -> Iterator[UiHarness]:
    """Windows on real libraries, all closed again when the test ends."""
    h = UiHarness(qtbot, tmp_path)
    yield h
    h.close_all()


@pytest.fixture
def queued(author_lib: Library) -> Path:
    """P-1 in review at its second revision, after the officer asked for changes."""
    subject, story = subject_and_story(author_lib)
    consent(author_lib, subject)
    post = draft(author_lib, story, text="Rosa is walking again. Thank you team!")
    review.submit_post(author_lib, post)
    path = author_lib.layout.root
    author_lib.close()
    with open_library(path, COMPLIANCE, password=PASSWORDS[COMPLIANCE]) as officer:
        review.request_changes(officer, post, "Thank the team by its name.")
    with open_library(path, AUTHOR, password=PASSWORDS[AUTHOR]) as author:
        posts.edit_post(author, post, text="Rosa is dancing again. Thank you to our physical "
                                           "therapy team!")
        review.submit_post(author, post)
    return path
