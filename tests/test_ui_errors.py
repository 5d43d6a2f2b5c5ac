"""The desktop app never shows a traceback: a missing library and a bug both end in words."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from studio.errors import BadInput
from studio.ui import app as ui_app
from studio.ui.app import library_problem
from studio.ui.errors import install_excepthook


def test_a_missing_library_is_explained_not_a_traceback(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    missing = tmp_path / "Nowhere.studio"
    message, how = library_problem(missing) or ("", "")
    assert str(missing) in message and "studio init" in how and "studio demo" in how
    shown: list[str] = []

    def fake_exec(box: QMessageBox) -> int:
        shown.append(box.text())
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    hook = sys.excepthook
    code = ui_app.run_app(argparse.Namespace(library=str(missing), user=None, debug=False))
    assert code == 1 and shown == [message]
    assert sys.excepthook is hook


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
