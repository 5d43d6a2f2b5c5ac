"""The main window's frame: screens in the sidebar by role, shortcuts, idle lock, status bar."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from ui_fixtures import WAIT_MS, UiHarness, signed_in

from conftest import ADMIN, AUTHOR, COMPLIANCE
from studio.library.library import Library
from studio.ui.app import StudioApp
from studio.ui.dialogs import show_error
from studio.ui.main_window import MainWindow
from studio.ui.pages.calendar import CalendarPage
from studio.ui.pages.exports import ExportsPage
from studio.ui.settings import UiSettings
from studio.ui.sign_in import SignInDialog


@pytest.fixture
def path(library_path: Path) -> Path:
    return library_path


def _sidebar(window: MainWindow) -> list[str]:
    return [window.sidebar.item(i).text() for i in range(window.sidebar.count())
            if not window.sidebar.item(i).isHidden()]


def test_users_screen_is_only_for_administrators(harness: UiHarness, path: Path) -> None:
    author = harness.window(path, AUTHOR, read_only=True)
    assert _sidebar(author) == ["Stories", "Consents", "Media", "Posts", "Review", "Calendar",
                                "Exports", "Audit"]
    with pytest.raises(KeyError):
        author.page("users")
    author.open_item("user:dana")  # nothing routes there either
    admin = harness.window(path, ADMIN, read_only=True)
    assert _sidebar(admin)[-1] == "Users"


def test_status_bar_names_the_user_and_role(harness: UiHarness, path: Path) -> None:
    window = harness.window(path, COMPLIANCE, read_only=True)
    assert f"Signed in as {COMPLIANCE} · compliance" in window.status_text()
    assert "Read-only" in window.status_text()


def test_ctrl_number_switches_screens(
        qtbot: QtBot, harness: UiHarness, path: Path) -> None:
    window = harness.window(path, AUTHOR, read_only=True)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT_MS)
    qtbot.keyClick(window, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key() == "calendar"
    assert window.sidebar.currentItem().text() == "Calendar"
    qtbot.keyClick(window, Qt.Key.Key_7, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key() == "exports"
    assert isinstance(window.page("calendar"), CalendarPage)
    assert isinstance(window.page("exports"), ExportsPage)
    window.sidebar.setCurrentRow(0)
    assert window.current_key() == "stories"


@pytest.fixture
def studio(qtbot: QtBot, library_path: Path, tmp_path: Path, author_lib: Library
           ) -> Iterator[StudioApp]:
    author_lib.close()
    app = StudioApp(library_path, UiSettings.at(tmp_path / "ui.ini"), user=AUTHOR)
    yield app
    app.quit()


def _visible_windows() -> list[str]:
    return sorted(type(w).__name__ for w in QApplication.topLevelWidgets() if w.isVisible())


def test_idle_minutes_lock_the_session_and_nothing_of_the_library_stays_visible(
        qtbot: QtBot, studio: StudioApp) -> None:
    assert studio.settings.idle_lock_minutes == 10  # the default
    window = signed_in(qtbot, studio)
    assert window.idle.timeout_ms() == 10 * 60_000
    window.show_page("stories").setFocus()
    box = show_error(window, "A question", "Marisol's story")  # a dialog left open
    assert box.isVisible()
    window.idle.set_timeout_ms(30)
    qtbot.waitUntil(lambda: studio.window is None, timeout=WAIT_MS)
    assert studio.library is None
    assert _visible_windows() == ["SignInDialog"]
    assert isinstance(studio.dialog, SignInDialog) and studio.dialog.password_edit.text() == ""


def test_input_postpones_the_idle_lock(qtbot: QtBot, studio: StudioApp) -> None:
    window = signed_in(qtbot, studio)
    window.idle.set_timeout_ms(400)
    for _ in range(6):
        qtbot.wait(100)
        qtbot.keyClick(window.search_edit, Qt.Key.Key_Shift)
    assert studio.window is window  # 600 ms of typing outlived a 400 ms timeout
    qtbot.waitUntil(lambda: studio.window is None, timeout=WAIT_MS)


def test_ctrl_l_locks(qtbot: QtBot, studio: StudioApp) -> None:
    window = signed_in(qtbot, studio)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT_MS)
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert studio.window is None and _visible_windows() == ["SignInDialog"]


def test_idle_minutes_are_a_setting_kept_on_this_computer(
        qtbot: QtBot, harness: UiHarness, path: Path) -> None:
    from studio.ui.idle import ask_idle_minutes

    window = harness.window(path, AUTHOR, read_only=True)
    dialog = ask_idle_minutes(window, harness.settings, window.idle)
    assert dialog.intValue() == 10
    dialog.setIntValue(3)
    dialog.accept()
    assert harness.settings.idle_lock_minutes == 3
    assert window.idle.timeout_ms() == 3 * 60_000
    assert UiSettings(harness.settings._store).idle_lock_minutes == 3
