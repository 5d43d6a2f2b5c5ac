"""First run: the welcome window, creating a library from a form, opening one, recent libraries,
switching library from the menu, and the guided tour. Real widgets offscreen, real libraries.

The system folder dialog is the one thing replaced (QFileDialog's static method returns a
tmp_path folder): it is Qt's, and offscreen it cannot be clicked.
"""

from __future__ import annotations

import argparse
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from conftest import ADMIN, ADMIN_PW, AUTHOR, AUTHOR_PW, COMPLIANCE, COMPLIANCE_PW
from studio import __version__
from studio.library.keyslots import MINIMUM_KDF
from studio.library.library import open_library
from studio.ui import launch as ui_app
from studio.ui.app import StudioApp
from studio.ui.create_library import CreateLibraryDialog
from studio.ui.main_window import MainWindow
from studio.ui.settings import UiSettings
from studio.ui.sign_in import SignInDialog
from studio.ui.welcome import WelcomeWindow
from studio.ui.worker import DatabaseWorker
from studio.workflow.settings import get_setting

WAIT_MS = 15_000
NEW_PW = "a long admin password"


@pytest.fixture
def settings(tmp_path: Path) -> UiSettings:
    return UiSettings.at(tmp_path / "ui.ini")


@pytest.fixture
def make_studio(qtbot: QtBot, settings: UiSettings) -> Iterator[type[StudioApp]]:
    made: list[StudioApp] = []

    def make(path: Path | None, user: str = "") -> StudioApp:
        app = StudioApp(path, settings, user=user, kdf=MINIMUM_KDF)
        made.append(app)
        return app

    yield make  # type: ignore[misc]
    for app in made:
        app.quit()


def _choose_folder(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getExistingDirectory",
                        staticmethod(lambda *args, **kwargs: str(folder)))


