"""The desktop app driven through its real widgets (offscreen) against real encrypted libraries.

Each test builds its stories with the author fixture, closes that library (one writer at a
time), then lets the UI open it the way a person would: through the sign-in dialog.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.backends.fail
import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from conftest import AUTHOR, AUTHOR_PW, COMPLIANCE, COMPLIANCE_PW, MemoryKeyring
from studio.library.library import Library, open_library
from studio.models import Story, Subject
from studio.ui.app import StudioApp
from studio.ui.context import UiContext
from studio.ui.main_window import MainWindow
from studio.ui.pages.search import SearchPage
from studio.ui.pages.stories import StoriesPage
from studio.ui.pages.story_view import StoryView
from studio.ui.settings import UiSettings
from studio.ui.sign_in import SignInDialog
from studio.ui.story_table import COL_TITLE, StoryTableModel
from studio.ui.worker import DatabaseWorker
from studio.workflow import stories, subjects

TITLES = ("A new knee and a first dance", "Back on the trail after bypass surgery",
          "Twins, a long night and a calm team")
WAIT_MS = 10_000


def _add_stories(lib: Library, fillers: int = 0) -> None:
    """Three stories through the workflow, then ``fillers`` more in one quick transaction."""
    person = subjects.add_subject(lib, "Marisol Ventaja", dob="1961-04-12")
    for title in TITLES:
        stories.add_story(lib, person.display_id, title, f"The story of {title.lower()}.",
                          service_line="Cardiology")
    if not fillers:
        return
    with lib.write() as session:  # add_story commits (and fsyncs) once per story: too slow
        subject_id = session.scalar(select(Subject.id)
                                    .where(Subject.display_id == person.display_id))
        session.add_all(Story(subject_id=subject_id, title=f"Filler story {i}",
                              narrative="Filler text.", created_by_id=lib.actor.id)
                        for i in range(fillers))


@pytest.fixture
def story_path(library_path: Path, author_lib: Library) -> Path:
    """A library with three stories, closed again so the UI can take the writer lock."""
    _add_stories(author_lib)
    author_lib.close()
    return library_path


@pytest.fixture
def settings(tmp_path: Path) -> UiSettings:
    """Settings of a computer where these users have already seen the first-run tour
    (tests/test_ui_first_run.py covers the tour; here it would only take the focus)."""
    ui = UiSettings.at(tmp_path / "ui.ini")
    for user in (AUTHOR, COMPLIANCE):
        ui.mark_tour_seen(user)
    return ui


@pytest.fixture
def worker() -> Iterator[DatabaseWorker]:
    w = DatabaseWorker()
    yield w
    w.stop()


@pytest.fixture
def studio(qtbot: QtBot, story_path: Path, settings: UiSettings) -> Iterator[StudioApp]:
    app = StudioApp(story_path, settings, user=AUTHOR)
    yield app
    app.quit()


def _sign_in(qtbot: QtBot, dialog: SignInDialog, password: str, *, remember: bool = False
             ) -> None:
    dialog.remember_box.setChecked(remember)
    qtbot.keyClicks(dialog.password_edit, password)
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)


def _open_main_window(qtbot: QtBot, studio: StudioApp, *, remember: bool = False) -> MainWindow:
    studio.start(auto=False)
    assert studio.dialog is not None
    _sign_in(qtbot, studio.dialog, AUTHOR_PW, remember=remember)
    qtbot.waitUntil(lambda: studio.window is not None and studio.window.isVisible(),
                    timeout=WAIT_MS)
    assert studio.window is not None
    return studio.window


def _titles(model: StoryTableModel) -> set[str]:
    """Loaded now (the view's own requests load rows on the worker)."""
    return {row.title for r in range(model.rowCount()) if (row := model.story_row(r))}


def _stories(window: MainWindow) -> StoriesPage:
    page = window.page("stories")
    assert isinstance(page, StoriesPage)
    return page


def test_wrong_password_is_shown_inline_and_the_dialog_stays_open(
        qtbot: QtBot, story_path: Path, worker: DatabaseWorker) -> None:
    dialog = SignInDialog(story_path, worker, user=AUTHOR, auto=False)
    qtbot.addWidget(dialog)
    dialog.show()
    _sign_in(qtbot, dialog, "not-the-right-password")
    qtbot.waitUntil(lambda: dialog.error_text() != "", timeout=WAIT_MS)
    assert "wrong user name or password" in dialog.error_text().lower()
    assert dialog.isVisible() and dialog.library is None
    assert dialog.password_edit.text() == ""
    assert dialog.password_edit.isEnabled()
    assert not dialog.read_only_button.isVisible()


def test_right_password_opens_the_main_window_with_the_stories(
        qtbot: QtBot, studio: StudioApp, settings: UiSettings) -> None:
    window = _open_main_window(qtbot, studio)
    assert studio.dialog is None
    model = _stories(window).model
    qtbot.waitUntil(lambda: model.rowCount() == 3 and "3 stories" in window.status_text(),
                    timeout=WAIT_MS)  # ids and the count are read on the worker
    assert _titles(model) == set(TITLES)
    status = window.status_text()
    assert f"Signed in as {AUTHOR} · author" in status
    assert "3 stories" in status and "Read-only" not in status
    assert settings.last_user == AUTHOR


def test_search_as_you_type_waits_for_the_pause_then_lists_the_hits(
        qtbot: QtBot, studio: StudioApp) -> None:
    window = _open_main_window(qtbot, studio)
    qtbot.keyClicks(window.search_edit, "kne")
    assert window.current_key() == "stories"  # debounced: nothing searched yet
    qtbot.waitUntil(lambda: window.current_key() == "search", timeout=WAIT_MS)
    page = window.page("search")
    assert isinstance(page, SearchPage)
    qtbot.waitUntil(lambda: len(page.hits) == 1, timeout=WAIT_MS)  # "kne" is a prefix
    assert page.hits[0].title == "A new knee and a first dance"
    assert "1 result" in window.status_text()
    window.search_edit.selectAll()
    qtbot.keyClicks(window.search_edit, "ventaja")  # people are found by name
    qtbot.waitUntil(lambda: [h.kind for h in page.hits] == ["subject"], timeout=WAIT_MS)
    assert page.hits[0].title == "Marisol Ventaja"
    window.search_edit.clear()
    qtbot.waitUntil(lambda: window.current_key() == "stories", timeout=WAIT_MS)


def test_searching_an_id_opens_it_with_enter(qtbot: QtBot, studio: StudioApp) -> None:
    window = _open_main_window(qtbot, studio)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT_MS)
    qtbot.keyClicks(window.search_edit, "s-2")
    qtbot.keyClick(window.search_edit, Qt.Key.Key_Return)
    page = window.page("search")
    assert isinstance(page, SearchPage)
    qtbot.waitUntil(lambda: bool(page.hits), timeout=WAIT_MS)
    assert page.hits[0].display_id == "S-2"
    qtbot.waitUntil(page.table.hasFocus, timeout=WAIT_MS)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert window.current_key() == "stories"
    view = _stories(window).story_view
    assert isinstance(view, StoryView) and view.display_id == "S-2"


