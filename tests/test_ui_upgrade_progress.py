"""Signing in to an older library: the real sign-in dialog shows the backup and the upgrade
in a progress dialog, and the library opens upgraded."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from factories import png
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from test_migrations import _library_at, _revision
from ui_fixtures import WAIT_MS, UiHarness

from conftest import AUTHOR, AUTHOR_PW
from studio.library import migrate
from studio.library.library import open_library
from studio.ui.sign_in import SignInDialog
from studio.ui.upgrade_progress import UpgradeProgressDialog
from studio.ui.worker import DatabaseWorker
from studio.workflow import media, stories
from studio.workflow.audit_log import list_events


def _signed_in(qtbot: QtBot, path: Path, worker: DatabaseWorker) -> SignInDialog:
    """Sign in as the author through the real dialog; return it once it accepted."""
    dialog = SignInDialog(path, worker, user=AUTHOR, auto=False)
    qtbot.addWidget(dialog)
    dialog.show()
    worker.wait()
    qtbot.keyClicks(dialog.password_edit, AUTHOR_PW)
    with qtbot.waitSignal(dialog.accepted, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    return dialog


@pytest.fixture
def old_library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A library last used by a release at migration 0001, with a few real pictures."""
    path = _library_at("0001", tmp_path, monkeypatch)
    with monkeypatch.context() as old_release:   # add them as that release would
        scripts = tmp_path / "migrations-0001"
        old_release.setattr(migrate, "MIGRATIONS", scripts)
        old_release.setattr(migrate, "REVISIONS", ("0001",))
        old_release.setattr(migrate, "HEAD", "0001")
        with open_library(path, AUTHOR, password=AUTHOR_PW) as lib:
            story = stories.list_stories(lib)[0].display_id
            for colour in ("white", "red", "blue"):
                media.import_media(lib, story, png(colour), name=f"{colour}.png",
                                   alt_text=f"A {colour} square", depicts=[])
    return path


def test_signing_in_shows_the_backup_and_the_upgrade_then_opens_upgraded(
        qtbot: QtBot, old_library: Path, harness: UiHarness) -> None:
    dialog = _signed_in(qtbot, old_library, harness.worker)
    watch = dialog.upgrade_watch
    assert watch is not None and watch.dialog is not None     # the progress dialog appeared
    backup = [h for h in watch.history if h[0] == "backup"]
    upgrade = [h for h in watch.history if h[0] == "upgrade"]
    assert backup and upgrade and watch.history.index(backup[-1]) < watch.history.index(
        upgrade[0])
    values = [value for _phase, value, _max, _label, _c in backup]
    assert values == sorted(values) and len(set(values)) > 2  # it moved, never back
    assert backup[-1][1] == backup[-1][2]                      # and finished
    first = backup[1][3]
    match = re.match(r"Backing up the library before upgrading… ([\d.]+) of ([\d.]+) MB", first)
    assert match and float(match[2]) > 0
    assert any(h[3].startswith("Checking the backup before upgrading…") for h in backup)
    assert all(cancellable for *_rest, cancellable in backup)   # Cancel only here
    assert upgrade[-1][1:3] == (2, 2)                            # 0002 and 0003
    assert "Upgrading… step 2 of 2" in upgrade[-1][3]
    assert "cannot be cancelled" in upgrade[-1][3] and not upgrade[-1][4]
    qtbot.waitUntil(lambda: not watch.dialog.isVisible(), timeout=WAIT_MS)  # type: ignore[union-attr]

    lib = dialog.library
    assert lib is not None
    try:
        assert _revision(lib) == migrate.HEAD
        event = list_events(lib, limit=1)[0]
        assert event.action == "library.migrate"
        assert json.loads(event.details)["from"] == "0001"
    finally:
        lib.close()
    backups = list((old_library / "backups").iterdir())
    assert len(backups) == 1 and backups[0].name.startswith("before-migration-0001-")


def test_an_up_to_date_library_shows_no_progress_dialog(
        qtbot: QtBot, library_path: Path, harness: UiHarness) -> None:
    dialog = _signed_in(qtbot, library_path, harness.worker)
    assert dialog.upgrade_watch is not None and dialog.upgrade_watch.dialog is None
    assert dialog.library is not None
    dialog.library.close()


def test_escape_cancels_during_the_backup_only(qtbot: QtBot) -> None:
    progress = UpgradeProgressDialog(None)  # type: ignore[arg-type]
    qtbot.addWidget(progress)
    progress.show_report("backup", 1 << 20, 4 << 20)
    progress.show()
    assert "1.0 of 2.0 MB" in progress.labelText()
    with qtbot.waitSignal(progress.canceled, timeout=WAIT_MS):
        qtbot.keyClick(progress, Qt.Key.Key_Escape)
    progress.show_report("upgrade", 1, 2)                 # the backup had just finished
    assert progress.isVisible() and "Too late to cancel" in progress.labelText()
    qtbot.keyClick(progress, Qt.Key.Key_Escape)
    progress.close()
    assert progress.isVisible() and not progress.cancellable
    progress.finished_upgrade()
    assert not progress.isVisible()