def _type(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    edit.clear()
    qtbot.keyClicks(edit, text)


def _fill(qtbot: QtBot, dialog: CreateLibraryDialog, location: Path, *, name: str = "Team",
          organization: str = "Lakeside Community Hospital", repeat: str = NEW_PW) -> None:
    _type(qtbot, dialog.location_edit, str(location))
    _type(qtbot, dialog.name_edit, name)
    _type(qtbot, dialog.organization_edit, organization)
    _type(qtbot, dialog.privacy_edit, "Privacy Office, 100 Lake Street")
    dialog.timezone_box.setCurrentText("America/New_York")
    _type(qtbot, dialog.admin_edit, "robin")
    _type(qtbot, dialog.display_edit, "Robin Ortega")
    _type(qtbot, dialog.password_edit, NEW_PW)
    _type(qtbot, dialog.repeat_edit, repeat)


def _message_boxes(parent: QWidget) -> list[QMessageBox]:
    return [b for b in parent.findChildren(QMessageBox) if b.isVisible()]


def _main_window(qtbot: QtBot, studio: StudioApp) -> MainWindow:
    qtbot.waitUntil(lambda: studio.window is not None and studio.window.isVisible(),
                    timeout=WAIT_MS)
    assert studio.window is not None
    return studio.window


def _sign_in(qtbot: QtBot, studio: StudioApp, user: str, password: str) -> MainWindow:
    qtbot.waitUntil(lambda: studio.dialog is not None and studio.dialog.isVisible()
                    and studio.dialog.password_edit.isEnabled(), timeout=WAIT_MS)
    dialog = studio.dialog
    assert isinstance(dialog, SignInDialog)
    _type(qtbot, dialog.user_edit, user)
    qtbot.keyClicks(dialog.password_edit, password)
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    return _main_window(qtbot, studio)


def _new_library_from_the_menu(qtbot: QtBot, studio: StudioApp, settings: UiSettings,
                               location: Path
                               ) -> tuple[StudioApp, MainWindow, CreateLibraryDialog]:
    """Signed in as the author, Library ▸ New library… open and filled in (not yet sent)."""
    settings.mark_tour_seen(AUTHOR)
    studio.start(auto=False)
    window = _sign_in(qtbot, studio, AUTHOR, AUTHOR_PW)
    window.new_library_action.trigger()
    dialog = next(d for d in window.findChildren(CreateLibraryDialog) if d.isVisible())
    _fill(qtbot, dialog, location)
    return studio, window, dialog


def _end_tour(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: window.tour is not None, timeout=WAIT_MS)
    assert window.tour is not None
    qtbot.keyClick(window.tour, Qt.Key.Key_Escape)
    assert window.tour is None


def test_without_a_library_the_welcome_window_offers_create_and_open(
        qtbot: QtBot, tmp_path: Path, make_studio: type[StudioApp]) -> None:
    missing = tmp_path / "Nowhere.studio"
    studio = make_studio(missing)
    studio.start()
    welcome = studio.welcome
    assert isinstance(welcome, WelcomeWindow) and welcome.isVisible()
    assert studio.dialog is None and studio.window is None
    assert str(missing) in welcome.note_label.text()
    assert "studio init" not in welcome.note_label.text()
    assert welcome.create_button.isVisible() and welcome.open_button.isVisible()
    assert "Create a new library" in welcome.create_button.accessibleName()
    assert "Open an existing library" in welcome.open_button.accessibleName()
    assert welcome.recent_list.count() == 0 and welcome.empty_label.isVisibleTo(welcome)
    assert not missing.exists()


def test_create_a_library_through_the_dialog_then_sign_in_to_it(
        qtbot: QtBot, tmp_path: Path, make_studio: type[StudioApp],
        settings: UiSettings) -> None:
    studio = make_studio(tmp_path / "Nowhere.studio")
    studio.start()
    assert studio.welcome is not None
    qtbot.mouseClick(studio.welcome.create_button, Qt.MouseButton.LeftButton)
    dialog = studio.welcome.create_dialog
    assert isinstance(dialog, CreateLibraryDialog) and dialog.isVisible()
    assert dialog.name_edit.text() == "Nowhere"  # the missing path given is the suggestion
    assert "at least 12 characters" in dialog.password_hint.text()
    _fill(qtbot, dialog, tmp_path / "libraries")
    assert "long enough" in dialog.password_hint.text()
    assert str(tmp_path / "libraries" / "Team.studio") in dialog.where_label.text()
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert dialog.busy_bar.isVisible() and not dialog.create_button.isEnabled()

    window = _main_window(qtbot, studio)  # signed in as the new administrator
    path = tmp_path / "libraries" / "Team.studio"
    assert studio.library is not None and studio.library.layout.root == path
    assert "Signed in as robin · administrator" in window.status_text()
    assert get_setting(studio.library, "organization") == "Lakeside Community Hospital"
    assert studio.library.timezone.key == "America/New_York"
    assert settings.recent_libraries == [str(path)]
    assert studio.welcome is None
    _end_tour(qtbot, window)

    window.lock_action.trigger()  # and the password chosen in the dialog signs in
    window = _sign_in(qtbot, studio, "robin", NEW_PW)
    assert "Signed in as robin" in window.status_text()


@pytest.mark.parametrize(("change", "words", "focused"), [
    ({"repeat": "another long password"}, "The two passwords differ", "repeat_edit"),
    ({"organization": ""}, "printed on every consent form", "organization_edit"),
])
def test_bad_fields_are_explained_inline_and_nothing_is_created(
        qtbot: QtBot, tmp_path: Path, change: dict[str, str], words: str,
        focused: str) -> None:
    worker = DatabaseWorker()
    try:
        dialog = CreateLibraryDialog(worker, tmp_path / "Library.studio", kdf=MINIMUM_KDF)
        qtbot.addWidget(dialog)
        dialog.show()
        _fill(qtbot, dialog, tmp_path, **change)
        qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.error_text() != "", timeout=WAIT_MS)
        assert words in dialog.error_text()
        assert dialog.isVisible() and dialog.library is None
        assert dialog.focusWidget() is getattr(dialog, focused)
        assert dialog.create_button.isEnabled()
        assert list(tmp_path.iterdir()) == []
    finally:
        worker.stop()


def test_a_folder_that_already_holds_a_library_is_refused_inline(
        qtbot: QtBot, library_path: Path) -> None:
    before = sorted(p.name for p in library_path.iterdir())
    worker = DatabaseWorker()
    try:
        dialog = CreateLibraryDialog(worker, library_path, kdf=MINIMUM_KDF)
        qtbot.addWidget(dialog)
        dialog.show()
        _fill(qtbot, dialog, library_path.parent, name=library_path.stem)
        qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.error_text() != "", timeout=WAIT_MS)
        assert "already holds a library" in dialog.error_text()
        assert str(library_path) in dialog.error_text()
        assert dialog.library is None
    finally:
        worker.stop()
    assert sorted(p.name for p in library_path.iterdir()) == before
    open_library(library_path, ADMIN, password=ADMIN_PW).close()  # its admin still signs in


