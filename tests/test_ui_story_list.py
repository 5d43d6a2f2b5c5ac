"""The Stories list: header clicks sort in the database, filters, both kept per computer, and
the Stories, Consents and Audit screens read the library only on the database worker."""

from __future__ import annotations

from pathlib import Path

import pytest
from factories import consent, subject_and_story
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from ui_fixtures import WAIT_MS, UiHarness, close_library, stories_page, ui_thread_statements

from conftest import AUTHOR, AUTHOR_PW
from studio.library.library import Library, open_library
from studio.models import Story, Subject
from studio.ui.pages.audit import AuditPage
from studio.ui.pages.consents import ConsentsPage
from studio.ui.pages.stories import StoriesPage
from studio.ui.story_table import COL_SERVICE_LINE, COL_TITLE, PAGE_SIZE
from studio.workflow.story_listing import StoryListing

FILLERS = PAGE_SIZE + 150   # more than one page of ids


def _title(i: int) -> str:
    """Titles whose order is neither the insertion order nor case-sensitive order."""
    word = ("delta", "Alpha", "charlie", "Bravo", "echo")[i % 5]
    return f"{word} {(i * 7919) % 10007:05d}"


@pytest.fixture
def many_path(author_lib: Library) -> Path:
    """Rosa's story with a consent, then FILLERS more: every third one Oncology and ready."""
    subject, _story = subject_and_story(author_lib)
    consent(author_lib, subject)
    with author_lib.write() as session:
        subject_id = session.scalar(select(Subject.id).where(Subject.display_id == subject))
        session.add_all(Story(subject_id=subject_id, title=_title(i), narrative="Filler.",
                              service_line="Oncology" if i % 3 == 0 else "Cardiology",
                              status="ready" if i % 3 == 0 else "draft",
                              created_by_id=author_lib.actor.id) for i in range(FILLERS))
    return close_library(author_lib)


def _all_titles(qtbot: QtBot, page: StoriesPage) -> list[str]:
    """Scroll the list's model to its end (fetchMore, as the view does), then every title."""
    model = page.model
    while True:
        qtbot.waitUntil(lambda: not model.loading(), timeout=WAIT_MS)
        if not model.canFetchMore():
            break
        model.fetchMore()
    rows = [model.story_row(r) for r in range(model.rowCount())]
    return [r.title for r in rows if r is not None]


def _click_header(qtbot: QtBot, page: StoriesPage, column: int) -> None:
    header = page.table.horizontalHeader()
    where = QPoint(header.sectionViewportPosition(column) + 8, header.height() // 2)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=where)


def test_clicking_title_sorts_every_page_both_ways(
        qtbot: QtBot, harness: UiHarness, many_path: Path) -> None:
    window = harness.window(many_path, AUTHOR)
    page = stories_page(window)
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=WAIT_MS)
    titles = [_title(i) for i in range(FILLERS)] + ["Back on her feet"]
    _click_header(qtbot, page, COL_TITLE)
    first = page.model.listing
    assert first.sort == "title"
    listed = _all_titles(qtbot, page)
    assert len(listed) == FILLERS + 1 > PAGE_SIZE
    expected = sorted(titles, key=str.lower)
    assert listed == (expected[::-1] if first.descending else expected)
    _click_header(qtbot, page, COL_TITLE)
    assert page.model.listing.descending is not first.descending
    listed = _all_titles(qtbot, page)
    assert listed == (expected if first.descending else expected[::-1])
    indicator = page.table.horizontalHeader()
    assert indicator.sortIndicatorSection() == COL_TITLE


