"""Unsaved edits before Quit, Lock and switching library, and what the idle lock does."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from factories import consent, subject_and_story
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot
from ui_fixtures import WAIT_MS, close_library, signed_in
from ui_flows import open_composer, show_tab, type_text

from conftest import AUTHOR, AUTHOR_PW
from studio.library.library import Library, open_library
from studio.ui.app import StudioApp
from studio.ui.main_window import MainWindow
from studio.ui.pages.stories import StoriesPage
from studio.ui.settings import UiSettings
from studio.ui.sign_in import SignInDialog
from studio.ui.story.story_editor import StoryEditor
from studio.workflow.posts import list_posts
from studio.workflow.stories import show_story

Button = QMessageBox.StandardButton
LEFT = Qt.MouseButton.LeftButton
STORED = "She walked again after knee surgery."
SECRET = " Nurse Ortega stayed late every night."


@pytest.fixture
def story_path(author_lib: Library) -> Path:
    subject, _story = subject_and_story(author_lib)
    consent(author_lib, subject)
    return close_library(author_lib)


@pytest.fixture
def settings(tmp_path: Path) -> UiSettings:
    ui = UiSettings.at(tmp_path / "ui.ini")
    ui.mark_tour_seen(AUTHOR)
    return ui


@pytest.fixture
def studio(qtbot: QtBot, story_path: Path, settings: UiSettings) -> Iterator[StudioApp]:
    app = StudioApp(story_path, settings, user=AUTHOR)
    yield app
    app.quit()


def _edit_story(qtbot: QtBot, window: MainWindow, text: str) -> StoryEditor:
    window.open_item("S-1")
    page = window.page("stories")
    assert isinstance(page, StoriesPage)
    view = page.story_view
    assert view is not None
    qtbot.waitUntil(lambda: view.overview is not None, timeout=WAIT_MS)
    qtbot.mouseClick(view.editor.edit_button, LEFT)
    assert view.editor.editing
    view.narrative.moveCursor(view.narrative.textCursor().MoveOperation.End)
    type_text(qtbot, view.narrative, text)
    return view.editor


def _question(qtbot: QtBot, window: MainWindow) -> QMessageBox:
    qtbot.waitUntil(lambda: window.unsaved_box is not None and window.unsaved_box.isVisible(),
                    timeout=WAIT_MS)
    assert window.unsaved_box is not None
    return window.unsaved_box


def _narrative(path: Path) -> str:
    with open_library(path, AUTHOR, password=AUTHOR_PW) as lib:
        return show_story(lib, "S-1").narrative


def test_quit_asks_cancel_keeps_editing_and_save_saves_then_quits(
        qtbot: QtBot, studio: StudioApp, story_path: Path) -> None:
    window = signed_in(qtbot, studio)
    editor = _edit_story(qtbot, window, " Then she ran.")
    window.quit_action.trigger()                                # Ctrl+Q
    box = _question(qtbot, window)
    assert "S-1: story text" in box.text() and "quitting" in box.informativeText()
    qtbot.mouseClick(box.button(Button.Cancel), LEFT)
    assert studio.window is window and window.isVisible() and editor.editing
    with qtbot.waitSignal(studio.finished, timeout=WAIT_MS):
        window.close()                                          # the window's close button
        qtbot.mouseClick(_question(qtbot, window).button(Button.Save), LEFT)
    assert studio.library is None
    assert _narrative(story_path) == STORED + " Then she ran."


def test_a_refused_save_cancels_the_lock_and_says_why_discard_locks(
        qtbot: QtBot, studio: StudioApp, story_path: Path) -> None:
    window = signed_in(qtbot, studio)
    editor = _edit_story(qtbot, window, " Call 312-555-0199")
    editor.title_edit.setText("\u202eReversed title")          # the workflow refuses this
    window.lock_action.trigger()                                # Ctrl+L
    box = _question(qtbot, window)
    assert "S-1: title, story text" in box.text()
    qtbot.mouseClick(box.button(Button.Save), LEFT)
    qtbot.waitUntil(lambda: any(b.windowTitle() == "Not saved" and b.isVisible()
                                for b in window.findChildren(QMessageBox)), timeout=WAIT_MS)
    refusal = next(b for b in window.findChildren(QMessageBox) if b.windowTitle() == "Not saved")
    assert "S-1: title, story text:" in refusal.text() and "U+202E" in refusal.text()
    assert studio.window is window and studio.library is not None and editor.editing
    refusal.accept()
    window.lock_action.trigger()
    qtbot.mouseClick(_question(qtbot, window).button(Button.Discard), LEFT)
    assert studio.window is None and isinstance(studio.dialog, SignInDialog)
    studio.quit()
    assert _narrative(story_path) == STORED


def test_the_idle_lock_does_not_ask_discards_and_names_it_aftersigned_in(
        qtbot: QtBot, studio: StudioApp, story_path: Path, tmp_path: Path) -> None:
    window = signed_in(qtbot, studio)
    _edit_story(qtbot, window, SECRET)
    window.idle.set_timeout_ms(30)
    qtbot.waitUntil(lambda: studio.window is None, timeout=WAIT_MS)
    assert studio.library is None                               # locked without a question
    assert [type(w).__name__ for w in QApplication.topLevelWidgets()
            if w.isVisible()] == ["SignInDialog"]
    studio.dialog.deleteLater()  # type: ignore[union-attr]
    studio.dialog = None
    again = signed_in(qtbot, studio)
    box = again.discarded_box
    assert box is not None and box.isVisible()
    assert "S-1: story text" in box.text() and "discarded" in box.text()
    assert "Ortega" not in box.text()                            # names only, never the text
    assert "S-1: story text" in again.statusBar().currentMessage()
    assert again.unsaved_changes() == []
    studio.quit()
    assert _narrative(story_path) == STORED
    for file in tmp_path.rglob("*"):                             # nothing kept on disk
        if file.is_file() and file.suffix in {".ini", ".conf", ".txt", ".json", ""}:
            assert b"Ortega" not in file.read_bytes(), file


def test_switching_library_saves_the_composers_drafts_first(
        qtbot: QtBot, studio: StudioApp, story_path: Path, template_library: Path,
        tmp_path: Path) -> None:
    other = tmp_path / "Other.studio"
    shutil.copytree(template_library, other)
    window = signed_in(qtbot, studio)
    composer = open_composer(qtbot, window)
    show_tab(composer, "instagram")
    type_text(qtbot, composer.editors["instagram"].text, "Back on her feet.")
    assert window.unsaved_changes() == ["S-1: new Instagram post"]
    window.request_open_library(other)
    qtbot.mouseClick(_question(qtbot, window).button(Button.Cancel), LEFT)
    assert studio.window is window and studio.path == story_path
    window.request_open_library(other)
    qtbot.mouseClick(_question(qtbot, window).button(Button.Save), LEFT)
    qtbot.waitUntil(lambda: studio.window is None and studio.dialog is not None,
                    timeout=WAIT_MS)
    assert studio.path == other and studio.library is None      # signing in to the other
    studio.quit()
    with open_library(story_path, AUTHOR, password=AUTHOR_PW) as lib:
        posts = list_posts(lib)
    assert [(p.channel, p.status) for p in posts] == [("instagram", "draft")]