def test_opening_a_folder_that_is_not_a_library_says_why(
        qtbot: QtBot, tmp_path: Path, make_studio: type[StudioApp],
        monkeypatch: pytest.MonkeyPatch) -> None:
    photos = tmp_path / "Photos"
    photos.mkdir()
    studio = make_studio(tmp_path / "Nowhere.studio")
    studio.start()
    welcome = studio.welcome
    assert welcome is not None
    _choose_folder(monkeypatch, photos)
    qtbot.mouseClick(welcome.open_button, Qt.MouseButton.LeftButton)
    boxes = _message_boxes(welcome)
    assert len(boxes) == 1
    assert str(photos) in boxes[0].text()
    assert "not a Patient Story Studio library" in boxes[0].text()
    assert "library.db and keys.json are missing" in boxes[0].text()
    assert studio.dialog is None and studio.welcome is welcome  # nothing to sign in to


def test_recent_libraries_are_recorded_offered_and_removable(
        qtbot: QtBot, tmp_path: Path, library_path: Path, make_studio: type[StudioApp],
        monkeypatch: pytest.MonkeyPatch, settings: UiSettings) -> None:
    settings.mark_tour_seen(AUTHOR)
    first = make_studio(tmp_path / "Nowhere.studio")
    first.start()
    assert first.welcome is not None
    _choose_folder(monkeypatch, library_path)
    qtbot.mouseClick(first.welcome.open_button, Qt.MouseButton.LeftButton)
    _sign_in(qtbot, first, AUTHOR, AUTHOR_PW)
    first.quit()
    assert settings.recent_libraries == [str(library_path)]

    gone = tmp_path / "Moved.studio"
    settings.recent_libraries = [str(library_path), str(gone)]
    second = make_studio(tmp_path / "Nowhere.studio", user=AUTHOR)
    second.start()
    welcome = second.welcome
    assert welcome is not None
    entries = welcome.recent_entries()
    assert [available for _text, available in entries] == [True, False]
    assert "Library.studio" in entries[0][0]
    assert "not available" in entries[1][0] and "does not exist" in entries[1][0]
    welcome.recent_list.setCurrentRow(1)
    qtbot.mouseClick(welcome.remove_button, Qt.MouseButton.LeftButton)
    assert settings.recent_libraries == [str(library_path)]
    assert welcome.recent_list.count() == 1
    welcome.recent_list.setCurrentRow(0)
    welcome.recent_list.setFocus()
    qtbot.keyClick(welcome.recent_list, Qt.Key.Key_Return)  # opens it: the sign-in dialog
    window = _sign_in(qtbot, second, AUTHOR, AUTHOR_PW)
    assert window.lib.layout.root == library_path


def test_the_tour_shows_on_a_first_sign_in_only_and_can_be_reopened(
        qtbot: QtBot, library_path: Path, make_studio: type[StudioApp],
        settings: UiSettings) -> None:
    studio = make_studio(library_path, user=AUTHOR)
    studio.start(auto=False)
    window = _sign_in(qtbot, studio, AUTHOR, AUTHOR_PW)
    qtbot.waitUntil(lambda: window.tour is not None, timeout=WAIT_MS)
    tour = window.tour
    assert tour is not None and tour.isVisible()
    titles = [s.title for s in tour.steps]
    assert titles[:2] == ["The screens", "Search the whole library"]
    assert {"Stories", "Consent comes first", "Posts and the composer"} <= set(titles)
    assert "Your review queue" not in titles and "Users" not in titles
    assert tour.highlighted() == window.sidebar.geometry().translated(
        window.centralWidget().pos())
    assert not tour.back_button.isEnabled()
    qtbot.mouseClick(tour.next_button, Qt.MouseButton.LeftButton)
    assert tour.current().title == "Search the whole library"
    search = window.search_edit
    assert tour.highlighted().contains(search.mapTo(window, search.rect().center()))
    qtbot.mouseClick(tour.back_button, Qt.MouseButton.LeftButton)
    assert tour.index == 0
    while tour.next_button.text() != "Done":
        qtbot.mouseClick(tour.next_button, Qt.MouseButton.LeftButton)
    assert not tour.skip_button.isVisible()
    qtbot.mouseClick(tour.next_button, Qt.MouseButton.LeftButton)
    assert window.tour is None
    assert settings.tour_seen(AUTHOR) and not settings.tour_seen(COMPLIANCE)

    window.lock_action.trigger()  # the second sign-in of the same person: no tour
    window = _sign_in(qtbot, studio, AUTHOR, AUTHOR_PW)
    QApplication.processEvents()
    assert window.tour is None
    window.tour_action.trigger()  # Help ▸ Guided tour
    assert window.tour is not None and window.tour.isVisible()
    qtbot.keyClick(window.tour, Qt.Key.Key_Escape)
    assert window.tour is None

    window.about_action.trigger()  # Help ▸ About names the version `studio --version` prints
    boxes = _message_boxes(window)
    assert len(boxes) == 1 and boxes[0].text() == f"Patient Story Studio {__version__}"


