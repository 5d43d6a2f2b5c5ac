"""The Calendar screen driven through real widgets: posts on their days, observance bands,
navigation by keys, open on click, and rescheduling by drop and by keys through the workflow."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from factories import TODAY, consent, subject_and_story, when
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QDropEvent, QPalette
from pytestqt.qtbot import QtBot
from ui_fixtures import PASSWORDS, WAIT_MS, UiHarness, message_boxes

from conftest import AUTHOR, COMPLIANCE
from studio.library.library import Library, open_library
from studio.ui.calendar import colors
from studio.ui.calendar.chip import PostChip, post_mime
from studio.ui.calendar.day_grid import DayGrid
from studio.ui.main_window import MainWindow
from studio.ui.pages.calendar import CalendarPage
from studio.ui.pages.posts import PostsPage
from studio.workflow import posts, review
from studio.workflow.audit_log import list_events
from studio.workflow.post_queries import show_post


def _day(days: int) -> dt.date:
    return TODAY + dt.timedelta(days=days)


@pytest.fixture
def planned(author_lib: Library) -> Path:
    """P-1 Instagram draft (day 3), P-2 Facebook approved (day 5), P-3 X draft (day 8), all
    at 15:00 UTC; the consent ends on day 20."""
    subject, story = subject_and_story(author_lib)
    consent(author_lib, subject, days=20, channels="instagram,facebook,x")
    for channel, days in (("instagram", 3), ("facebook", 5), ("x", 8)):
        posts.draft_post(author_lib, story, channel, f"Rosa walks again, day {days}.",
                         scheduled_at=when(days=days, hour=15))
    review.submit_post(author_lib, "P-2")
    path = author_lib.layout.root
    author_lib.close()
    with open_library(path, COMPLIANCE, password=PASSWORDS[COMPLIANCE]) as officer:
        review.approve_post(officer, "P-2", PASSWORDS[COMPLIANCE])
    return path


def _calendar(qtbot: QtBot, window: MainWindow) -> CalendarPage:
    page = window.show_page("calendar")
    assert isinstance(page, CalendarPage)
    qtbot.waitUntil(lambda: page.span is not None, timeout=WAIT_MS)
    return page


def _as_author(qtbot: QtBot, harness: UiHarness, path: Path
               ) -> tuple[MainWindow, Library, CalendarPage]:
    window = harness.window(path, AUTHOR)
    return window, window.ctx.lib, _calendar(qtbot, window)


def _showing(qtbot: QtBot, page: CalendarPage, day: dt.date, mode: str = "month") -> DayGrid:
    page.show_day(day, mode)
    first, last = page.shown_range()
    qtbot.waitUntil(lambda: page.span is not None and page.span.first == first
                    and page.span.last == last and day in page.view().cells, timeout=WAIT_MS)
    grid = page.view()
    # Shown and laid out, as for a person dragging: seven squares side by side.
    qtbot.waitUntil(lambda: grid.isVisible() and len(
        {c.geometry().x() for c in grid.cells.values() if c.geometry().width() > 0}) == 7,
        timeout=WAIT_MS)
    return grid


def _chip(qtbot: QtBot, page: CalendarPage, post: str) -> PostChip:
    qtbot.waitUntil(lambda: page.view().chip(post) is not None, timeout=WAIT_MS)
    chip = page.view().chip(post)
    assert chip is not None
    return chip


def _drop(grid: DayGrid, post: str, day: dt.date) -> None:
    """A real drop event on the square of ``day``, through the grid's own drop handler."""
    centre = QPointF(grid.cells[day].geometry().center())
    mime = post_mime(post)  # the event does not own it: keep it alive during the drop
    event = QDropEvent(centre, Qt.DropAction.MoveAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    grid.dropEvent(event)
    assert event.isAccepted()


def _local(lib: Library, post: str) -> dt.datetime:
    moment = show_post(lib, post).row.scheduled_at
    assert moment is not None
    return moment.astimezone(lib.timezone)


def test_month_shows_each_post_on_its_day_with_status_and_channel(
        qtbot: QtBot, harness: UiHarness, planned: Path) -> None:
    window = harness.window(planned, AUTHOR)
    page = _calendar(qtbot, window)
    for post, days, status, channel in (("P-1", 3, "Draft", "Instagram"),
                                        ("P-2", 5, "Approved", "Facebook"),
                                        ("P-3", 8, "Draft", "X")):
        grid = _showing(qtbot, page, _day(days))
        chip = _chip(qtbot, page, post)
        assert chip in grid.cells[_day(days)].chips
        local = _local(window.ctx.lib, post)
        assert f"{local:%H:%M}" in chip.line_texts()[0]
        tip = chip.toolTip()
        assert f"{post} · {channel} · {status}" in tip and f"{local:%H:%M}" in tip
        assert chip.accessibleName().startswith(f"{post}, {channel}, {status}")
        assert "Drag to another day" in tip
    assert "Approved" in page.legend.text() and "IG Instagram" in page.legend.text()
    assert "Times in America/Chicago" in page.zone_label.text()
    approved = colors.status_look("approved", page.palette())
    assert colors.contrast(approved.text, approved.background) >= 4.5


def test_observances_are_bands_behind_the_days(
        qtbot: QtBot, harness: UiHarness, planned: Path) -> None:
    page = _calendar(qtbot, harness.window(planned, AUTHOR))
    smokeout = dt.date(2031, 11, 20)
    grid = _showing(qtbot, page, smokeout)
    band = next(b for b in grid.bands if "Great American Smokeout" in b.names)
    assert (band.first, band.last) == (smokeout, smokeout)
    months = next(b for b in grid.bands if "COPD Awareness Month" in b.names)
    assert months.first == dt.date(2031, 11, 1) and months.lane != band.lane
    cell = grid.cells[smokeout]
    assert "Great American Smokeout" in cell.accessibleName()
    assert "Great American Smokeout" in cell.toolTip()
    # The band is painted: the square's right end of the band's lane has the band colour.
    image = grid.grab().toImage()
    lane_h = grid.lane_height()
    y = cell.y() + cell.heading.geometry().bottom() + 3 + band.lane * lane_h + lane_h // 2
    fill, _ink = colors.observance_colors(grid.palette())
    assert image.pixelColor(cell.geometry().right() - 4, y).name() == fill.name()
    assert grid.cells[dt.date(2031, 11, 19)].observances == ["American Diabetes Month / "
                                                             "National Diabetes Month",
                                                             "COPD Awareness Month",
                                                             "Lung Cancer Awareness Month",
                                                             "U.S. Antibiotic Awareness Week"]


def test_keys_switch_views_and_move_through_time(
        qtbot: QtBot, harness: UiHarness, planned: Path) -> None:
    window = harness.window(planned, AUTHOR)
    page = _calendar(qtbot, window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT_MS)

    def shown() -> tuple[dt.date, dt.date] | None:
        return (page.span.first, page.span.last) if page.span else None

    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window, Qt.Key.Key_W, ctrl_shift)
    assert page.mode == "week" and page.week_button.isChecked()
    week = page.shown_range()
    assert week[0] <= TODAY <= week[1] and (week[1] - week[0]).days == 6
    qtbot.waitUntil(lambda: shown() == week, timeout=WAIT_MS)
    assert len(page.week_view.cells) == 7
    qtbot.keyClick(window, Qt.Key.Key_PageDown)
    assert page.shown_range()[0] == week[0] + dt.timedelta(days=7)
    qtbot.waitUntil(lambda: shown() == page.shown_range(), timeout=WAIT_MS)
    qtbot.keyClick(window, Qt.Key.Key_T)
    assert page.shown_range() == week
    qtbot.keyClick(window, Qt.Key.Key_M, ctrl_shift)
    assert page.mode == "month" and page.month_button.isChecked()
    qtbot.keyClick(window, Qt.Key.Key_PageUp)
    previous = (TODAY.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    assert page.anchor == previous
    assert page.period.text().endswith(str(previous.year))
    qtbot.waitUntil(lambda: shown() == page.shown_range(), timeout=WAIT_MS)
    assert len(page.month_view.cells) == 42 and previous in page.month_view.cells
    qtbot.mouseClick(page.today_button, Qt.MouseButton.LeftButton)
    assert page.anchor == TODAY
    # The keys belong to the calendar: typing in the search box or on another screen keeps them.
    page.previous()
    elsewhere = page.anchor
    qtbot.keyClicks(window.search_edit, "t")
    assert page.anchor == elsewhere and window.search_edit.text() == "t"
    window.search_edit.clear()
    window.show_page("stories")
    qtbot.keyClick(window, Qt.Key.Key_T)
    qtbot.keyClick(window, Qt.Key.Key_PageDown)
    assert page.anchor == elsewhere


def test_clicking_or_enter_on_a_post_opens_it(
        qtbot: QtBot, harness: UiHarness, planned: Path) -> None:
    window = harness.window(planned, AUTHOR)
    page = _calendar(qtbot, window)
    _showing(qtbot, page, _day(3))
    qtbot.mouseClick(_chip(qtbot, page, "P-1"), Qt.MouseButton.LeftButton)
    assert window.current_key() == "posts"
    posts_page = window.page("posts")
    assert isinstance(posts_page, PostsPage)  # the post is read on the worker, then composed
    qtbot.waitUntil(lambda: posts_page.composer is not None
                    and posts_page.composer.editors.get("instagram") is not None
                    and posts_page.composer.editor().post == "P-1", timeout=WAIT_MS)
    window.show_page("calendar")
    _showing(qtbot, page, _day(8), "week")
    chip = _chip(qtbot, page, "P-3")
    chip.setFocus()
    qtbot.keyClick(chip, Qt.Key.Key_Return)
    assert window.current_key() == "posts"
    qtbot.waitUntil(lambda: posts_page.composer is not None
                    and posts_page.composer.editors.get("x") is not None
                    and posts_page.composer.editor().post == "P-3", timeout=WAIT_MS)


def test_a_drop_on_another_day_reschedules_and_ctrl_z_moves_it_back(
        qtbot: QtBot, harness: UiHarness, planned: Path) -> None:
    window, lib, page = _as_author(qtbot, harness, planned)
    before = _local(lib, "P-1")
    grid = _showing(qtbot, page, _day(3), "week")
    target = next(d for d in grid.cells if d > TODAY and d != _day(3))
    _drop(grid, "P-1", target)
    qtbot.waitUntil(lambda: _local(lib, "P-1").date() == target, timeout=WAIT_MS)
    assert _local(lib, "P-1").time() == before.time()
    assert list_events(lib, entity="P-1")[0].action == "post.edit"
    qtbot.waitUntil(lambda: (chip := grid.chip("P-1")) is not None
                    and chip in grid.cells[target].chips, timeout=WAIT_MS)
    assert window.status_text().startswith(f"Moved P-1 to {target.isoformat()}")
    assert page.undo_button.isEnabled() and not message_boxes(page)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT_MS)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: _local(lib, "P-1") == before, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: "Moved P-1 back" in window.status_text(), timeout=WAIT_MS)
    assert not page.undo_button.isEnabled()


