"""The story view: facts, consent badge, thumbnails, posts, and pictures dragged in."""

from __future__ import annotations

from pathlib import Path

import pytest
from factories import consent, draft, photo, png, subject_and_story
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select
from ui_fixtures import WAIT_MS, UiHarness, close_library, message_boxes

from conftest import AUTHOR, COMPLIANCE
from studio.library.library import Library
from studio.models import MediaAsset
from studio.ui.main_window import MainWindow
from studio.ui.pages.media_import import ImportMediaDialog
from studio.ui.pages.stories import StoriesPage
from studio.ui.pages.story_view import StoryView


@pytest.fixture
def story_path(author_lib: Library) -> Path:
    """Rosa's story with a consent, one photo and one draft post."""
    subject, story = subject_and_story(author_lib)
    consent(author_lib, subject)
    picture = photo(author_lib, story, [subject])
    draft(author_lib, story, media_ids=(picture,))
    return close_library(author_lib)


def _open_story(qtbot: QtBot, window: MainWindow, story: str = "S-1") -> StoryView:
    window.open_item(story)
    page = window.page("stories")
    assert isinstance(page, StoriesPage) and isinstance(page.story_view, StoryView)
    view = page.story_view
    qtbot.waitUntil(lambda: view.overview is not None, timeout=WAIT_MS)
    return view


def _media_count(lib: Library) -> int:
    with lib.read() as session:
        return int(session.scalar(select(func.count(MediaAsset.id))) or 0)


def test_story_view_shows_consent_pictures_and_posts(
        qtbot: QtBot, harness: UiHarness, story_path: Path) -> None:
    window = harness.window(story_path, AUTHOR)
    view = _open_story(qtbot, window)
    assert view.title.text() == "Back on her feet"
    assert view.subject_label.text() == "Rosa Alvarado (PT-1)"
    assert view.badge.status == "active"
    assert "C-1: In force until" in view.badge.text() and "Instagram" in view.badge.text()
    qtbot.waitUntil(lambda: view.strip.has_thumbnail("M-3"), timeout=WAIT_MS)
    assert view.strip.count() == 1  # the signature and the signed form belong to no story
    assert view.posts_model.rowCount() == 1
    assert view.posts_model.item(0, 0).text() == "P-1"
    assert view.posts_model.item(0, 2).text() == "Draft"
    assert view.add_media_button.isEnabled() and view.write_button.isEnabled()


def test_a_compliance_officer_sees_why_adding_is_not_for_them(
        qtbot: QtBot, harness: UiHarness, story_path: Path) -> None:
    window = harness.window(story_path, COMPLIANCE)
    view = _open_story(qtbot, window)
    assert not view.add_media_button.isEnabled()
    assert "needs the author role" in view.add_media_button.toolTip()
    assert not view.consent_button.isEnabled() and not view.strip.accepting


def _drop(view: StoryView, files: list[Path]) -> None:
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(f)) for f in files])
    target = view.strip.viewport()
    at = QPointF(target.rect().center())
    # QDragEnterEvent takes an integer point in every PySide6 we support, QDropEvent a float.
    enter = QDragEnterEvent(target.rect().center(), Qt.DropAction.CopyAction, data,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, enter)
    assert enter.isAccepted()
    drop = QDropEvent(at, Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, drop)


def _accept_import(qtbot: QtBot, view: StoryView, alt: str) -> ImportMediaDialog:
    qtbot.waitUntil(lambda: bool(view.findChildren(ImportMediaDialog)), timeout=WAIT_MS)
    dialog = view.findChildren(ImportMediaDialog)[0]
    assert dialog.depicts_box.isChecked()  # who is shown: the subject, unless unticked
    qtbot.keyClicks(dialog.alt_edits[0], alt)
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    return dialog


def test_dropping_a_png_imports_it_with_alt_text(
        qtbot: QtBot, harness: UiHarness, story_path: Path, tmp_path: Path) -> None:
    window = harness.window(story_path, AUTHOR)
    view = _open_story(qtbot, window)
    picture = tmp_path / "garden.png"
    picture.write_bytes(png("green", (800, 600)))
    _drop(view, [picture])
    _accept_import(qtbot, view, "Rosa in the hospital garden")
    qtbot.waitUntil(lambda: view.strip.count() == 2, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: view.strip.has_thumbnail("M-4"), timeout=WAIT_MS)
    assert view.strip.item(1).toolTip() == "Rosa in the hospital garden"
    assert _media_count(window.ctx.lib) == 4
    assert not message_boxes(view)


def test_dropping_a_broken_file_says_which_and_stores_nothing(
        qtbot: QtBot, harness: UiHarness, story_path: Path, tmp_path: Path) -> None:
    window = harness.window(story_path, AUTHOR)
    view = _open_story(qtbot, window)
    lib = window.ctx.lib
    before, blobs = _media_count(lib), len(list(lib.vault.names()))
    broken = tmp_path / "scan.png"
    broken.write_bytes(png()[:200])  # a PNG cut short
    _drop(view, [broken])
    _accept_import(qtbot, view, "")
    qtbot.waitUntil(lambda: bool(message_boxes(view)), timeout=WAIT_MS)
    box = message_boxes(view)[0]
    assert "scan.png" in box.windowTitle() and "scan.png" in box.text()
    assert "Nothing was stored" in box.informativeText()
    assert _media_count(lib) == before and len(list(lib.vault.names())) == blobs
    assert view.strip.count() == 1