def test_a_compliance_officer_hears_about_the_review_queue(
        qtbot: QtBot, library_path: Path, make_studio: type[StudioApp]) -> None:
    studio = make_studio(library_path, user=COMPLIANCE)
    studio.start(auto=False)
    window = _sign_in(qtbot, studio, COMPLIANCE, COMPLIANCE_PW)
    qtbot.waitUntil(lambda: window.tour is not None, timeout=WAIT_MS)
    assert window.tour is not None
    titles = [s.title for s in window.tour.steps]
    assert "Your review queue" in titles and "Posts and the composer" not in titles


def test_switching_library_from_the_menu_releases_the_first_ones_lock(
        qtbot: QtBot, tmp_path: Path, library_path: Path, make_studio: type[StudioApp],
        monkeypatch: pytest.MonkeyPatch, settings: UiSettings) -> None:
    other = tmp_path / "Other.studio"
    shutil.copytree(library_path, other)
    settings.mark_tour_seen(AUTHOR)
    studio = make_studio(library_path, user=AUTHOR)
    studio.start(auto=False)
    window = _sign_in(qtbot, studio, AUTHOR, AUTHOR_PW)
    with pytest.raises(Exception, match="open for writing"):
        open_library(library_path, ADMIN, password=ADMIN_PW)  # held by the window

    _choose_folder(monkeypatch, other)
    window.open_library_action.trigger()
    assert studio.window is None and studio.library is None
    open_library(library_path, ADMIN, password=ADMIN_PW).close()  # the lock is free again
    window = _sign_in(qtbot, studio, AUTHOR, AUTHOR_PW)
    assert window.lib.layout.root == other and "Other.studio" in window.windowTitle()
    assert settings.recent_libraries == [str(other), str(library_path)]

    window.recent_menu.aboutToShow.emit()
    items = {a.text(): a.isEnabled() for a in window.recent_menu.actions()}
    assert items == {"Other.studio (open now)": False, "Library.studio": True}
    next(a for a in window.recent_menu.actions() if a.text() == "Library.studio").trigger()
    open_library(other, ADMIN, password=ADMIN_PW).close()
    window = _sign_in(qtbot, studio, AUTHOR, AUTHOR_PW)
    assert window.lib.layout.root == library_path


def test_new_library_from_the_menu_replaces_the_open_one(
        qtbot: QtBot, tmp_path: Path, library_path: Path, make_studio: type[StudioApp],
        settings: UiSettings) -> None:
    studio, window, dialog = _new_library_from_the_menu(
        qtbot, make_studio(library_path, user=AUTHOR), settings, tmp_path / "second")
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: studio.window is not None and studio.window is not window,
                    timeout=WAIT_MS)
    assert studio.library is not None
    assert studio.library.layout.root == tmp_path / "second" / "Team.studio"
    assert studio.library.actor.username == "robin"
    open_library(library_path, ADMIN, password=ADMIN_PW).close()  # the first one is closed