def test_a_refused_move_shows_the_workflow_message_and_changes_nothing(
        qtbot: QtBot, harness: UiHarness, planned: Path) -> None:
    window, lib, page = _as_author(qtbot, harness, planned)
    before = _local(lib, "P-1")
    yesterday = TODAY - dt.timedelta(days=1)
    grid = _showing(qtbot, page, yesterday)
    _chip(qtbot, page, "P-1")
    _drop(grid, "P-1", yesterday)
    qtbot.waitUntil(lambda: bool(message_boxes(page)), timeout=WAIT_MS)
    box = message_boxes(page)[0]
    assert box.windowTitle() == "P-1 was not moved"
    assert "is in the past" in box.text()
    assert "is in the past" in window.status_text()
    box.close()
    assert _local(lib, "P-1") == before
    assert "post.edit" not in [e.action for e in list_events(lib, entity="P-1")]


def test_an_officer_may_not_move_posts_and_is_told_why(
        qtbot: QtBot, harness: UiHarness, planned: Path) -> None:
    window = harness.window(planned, COMPLIANCE)
    page = _calendar(qtbot, window)
    grid = _showing(qtbot, page, _day(5), "week")
    chip = _chip(qtbot, page, "P-2")
    assert not chip.movable and "Cannot be moved: Post edit needs the author role" in \
        chip.toolTip()
    _drop(grid, "P-2", next(d for d in grid.cells if d > _day(5) or d > TODAY))
    boxes = message_boxes(page)
    assert boxes and "needs the author role" in boxes[0].text()
    boxes[0].close()
    assert _local(window.ctx.lib, "P-2").date() == _day(5)