def test_ctrl_f_focuses_the_search_box(qtbot: QtBot, studio: StudioApp) -> None:
    window = _open_main_window(qtbot, studio)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT_MS)
    _stories(window).table.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.search_edit.hasFocus()


def test_double_click_shows_the_story_text_and_escape_goes_back(
        qtbot: QtBot, studio: StudioApp) -> None:
    window = _open_main_window(qtbot, studio)
    page = _stories(window)
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=WAIT_MS)  # ids from the worker
    index = page.model.index(0, COL_TITLE)
    qtbot.waitUntil(lambda: index.data() != "", timeout=WAIT_MS)  # rows fill in from the worker
    title = index.data()
    center = page.table.visualRect(index).center()
    # A real double-click starts with a press; QTest's double-click event alone does not.
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=center)
    qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=center)
    view = page.story_view
    assert isinstance(view, StoryView)
    qtbot.waitUntil(lambda: view.narrative.toPlainText() != "", timeout=WAIT_MS)
    assert view.narrative.toPlainText() == f"The story of {title.lower()}."
    assert view.narrative.isReadOnly()
    assert view.badge.status == "none" and "No consent recorded" in view.badge.text()
    view.narrative.setFocus()
    qtbot.keyClick(view.narrative, Qt.Key.Key_Escape)
    assert page.story_view is None and page.table.isVisible()


def test_lock_closes_the_library_and_asks_for_the_password_again(
        qtbot: QtBot, studio: StudioApp, story_path: Path) -> None:
    window = _open_main_window(qtbot, studio, remember=True)
    window.lock_action.trigger()
    assert studio.window is None and studio.library is None
    assert studio.dialog is not None and studio.dialog.isVisible()
    # The writer lock is free again: another open for writing succeeds.
    open_library(story_path, AUTHOR, password=AUTHOR_PW).close()
    # A remembered key does not undo a lock: the dialog waits for the password.
    dialog = studio.dialog
    qtbot.waitUntil(dialog.remember_box.isChecked, timeout=WAIT_MS)
    assert dialog.library is None and dialog.isVisible()