def test_other_library_and_cancel_on_sign_in_lead_back_to_the_welcome_window(
        qtbot: QtBot, tmp_path: Path, library_path: Path, make_studio: type[StudioApp],
        monkeypatch: pytest.MonkeyPatch) -> None:
    studio = make_studio(library_path, user=AUTHOR)
    studio.start(auto=False)
    dialog = studio.dialog
    assert dialog is not None
    qtbot.mouseClick(dialog.other_button, Qt.MouseButton.LeftButton)
    welcome = studio.welcome
    assert welcome is not None and welcome.isVisible() and not dialog.isVisible()
    assert studio.dialog is None
    _choose_folder(monkeypatch, library_path)
    qtbot.mouseClick(welcome.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: studio.dialog is not None and studio.dialog.isVisible(),
                    timeout=WAIT_MS)
    assert studio.dialog is not None
    studio.dialog.reject()  # Cancel: back to choosing, not quitting
    assert studio.welcome is not None and studio.welcome.isVisible()
    finished: list[bool] = []
    studio.finished.connect(lambda: finished.append(True))
    studio.welcome.close()  # closing the welcome window quits
    assert finished == [True]


def test_without_a_path_given_the_last_library_used_is_opened(
        tmp_path: Path, library_path: Path, settings: UiSettings,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("STUDIO_LIBRARY", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))  # platformdirs reads it
    default = tmp_path / "data" / "PatientStoryStudio" / "Library.studio"
    args = argparse.Namespace(library=None, user=None)
    assert ui_app.library_path(args, settings) == default  # nothing used yet
    settings.recent_libraries = [str(tmp_path / "Gone.studio"), str(library_path)]
    assert ui_app.library_path(args, settings) == library_path
    given = argparse.Namespace(library=str(tmp_path / "Asked.studio"), user=None)
    assert ui_app.library_path(given, settings) == tmp_path / "Asked.studio"


def test_locking_while_a_library_is_being_created_leaves_it_closed(
        qtbot: QtBot, tmp_path: Path, library_path: Path, make_studio: type[StudioApp],
        settings: UiSettings) -> None:
    studio, window, dialog = _new_library_from_the_menu(
        qtbot, make_studio(library_path, user=AUTHOR), settings, tmp_path / "third")
    qtbot.keyClick(dialog.repeat_edit, Qt.Key.Key_Return)  # Enter creates
    assert dialog.busy_bar.isVisible()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # ignored while creating
    assert dialog.isVisible()
    window.lock_action.trigger()  # the idle lock could fire now, too
    assert studio.window is None and studio.dialog is not None
    # A real event loop: the window (and the dialog with it) is deleted before the answer.
    qtbot.waitUntil(lambda: studio.worker.pending() == 0, timeout=WAIT_MS)
    qtbot.wait(50)
    created = tmp_path / "third" / "Team.studio"
    assert studio.library is None  # not opened behind the sign-in dialog...
    open_library(created, "robin", password=NEW_PW).close()  # ...and its lock was released


def test_leaving_a_sign_in_that_is_running_closes_what_it_opened(
        qtbot: QtBot, library_path: Path, make_studio: type[StudioApp]) -> None:
    studio = make_studio(library_path, user=AUTHOR)
    studio.start(auto=False)
    dialog = studio.dialog
    assert dialog is not None
    qtbot.keyClicks(dialog.password_edit, AUTHOR_PW)
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.other_button, Qt.MouseButton.LeftButton)  # while it runs
    assert studio.welcome is not None and studio.welcome.isVisible()
    qtbot.waitUntil(lambda: studio.worker.pending() == 0, timeout=WAIT_MS)
    qtbot.wait(50)
    assert studio.window is None and studio.library is None
    open_library(library_path, ADMIN, password=ADMIN_PW).close()  # nothing kept it open


def test_delete_in_the_recent_list_forgets_the_entry_not_the_folder(
        qtbot: QtBot, tmp_path: Path, library_path: Path, make_studio: type[StudioApp],
        settings: UiSettings) -> None:
    settings.recent_libraries = [str(library_path)]
    studio = make_studio(tmp_path / "Nowhere.studio")
    studio.start()
    welcome = studio.welcome
    assert welcome is not None and welcome.recent_list.count() == 1
    welcome.activateWindow()
    qtbot.waitUntil(welcome.isActiveWindow, timeout=WAIT_MS)  # shortcuts need an active window
    welcome.recent_list.setFocus()
    qtbot.keyClick(welcome.recent_list, Qt.Key.Key_Delete)
    assert welcome.recent_list.count() == 0 and settings.recent_libraries == []
    assert (library_path / "library.db").is_file()