def test_keys_move_an_approved_post_and_a_move_past_consent_voids_the_approval(
        qtbot: QtBot, harness: UiHarness, planned: Path) -> None:
    window, lib, page = _as_author(qtbot, harness, planned)
    _showing(qtbot, page, _day(5), "week")
    for week in (1, 2):            # days 12 and 19: the consent (to day 20) still covers them
        chip = _chip(qtbot, page, "P-2")
        chip.setFocus()
        qtbot.keyClick(chip, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
        qtbot.waitUntil(lambda week=week: _local(lib, "P-2").date() == _day(5 + 7 * week),
                        timeout=WAIT_MS)
        assert show_post(lib, "P-2").row.status == "approved"
        qtbot.waitUntil(lambda week=week: page.span is not None
                        and page.span.first <= _day(5 + 7 * week) <= page.span.last
                        and page.view().chip("P-2") is not None, timeout=WAIT_MS)
        assert not message_boxes(page)
    chip = _chip(qtbot, page, "P-2")
    chip.setFocus()
    qtbot.keyClick(chip, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)   # day 26
    qtbot.waitUntil(lambda: bool(message_boxes(page)), timeout=WAIT_MS)
    box = message_boxes(page)[0]
    assert "does not survive the move" in box.text()
    assert "needs to be submitted and approved again" in box.text()
    assert "needs to be submitted and approved again" in window.status_text()
    box.close()
    row = show_post(lib, "P-2").row
    assert row.status == "draft" and _local(lib, "P-2").date() == _day(26)
    qtbot.waitUntil(lambda: (c := page.view().chip("P-2")) is not None
                    and c.post.status == "draft", timeout=WAIT_MS)
    page.undo()     # the date goes back; the approval does not come back with it
    qtbot.waitUntil(lambda: "Moved P-2 back" in window.status_text(), timeout=WAIT_MS)
    assert "approval is not restored" in window.status_text()
    assert _local(lib, "P-2").date() == _day(19) and show_post(lib, "P-2").row.status == "draft"


def test_a_full_day_shows_more_in_the_week_view(
        qtbot: QtBot, harness: UiHarness, planned: Path) -> None:
    window, lib, page = _as_author(qtbot, harness, planned)
    for hour in (16, 17, 18):
        posts.draft_post(lib, "S-1", "facebook", f"Rosa at {hour}.",
                         scheduled_at=when(days=3, hour=hour))
    window.ctx.announce({"post"})                  # as an operation would
    grid = _showing(qtbot, page, _day(3))
    qtbot.waitUntil(lambda: grid.cells[_day(3)].more is not None, timeout=WAIT_MS)
    cell = grid.cells[_day(3)]
    more = cell.more
    assert more is not None and more.text() == "+2 more" and len(cell.chips) == 2
    assert "4 posts" in cell.accessibleName()
    qtbot.mouseClick(more, Qt.MouseButton.LeftButton)
    assert page.mode == "week"
    week = _showing(qtbot, page, _day(3), "week")
    qtbot.waitUntil(lambda: len(week.cells[_day(3)].chips) == 4, timeout=WAIT_MS)
    assert [c.post.display_id for c in week.cells[_day(3)].chips] == ["P-1", "P-4", "P-5",
                                                                      "P-6"]


@pytest.mark.parametrize("window_color, text_color", [("#efefef", "#111111"),
                                                      ("#2b2b2b", "#e8e8e8")])
def test_every_status_and_channel_keeps_contrast_in_light_and_dark(
        qtbot: QtBot, window_color: str, text_color: str) -> None:
    palette = QPalette(QColor(window_color), QColor(window_color))
    palette.setColor(QPalette.ColorRole.WindowText, QColor(text_color))
    for status in colors.statuses():
        look = colors.status_look(status, palette)
        assert colors.contrast(look.text, look.background) >= 4.5, status
        for channel in colors.channels():
            stripe = colors.channel_color(channel, palette, look.background)
            assert colors.contrast(stripe, look.background) >= 3.0, (status, channel)
    band, ink = colors.observance_colors(palette)
    assert colors.contrast(ink, band) >= 4.5
    assert colors.is_dark(palette) == (window_color == "#2b2b2b")
