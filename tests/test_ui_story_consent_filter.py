"""The Stories screen's Consent filter: picked by keyboard, it lists the stories whose
consent badge says that state, the status bar counts them, and the choice is remembered on
this computer (an unknown remembered state falls back to any consent)."""

from __future__ import annotations

from pathlib import Path

import pytest
from factories import every_consent_state
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot
from ui_fixtures import WAIT_MS, UiHarness, close_library, stories_page

from conftest import AUTHOR
from studio.library.library import Library
from studio.ui.pages.stories import StoriesPage
from studio.vocabulary import CONSENT_BADGE_STATUSES


@pytest.fixture
def states_path(author_lib: Library) -> Path:
    every_consent_state(author_lib)
    return close_library(author_lib)


def _subjects(qtbot: QtBot, page: StoriesPage) -> list[str]:
    qtbot.waitUntil(lambda: not page.model.loading(), timeout=WAIT_MS)
    rows = [page.model.story_row(r) for r in range(page.model.rowCount())]
    return sorted(r.subject for r in rows if r is not None)


def test_picking_a_consent_state_lists_thosestories_page(
        qtbot: QtBot, harness: UiHarness, states_path: Path) -> None:
    window = harness.window(states_path, AUTHOR)
    page = stories_page(window)
    qtbot.waitUntil(lambda: "7 stories" in window.status_text(), timeout=WAIT_MS)
    box = page.filters.consent_box
    assert box.accessibleName() and box.toolTip()
    assert [box.itemData(i) for i in range(box.count())] == [None, *CONSENT_BADGE_STATUSES]
    assert all(box.itemData(i, Qt.ItemDataRole.ToolTipRole) for i in range(box.count()))
    assert box.itemText(2) == "Expiring" and box.itemText(box.count() - 1) == "No consent"

    # Reached with Tab from the status filter; arrow keys pick Active, then Expiring.
    page.filters.status_box.setFocus()
    qtbot.keyClick(page.filters.status_box, Qt.Key.Key_Tab)
    qtbot.waitUntil(box.hasFocus, timeout=WAIT_MS)
    qtbot.keyClick(box, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: "2 stories match these filters" in window.status_text(),
                    timeout=WAIT_MS)
    assert _subjects(qtbot, page) == ["Ana Active", "Sam Superseded"]
    qtbot.keyClick(box, Qt.Key.Key_Down)
    assert page.model.listing.consent == "expiring"
    qtbot.waitUntil(lambda: "1 story matches these filters" in window.status_text(),
                    timeout=WAIT_MS)
    assert _subjects(qtbot, page) == ["Tom Tomorrow"]

    for state, who in (("revoked", ["Rita Revoked"]), ("superseded", ["Olga Orphaned"]),
                       ("none", ["Nick Nobody"]), ("expired", ["Eva Expired"])):
        box.setCurrentIndex(box.findData(state))
        qtbot.waitUntil(lambda: "1 story matches these filters" in window.status_text(),
                        timeout=WAIT_MS)
        assert _subjects(qtbot, page) == who, state
    box.setCurrentIndex(box.findData("pending"))
    qtbot.waitUntil(lambda: "No stories match these filters" in window.status_text(),
                    timeout=WAIT_MS)
    assert _subjects(qtbot, page) == []


def test_the_consent_filter_is_remembered_and_an_unknown_one_is_any(
        qtbot: QtBot, harness: UiHarness, states_path: Path, tmp_path: Path) -> None:
    window = harness.window(states_path, AUTHOR)
    page = stories_page(window)
    page.filters.consent_box.setCurrentIndex(page.filters.consent_box.findData("none"))
    assert harness.settings.story_listing.consent == "none"
    harness.close(window)

    second = harness.window(states_path, AUTHOR)
    again = stories_page(second)
    assert again.filters.consent() == "none" and again.model.listing.consent == "none"
    assert _subjects(qtbot, again) == ["Nick Nobody"]
    harness.close(second)

    # A state this version does not know (an older or newer app wrote it): any consent.
    store = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    store.setValue("stories/consent", "soon")
    store.sync()
    third = harness.window(states_path, AUTHOR)
    last = stories_page(third)
    assert last.filters.consent() is None and last.model.listing.consent is None
    assert last.filters.consent_box.currentText() == "Any consent"
    qtbot.waitUntil(lambda: "7 stories" in third.status_text(), timeout=WAIT_MS)