def test_a_filter_shows_only_matching_stories_and_the_status_bar_counts_them(
        qtbot: QtBot, harness: UiHarness, many_path: Path) -> None:
    window = harness.window(many_path, AUTHOR)
    page = stories_page(window)
    qtbot.waitUntil(lambda: f"{FILLERS + 1} stories" in window.status_text(), timeout=WAIT_MS)
    lines = page.filters.line_box
    qtbot.waitUntil(lambda: lines.findData("Oncology") >= 0, timeout=WAIT_MS)
    lines.setCurrentIndex(lines.findData("Oncology"))
    statuses = page.filters.status_box
    statuses.setCurrentIndex(statuses.findData("ready"))
    oncology = len(range(0, FILLERS, 3))
    qtbot.waitUntil(lambda: f"{oncology} stories match these filters" in window.status_text(),
                    timeout=WAIT_MS)
    _click_header(qtbot, page, COL_SERVICE_LINE)
    assert len(_all_titles(qtbot, page)) == oncology == page.model.rowCount()
    rows = [page.model.story_row(r) for r in range(page.model.rowCount())]
    assert {(r.service_line, r.status) for r in rows if r} == {("Oncology", "ready")}
    statuses.setCurrentIndex(statuses.findData("archived"))
    qtbot.waitUntil(lambda: "No stories match these filters" in window.status_text(),
                    timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not page.model.loading(), timeout=WAIT_MS)
    assert page.model.rowCount() == 0


def test_sort_and_filters_survive_reopening_the_window(
        qtbot: QtBot, harness: UiHarness, many_path: Path) -> None:
    window = harness.window(many_path, AUTHOR)
    page = stories_page(window)
    qtbot.waitUntil(lambda: page.filters.line_box.findData("Oncology") >= 0, timeout=WAIT_MS)
    page.filters.line_box.setCurrentIndex(page.filters.line_box.findData("Oncology"))
    _click_header(qtbot, page, COL_TITLE)
    chosen = page.model.listing
    assert chosen.sort == "title" and chosen.service_line == "Oncology"
    harness.close(window)

    again = stories_page(harness.window(many_path, AUTHOR))
    assert again.model.listing == chosen
    assert again.filters.service_line() == "Oncology" and again.filters.status() is None
    header = again.table.horizontalHeader()
    assert header.sortIndicatorSection() == COL_TITLE
    assert (header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder) is chosen.descending
    listed = _all_titles(qtbot, again)
    expected = sorted((_title(i) for i in range(0, FILLERS, 3)), key=str.lower)
    assert listed == (expected[::-1] if chosen.descending else expected)
    assert harness.settings.story_listing == StoryListing(
        "title", chosen.descending, "Oncology", None)


def test_stories_consents_and_audit_read_the_library_only_on_the_worker(
        qtbot: QtBot, harness: UiHarness, many_path: Path) -> None:
    lib = open_library(many_path, AUTHOR, password=AUTHOR_PW)
    with ui_thread_statements(lib) as on_ui_thread:
        window = harness.window_on(lib)
        page = stories_page(window)
        qtbot.waitUntil(lambda: f"{FILLERS + 1} stories" in window.status_text(),
                        timeout=WAIT_MS)
        _click_header(qtbot, page, COL_TITLE)
        qtbot.waitUntil(lambda: page.model.rowCount() > 0 and not page.model.loading(),
                        timeout=WAIT_MS)
        page.table.scrollToBottom()  # the view asks for more ids and rows
        qtbot.waitUntil(lambda: page.model.rowCount() > PAGE_SIZE, timeout=WAIT_MS)
        page.filters.status_box.setCurrentIndex(page.filters.status_box.findData("ready"))
        qtbot.waitUntil(lambda: "match these filters" in window.status_text(),
                        timeout=WAIT_MS)
        page.table.doubleClicked.emit(page.model.index(0, COL_TITLE))  # opens the story
        qtbot.waitUntil(lambda: page.story_view is not None
                        and page.story_view.overview is not None,  # type: ignore[attr-defined]
                        timeout=WAIT_MS)
        consents = window.show_page("consents")
        assert isinstance(consents, ConsentsPage)
        qtbot.waitUntil(lambda: consents.model.rowCount() == 1
                        and consents.person.count() == 2, timeout=WAIT_MS)
        harness.idle()  # the workflow's answer on Revoke for the selected consent
        consents.open_item("PT-1")
        qtbot.waitUntil(lambda: consents.person.currentData() == "PT-1", timeout=WAIT_MS)
        audit = window.show_page("audit")
        assert isinstance(audit, AuditPage)
        qtbot.waitUntil(lambda: audit.model.rowCount() > 0
                        and audit.actor.count() > 1, timeout=WAIT_MS)
        audit.table.scrollToBottom()
        harness.idle()
    assert on_ui_thread == []
