"""The desktop app never shows a traceback: a missing library and a bug both end in words."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QStandardPaths, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from studio.errors import BadInput
from studio.ui import launch as ui_app
from studio.ui.errors import install_excepthook
from studio.ui.welcome import WelcomeWindow


def test_a_missing_library_opens_the_welcome_window_not_a_traceback(
        qapp: QApplication, tmp_path: Path) -> None:
    """No library at the path: the welcome window says so and offers to create one (no
    terminal needed); closing it ends the app cleanly."""
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

    QTimer.singleShot(300, look_then_close)
    QTimer.singleShot(20_000, lambda: qapp.exit(99))  # never hang the suite
    hook = sys.excepthook
    try:
        code = ui_app.run_app(argparse.Namespace(library=str(missing), user=None, debug=False))
    finally:
        QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, config_home)
    assert code == 0 and len(seen) == 1
    title, note, create = seen[0]
    assert title.startswith("Welcome") and str(missing) in note
    assert "studio init" not in note and "Create a new library" in create
    assert sys.excepthook is hook
    assert not missing.exists()


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
