"""The Audit, Users and Media screens through their widgets."""

from __future__ import annotations

from pathlib import Path

import pytest
import shiboken6
from factories import photo, subject_and_story
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from ui_fixtures import WAIT_MS, UiHarness, close_library, message_boxes

from conftest import ADMIN, AUTHOR, COMPLIANCE, COMPLIANCE_PW
from studio.errors import AuthError
from studio.library.library import Library, open_library
from studio.ui.main_window import MainWindow
from studio.ui.pages.audit import AuditPage
from studio.ui.pages.media import MediaPage
from studio.ui.pages.users import UsersPage


@pytest.fixture
def path(author_lib: Library) -> Path:
    _subject, story = subject_and_story(author_lib)
    photo(author_lib, story, [])
    return close_library(author_lib)


def _page(window: MainWindow, key: str) -> object:
    return window.show_page(key)


def test_audit_filters_and_verify(qtbot: QtBot, harness: UiHarness, path: Path) -> None:
    window = harness.window(path, AUTHOR)
    page = _page(window, "audit")
    assert isinstance(page, AuditPage)
    qtbot.waitUntil(lambda: {"library.create", "story.add", "media.add"}
                    <= {r.action for r in page.model.rows}, timeout=WAIT_MS)  # on the worker
    assert "events" in window.status_text()
    qtbot.keyClicks(page.entity, "s-1")
    qtbot.waitUntil(lambda: {r.entity for r in page.model.rows} == {"S-1"}, timeout=WAIT_MS)
    assert [r.action for r in page.model.rows] == ["story.add"]
    page.entity.clear()
    qtbot.keyClicks(page.action, "user")
    qtbot.waitUntil(lambda: bool(page.model.rows)
                    and all(r.action.startswith("user") for r in page.model.rows),
                    timeout=WAIT_MS)
    qtbot.mouseClick(page.verify_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.result.text().startswith("✓"), timeout=WAIT_MS)
    assert "The library is intact" in page.result.text()
    assert "1 stored files checked" in page.result.text()


def test_admin_adds_and_disables_a_user(qtbot: QtBot, harness: UiHarness, path: Path) -> None:
    window = harness.window(path, ADMIN)
    page = _page(window, "users")
    assert isinstance(page, UsersPage)
    qtbot.waitUntil(lambda: page.model.rowCount() == 3, timeout=WAIT_MS)
    dialog = page.add_user()
    qtbot.keyClicks(dialog.username, "sam")
    qtbot.keyClicks(dialog.display_name, "Sam Rivera")
    qtbot.mouseClick(dialog.roles["author"], Qt.MouseButton.LeftButton,
                     pos=QPoint(8, dialog.roles["author"].height() // 2))
    qtbot.keyClicks(dialog.password, "sam-first-password")
    qtbot.keyClicks(dialog.again, "sam-first-pasword")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert dialog.error_label.text() == "The two passwords differ; type them again."
    assert dialog.password.text() == "" and dialog.isVisible()
    qtbot.keyClicks(dialog.password, "short")
    qtbot.keyClicks(dialog.again, "short")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "at least" in dialog.error_label.text(), timeout=WAIT_MS)
    dialog.password.clear()
    dialog.again.clear()
    qtbot.keyClicks(dialog.password, "sam-first-password")
    qtbot.keyClicks(dialog.again, "sam-first-password")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog) or not dialog.isVisible(),
                    timeout=WAIT_MS)
    qtbot.waitUntil(lambda: page.model.rowCount() == 4, timeout=WAIT_MS)
    names = [page.model.item(i, 0).text() for i in range(4)]
    row = names.index("sam")
    assert page.model.item(row, 2).text() == "author"
    open_library(path, "sam", password="sam-first-password", read_only=True).close()
    page.table.selectRow(row)
    statuses: list[str] = []
    page.status_changed.connect(statuses.append)
    qtbot.mouseClick(page.disable_button, Qt.MouseButton.LeftButton)
    box = next(b for b in message_boxes(page) if b.windowTitle() == "Disable sam")
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.model.item(row, 3).text() == "Disabled", timeout=WAIT_MS)
    qtbot.waitUntil(lambda: any(b.windowTitle() == "Disabled sam" for b in message_boxes(page)),
                    timeout=WAIT_MS)
    done = next(b for b in message_boxes(page) if b.windowTitle() == "Disabled sam")
    assert "new key" in done.text()
    assert "Disabling sam and giving the library a new key…" in statuses
    with pytest.raises(AuthError):  # the re-keyed library has no slot for sam
        open_library(path, "sam", password="sam-first-password", read_only=True)
    open_library(path, COMPLIANCE, password=COMPLIANCE_PW, read_only=True).close()
    page.disable(ADMIN)  # the workflow refuses: your own account
    qtbot.waitUntil(lambda: any("own account" in b.text() for b in message_boxes(page)),
                    timeout=WAIT_MS)


def test_media_screen_lists_and_previews(qtbot: QtBot, harness: UiHarness, path: Path) -> None:
    window = harness.window(path, AUTHOR, read_only=True)
    window.open_item("M-1")
    page = window.page("media")
    assert isinstance(page, MediaPage)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=WAIT_MS)
    assert page.model.item(0, 1).text() == "S-1"
    qtbot.waitUntil(lambda: not page.preview.pixmap().isNull(), timeout=WAIT_MS)
    assert page.caption.text() == "A woman smiling in a park"
