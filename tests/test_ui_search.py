"""The search page: a first page of hits, the next ones as the person scrolls to the end."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot
from ui_fixtures import WAIT_MS, UiHarness

from conftest import AUTHOR, AUTHOR_PW
from studio.library.library import open_library
from studio.ui.pages.search import SearchPage
from studio.workflow import stories, subjects
from studio.workflow.search_views import PAGE

MORE = 10  # stories past the first page


def _library_with_many_hits(path: Path) -> list[str]:
    """One person and PAGE + MORE stories that all match "quillon"; their titles in order."""
    with open_library(path, AUTHOR, password=AUTHOR_PW) as lib:
        person = subjects.add_subject(lib, "Quillon Abara").display_id
        for i in range(PAGE + MORE):
            stories.add_story(lib, person, f"Quillon visit {i}", "On the quillon ward.")
    return ["Quillon Abara", *(f"Quillon visit {i}" for i in reversed(range(PAGE + MORE)))]


def _search_page(qtbot: QtBot, harness: UiHarness, path: Path, words: str) -> SearchPage:
    window = harness.window(path, AUTHOR)
    qtbot.keyClicks(window.search_edit, words)
    qtbot.waitUntil(lambda: window.current_key() == "search", timeout=WAIT_MS)
    page = window.page("search")
    assert isinstance(page, SearchPage)
    return page


def test_a_search_loads_one_page_and_the_next_when_scrolled_to_the_end(
        qtbot: QtBot, harness: UiHarness, library_path: Path) -> None:
    titles = _library_with_many_hits(library_path)
    page = _search_page(qtbot, harness, library_path, "quillon")
    qtbot.waitUntil(lambda: len(page.hits) >= PAGE, timeout=WAIT_MS)
    assert [h.title for h in page.hits] == titles[:PAGE]  # the window shows fewer than a page
    assert page.model.rowCount() == PAGE and page.model.canFetchMore()
    assert f"The first {PAGE} results" in page.status_text()
    page.table.scrollToBottom()
    qtbot.waitUntil(lambda: len(page.hits) == len(titles), timeout=WAIT_MS)
    assert [h.title for h in page.hits] == titles
    assert [page.model.item(r, 2).text() for r in range(page.model.rowCount())] == titles
    assert not page.model.canFetchMore()
    assert f"{len(titles)} result(s)" in page.status_text()


def test_a_next_page_of_words_typed_past_is_dropped(
        qtbot: QtBot, harness: UiHarness, library_path: Path) -> None:
    _library_with_many_hits(library_path)
    page = _search_page(qtbot, harness, library_path, "quillon")
    qtbot.waitUntil(lambda: len(page.hits) >= PAGE, timeout=WAIT_MS)
    page.model.fetchMore()        # the next page is on its way...
    page.set_words("abara")       # ...when the person searches for something else
    harness.idle()
    assert [(h.kind, h.title) for h in page.hits] == [("subject", "Quillon Abara")]
    assert page.model.rowCount() == 1 and not page.model.canFetchMore()