def test_remember_me_stores_the_key_and_the_next_sign_in_skips_the_password(
        qtbot: QtBot, story_path: Path, worker: DatabaseWorker,
        memory_keyring: MemoryKeyring) -> None:
    first = SignInDialog(story_path, worker, user=AUTHOR, auto=True)
    qtbot.addWidget(first)
    first.show()
    worker.wait()
    qtbot.waitUntil(first.password_edit.isEnabled, timeout=WAIT_MS)  # nothing remembered yet
    assert first.library is None
    first.remember_box.setChecked(True)
    qtbot.keyClicks(first.password_edit, AUTHOR_PW)
    with qtbot.waitSignal(first.accepted, timeout=WAIT_MS):  # Enter signs in, never cancels
        qtbot.keyClick(first.password_edit, Qt.Key.Key_Return)
    assert first.library is not None
    assert len(memory_keyring.store) == 1
    first.library.close()

    second = SignInDialog(story_path, worker, user=AUTHOR, auto=True)
    qtbot.addWidget(second)
    with qtbot.waitSignal(second.accepted, timeout=WAIT_MS):
        pass
    assert second.password_edit.text() == ""
    assert second.library is not None and second.library.actor.username == AUTHOR
    second.library.close()


def test_unticking_remember_me_forgets_the_key(
        qtbot: QtBot, story_path: Path, worker: DatabaseWorker,
        memory_keyring: MemoryKeyring) -> None:
    for remember in (True, False):
        dialog = SignInDialog(story_path, worker, user=AUTHOR, auto=False)
        qtbot.addWidget(dialog)
        worker.wait()
        with qtbot.waitSignal(dialog.accepted, timeout=WAIT_MS):
            _sign_in(qtbot, dialog, AUTHOR_PW, remember=remember)
        assert dialog.library is not None
        dialog.library.close()
        assert len(memory_keyring.store) == (1 if remember else 0)


def test_without_a_keyring_remember_me_says_why_and_signs_in_anyway(
        qtbot: QtBot, story_path: Path, worker: DatabaseWorker) -> None:
    keyring.set_keyring(keyring.backends.fail.Keyring())
    dialog = SignInDialog(story_path, worker, user=AUTHOR, auto=False)
    qtbot.addWidget(dialog)
    dialog.show()
    worker.wait()
    dialog.remember_box.setChecked(True)  # the worker is asked whether a keyring exists
    qtbot.waitUntil(lambda: "keyring" in dialog.note_label.text(), timeout=WAIT_MS)
    assert dialog.note_label.isVisible()
    assert not dialog.remember_box.isChecked() and not dialog.remember_box.isEnabled()
    dialog.remember_box.setEnabled(True)  # even if it could be ticked again: refused at once,
    dialog.remember_box.setChecked(True)  # from the answer kept, and said only once
    assert not dialog.remember_box.isChecked() and not dialog.remember_box.isEnabled()
    with qtbot.waitSignal(dialog.accepted, timeout=WAIT_MS):
        _sign_in(qtbot, dialog, AUTHOR_PW)
    assert dialog.library is not None
    dialog.library.close()


def test_a_locked_library_can_be_opened_read_only(
        qtbot: QtBot, story_path: Path, worker: DatabaseWorker, settings: UiSettings) -> None:
    with open_library(story_path, AUTHOR, password=AUTHOR_PW):  # another window holds it
        dialog = SignInDialog(story_path, worker, user=COMPLIANCE, auto=False)
        qtbot.addWidget(dialog)
        dialog.show()
        _sign_in(qtbot, dialog, COMPLIANCE_PW)
        qtbot.waitUntil(lambda: dialog.error_text() != "", timeout=WAIT_MS)
        assert "open for writing" in dialog.error_text()
        assert dialog.read_only_button.isVisible()
        with qtbot.waitSignal(dialog.accepted, timeout=WAIT_MS):
            qtbot.mouseClick(dialog.read_only_button, Qt.MouseButton.LeftButton)
        assert dialog.library is not None and dialog.library.read_only
        window = MainWindow(UiContext(dialog.library, worker, settings))
        qtbot.addWidget(window)
        assert "Read-only" in window.status_text()
        qtbot.waitUntil(lambda: _stories(window).model.rowCount() == 3, timeout=WAIT_MS)
        window.leave()
        dialog.library.close()


def test_the_model_pages_through_a_thousand_stories(library_path: Path,
                                                    author_lib: Library) -> None:
    _add_stories(author_lib, fillers=997)
    model = StoryTableModel(author_lib)
    assert model.rowCount() == 200 and model.canFetchMore()
    assert model.cached_row_count() == 0  # ids only until a row is looked at
    model.fetchMore()
    assert model.rowCount() == 400
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == 1000
    assert model.index(999, COL_TITLE).data() == TITLES[0]  # oldest last
    assert model.cached_row_count() == 200  # one page loaded for that row
    model.set_search("filler 12")
    assert 0 < model.rowCount() < 200 and not model.canFetchMore()
