"""Set password… on the Users screen: an administrator gives an account a new password."""

from __future__ import annotations

from pathlib import Path

import pytest
import shiboken6
from legacy_slots import make_format1_slots
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from ui_fixtures import WAIT_MS, UiHarness, close_library, message_boxes

from conftest import ADMIN, ADMIN_PW, AUTHOR, AUTHOR_PW, COMPLIANCE, COMPLIANCE_PW
from studio.errors import AuthError
from studio.library.library import Library, open_library
from studio.ui.main_window import MainWindow
from studio.ui.pages.user_dialogs import SetPasswordDialog
from studio.ui.pages.users import UsersPage
from studio.workflow.audit_log import list_events

NEW_PW = "alex's second password"


def users_page(qtbot: QtBot, window: MainWindow) -> UsersPage:
    page = window.show_page("users")
    assert isinstance(page, UsersPage)
    qtbot.waitUntil(lambda: page.model.rowCount() == 3, timeout=WAIT_MS)
    return page


def select(page: UsersPage, username: str) -> None:
    page.table.selectRow([r.username for r in page.rows].index(username))


def open_dialog(qtbot: QtBot, page: UsersPage) -> SetPasswordDialog:
    assert page.password_button.isVisible() and page.password_button.isEnabled()
    qtbot.mouseClick(page.password_button, Qt.MouseButton.LeftButton)
    dialogs = [d for d in page.findChildren(SetPasswordDialog) if d.isVisible()]
    assert len(dialogs) == 1
    return dialogs[0]


def type_twice(qtbot: QtBot, dialog: SetPasswordDialog, first: str, second: str) -> None:
    dialog.pair.password.clear()
    dialog.pair.again.clear()
    qtbot.keyClicks(dialog.pair.password, first)
    qtbot.keyClicks(dialog.pair.again, second)
    qtbot.mouseClick(dialog.set_button, Qt.MouseButton.LeftButton)


def closed(dialog: SetPasswordDialog) -> bool:
    return not shiboken6.isValid(dialog) or not dialog.isVisible()


def test_the_new_password_opens_the_library_and_the_old_one_no_longer_does(
        qtbot: QtBot, harness: UiHarness, library_path: Path) -> None:
    window = harness.window(library_path, ADMIN)
    page = users_page(qtbot, window)
    assert not page.password_button.isEnabled()
    assert page.password_button.toolTip() == "Select a user first"
    select(page, AUTHOR)
    dialog = open_dialog(qtbot, page)
    assert dialog.windowTitle() == "Set a password for alex"
    keys = (library_path / "keys.json").read_bytes()

    type_twice(qtbot, dialog, NEW_PW, NEW_PW + "x")          # a typo in the second field
    assert dialog.error_label.text() == "The two passwords differ; type them again."
    assert dialog.pair.password.text() == "" and dialog.isVisible()
    type_twice(qtbot, dialog, "short", "short")               # the library's strength rule
    qtbot.waitUntil(lambda: "at least" in dialog.error_label.text(), timeout=WAIT_MS)
    assert dialog.error_label.text().startswith("The password must be at least")
    assert dialog.isVisible() and dialog.set_button.isEnabled()
    assert dialog.pair.password.text() == ""
    type_twice(qtbot, dialog, " padded password ", " padded password ")
    qtbot.waitUntil(lambda: "spaces" in dialog.error_label.text(), timeout=WAIT_MS)
    assert (library_path / "keys.json").read_bytes() == keys   # nothing changed so far
    assert not any(e.action == "user.set_password" for e in list_events(window.ctx.lib))

    type_twice(qtbot, dialog, NEW_PW, NEW_PW)
    qtbot.waitUntil(lambda: closed(dialog), timeout=WAIT_MS)
    assert "New password set for alex; their old one no longer opens the library." \
        in window.status_text()
    event = list_events(window.ctx.lib, limit=1)[0]
    assert (event.action, event.entity, event.actor) == ("user.set_password", "user:alex", ADMIN)
    with open_library(library_path, AUTHOR, password=NEW_PW, read_only=True) as lib:
        assert lib.actor.username == AUTHOR
    with pytest.raises(AuthError):
        open_library(library_path, AUTHOR, password=AUTHOR_PW, read_only=True)


def test_a_disabled_account_gets_no_password_and_the_workflow_says_why(
        qtbot: QtBot, harness: UiHarness, admin_lib: Library) -> None:
    from studio.workflow.users import disable_user

    disable_user(admin_lib, COMPLIANCE)
    window = harness.window(close_library(admin_lib), ADMIN)
    page = users_page(qtbot, window)
    select(page, COMPLIANCE)
    assert not page.password_button.isEnabled()
    assert page.password_button.toolTip() == \
        "User 'casey' is disabled; a disabled account gets no password"
    select(page, AUTHOR)
    assert page.password_button.isEnabled()


def test_someone_who_may_not_manage_users_has_no_such_button(
        qtbot: QtBot, harness: UiHarness, library_path: Path) -> None:
    window = harness.window(library_path, AUTHOR)
    assert "users" not in window.visible_keys
    with pytest.raises(KeyError):
        window.page("users")
    page = UsersPage(window.ctx)            # even built directly, it offers nothing
    qtbot.addWidget(page)
    page.show()
    assert page.password_button.isHidden()
    assert page.password_button.toolTip() == \
        "User manage needs the admin role, which alex lacks"


def test_after_a_disable_the_users_needing_a_password_are_offered_the_dialog(
        qtbot: QtBot, harness: UiHarness, admin_lib: Library) -> None:
    key = admin_lib.raw_key
    path = close_library(admin_lib)
    make_format1_slots(path, key, {ADMIN: ADMIN_PW, AUTHOR: AUTHOR_PW,
                                   COMPLIANCE: COMPLIANCE_PW})
    window = harness.window(path, ADMIN)   # signing in with the password upgrades dana's slot
    page = users_page(qtbot, window)
    select(page, AUTHOR)
    qtbot.mouseClick(page.disable_button, Qt.MouseButton.LeftButton)
    box = next(b for b in message_boxes(page) if b.windowTitle() == "Disable alex")
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any(b.windowTitle() == "Disabled alex" for b in message_boxes(page)),
                    timeout=WAIT_MS)
    done = next(b for b in message_boxes(page) if b.windowTitle() == "Disabled alex")
    assert "give each a new password with Set password… on this screen: casey." \
        in done.informativeText()
    assert "studio user" not in done.informativeText()       # no command line in a window
    offer = done.button(QMessageBox.StandardButton.Yes)
    assert offer.text() == "Set new passwords…"
    qtbot.mouseClick(offer, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any(d.isVisible() for d in page.findChildren(SetPasswordDialog)),
                    timeout=WAIT_MS)
    dialog = next(d for d in page.findChildren(SetPasswordDialog) if d.isVisible())
    assert dialog.username == COMPLIANCE
    type_twice(qtbot, dialog, "casey's brand new password", "casey's brand new password")
    qtbot.waitUntil(lambda: closed(dialog), timeout=WAIT_MS)
    assert not [d for d in page.findChildren(SetPasswordDialog) if d.isVisible()]  # one only
    with open_library(path, COMPLIANCE, password="casey's brand new password",
                      read_only=True) as lib:
        assert lib.actor.username == COMPLIANCE
