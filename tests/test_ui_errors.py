"""The desktop app never shows a traceback: a missing library and a bug both end in words."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.exceptions import TimeoutError as WaitTimedOut
from pytestqt.qtbot import QtBot
from ui_fixtures import WAIT_MS, call_after, clear_exit_request, event_loop_runs

from studio.errors import BadInput
from studio.ui import launch as ui_app
from studio.ui.errors import install_excepthook
from studio.ui.welcome import WelcomeWindow
from studio.ui.worker import DatabaseWorker


def _run_on_missing_library(qapp: QApplication, tmp_path: Path, *, look_ms: int,
                            give_up_ms: int) -> tuple[int, list[tuple[str, str, str]]]:
    """run_app on a folder with no library; after ``look_ms`` note the welcome window and
    close it (closing it is quitting); exit 99 after ``give_up_ms`` if that never ends it."""
    config_home = QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.GenericConfigLocation)
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path))
    missing = tmp_path / "Nowhere.studio"
    seen: list[tuple[str, str, str]] = []

    def look_then_close() -> None:
        for window in [w for w in qapp.topLevelWidgets() if w.isVisible()]:
            if isinstance(window, WelcomeWindow):
                seen.append((window.windowTitle(), window.note_label.text(),
                             window.create_button.accessibleName()))
            window.close()  # closing the welcome window is quitting

    try:
        with call_after(look_ms, look_then_close), \
                call_after(give_up_ms, lambda: qapp.exit(99)):  # never hang the suite
            code = ui_app.run_app(argparse.Namespace(library=str(missing), user=None,
                                                     debug=False))
    finally:
        QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, config_home)
    assert not missing.exists()
    return code, seen


def test_a_missing_library_opens_the_welcome_window_not_a_traceback(
        qapp: QApplication, tmp_path: Path) -> None:
    """No library at the path: the welcome window says so and offers to create one (no
    terminal needed); closing it ends the app cleanly."""
    hook = sys.excepthook
    code, seen = _run_on_missing_library(qapp, tmp_path, look_ms=300, give_up_ms=20_000)
    assert code == 0 and len(seen) == 1
    title, note, create = seen[0]
    assert title.startswith("Welcome") and str(tmp_path / "Nowhere.studio") in note
    assert "studio init" not in note and "Create a new library" in create
    assert sys.excepthook is hook


def test_the_hang_guard_of_a_finished_app_run_never_fires_later(
        qapp: QApplication, qtbot: QtBot, tmp_path: Path) -> None:
    """The guard that ends a hung run_app must die with the run. It used to be a bare
    QTimer.singleShot that fired 20 s later inside another test: QApplication.exit() with no
    app.exec() running ends every later QEventLoop at once, so in one long pytest process the
    desktop tests after it timed out waiting for worker answers that had arrived long before."""
    code, seen = _run_on_missing_library(qapp, tmp_path, look_ms=50, give_up_ms=600)
    assert code == 0 and len(seen) == 1
    qtbot.wait(900)  # past the guard's time
    assert event_loop_runs()


def test_an_exit_outside_the_app_loop_stops_answers_reaching_a_waiting_test(
        qapp: QApplication, qtbot: QtBot) -> None:
    """What the stray guard did, in small: after QApplication.exit() outside app.exec(), a
    worker answer sits undelivered while qtbot waits (waitUntil spins without processing an
    event); clearing the exit request lets it through. The harness's autouse check relies on
    event_loop_runs() telling the two states apart."""
    worker = DatabaseWorker()
    answers: list[int] = []
    try:
        assert event_loop_runs()
        qapp.exit(99)
        assert not event_loop_runs()
        worker.submit(lambda: 42, answers.append, lambda exc: None)
        assert worker.wait(5_000)  # the job has run on the worker thread...
        with pytest.raises(WaitTimedOut):  # ...but a waiting test never gets its answer
            qtbot.waitUntil(lambda: answers == [42], timeout=300)
        assert worker.pending() == 1
        clear_exit_request(qapp)
        assert event_loop_runs()
        qtbot.waitUntil(lambda: answers == [42], timeout=WAIT_MS)
    finally:
        if not event_loop_runs():
            clear_exit_request(qapp)
        worker.stop()


def test_uncaught_errors_show_a_short_message_and_log_no_patient_text(
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical",
                        lambda parent, title, text: shown.append(text))
    previous = install_excepthook()
    try:
        try:
            raise ValueError("Marisol Ventaja, born 1961-04-12")
        except ValueError as exc:
            with caplog.at_level(logging.ERROR, logger="studio.ui"):
                sys.excepthook(type(exc), exc, exc.__traceback__)
        sys.excepthook(BadInput, BadInput("title: must not be empty"), None)
    finally:
        sys.excepthook = previous
    assert len(shown) == 2
    assert "ValueError" in shown[0] and "Marisol" not in shown[0]
    assert "ValueError" in caplog.text and "Marisol" not in caplog.text
    assert shown[1] == "Title: must not be empty."


def test_messages_lose_the_command_line_hints_but_keep_the_rule() -> None:
    from studio.errors import RuleRefused
    from studio.ui.errors import user_message

    minor = RuleRefused("consent.minor: PT-5 was 13 on 2026-01-02; a parent or guardian must "
                        "sign (--signed-by NAME --authority TEXT)")
    assert user_message(minor) == ("consent.minor: PT-5 was 13 on 2026-01-02; a parent or "
                                   "guardian must sign.")
    expiry = RuleRefused("consent.expiry: an authorization needs an expiry date or an expiry "
                         "event (45 CFR 164.508(c)(1)(v)); give --expires")
    shown = user_message(expiry)
    assert shown.endswith("(45 CFR 164.508(c)(1)(v)).") and "--" not in shown


def test_a_full_disk_is_named_as_one_not_as_damage_or_a_bug(tmp_path: Path) -> None:
    """What the app shows when an export, a backup or the library itself cannot be written."""
    import errno

    import sqlcipher3
    from sqlalchemy.exc import OperationalError

    from studio.ui.errors import user_message

    file_error = OSError(errno.ENOSPC, "No space left on device",
                         str(tmp_path / ".plan.ics.0123456789ab.part"))
    shown = user_message(file_error)
    assert shown.startswith("The disk is full or a file size limit was reached")
    assert f"writing in {tmp_path}" in shown and ".part" not in shown
    database_error = OperationalError("COMMIT", {}, sqlcipher3.OperationalError(
        "database or disk is full"))
    assert "database or disk is full" in user_message(database_error)
    assert "bug" not in user_message(database_error)
