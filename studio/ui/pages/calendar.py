"""The Calendar screen: scheduled posts by month or week, observances behind the days.

Reading is :func:`calendar_between` on the worker; a drag to another day (or Alt+arrows on a
chip) is :func:`reschedule_to_day` through ``ctx.op``, and the workflow decides everything: it
refuses a past day or a withdrawn post, and says when a move voided the approval. Ctrl+Z moves
the last post back through the same workflow call. Keys: PgUp/PgDn previous/next, T today,
Ctrl+Shift+M month, Ctrl+Shift+W week.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from studio.ui import labels
from studio.ui.calendar.day_grid import DayGrid
from studio.ui.calendar.legend import Legend
from studio.ui.calendar.month_view import MonthView, month_range, month_title
from studio.ui.calendar.week_view import WeekView, week_range, week_title
from studio.ui.context import CONSENT, POST, REVIEW, UiContext
from studio.ui.dialogs import show_error, show_info
from studio.ui.errors import sentence, user_message
from studio.ui.pages.base import Page, heading, muted
from studio.workflow.calendar_views import CalendarPost, CalendarSpan, calendar_between
from studio.workflow.reschedule import Rescheduled, reschedule, reschedule_to_day


def _scrolled(view: DayGrid) -> QScrollArea:
    area = QScrollArea()
    area.setWidget(view)
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    return area


class CalendarPage(Page):
    watches = frozenset({POST, REVIEW, CONSENT})

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.mode = "month"
        self.anchor = dt.datetime.now(ctx.lib.timezone).date()
        self.span: CalendarSpan | None = None
        self.last_move: Rescheduled | None = None
        self.message = ""
        self._asked = 0
        self._focus_post: str | None = None
        self.month_view, self.week_view = MonthView(), WeekView()
        for view in (self.month_view, self.week_view):
            view.open_requested.connect(self.ctx.open_item)
            view.move_requested.connect(self.move_post)
            view.move_by_requested.connect(self._move_by)
            view.more_requested.connect(self._show_week_of)
        self.stack = QStackedWidget()
        self.stack.addWidget(_scrolled(self.month_view))
        self.stack.addWidget(_scrolled(self.week_view))
        self.period = heading("", 1.15)
        self.period.setAccessibleName(self.tr("Shown period"))
        self.zone_label = muted(self.tr("Times in {zone} (the library's time zone)").format(
            zone=ctx.lib.timezone.key))
        self.zone_label.setWordWrap(False)
        self.legend = Legend()
        column = QVBoxLayout(self)
        column.setContentsMargins(16, 12, 16, 8)
        column.setSpacing(8)
        column.addLayout(self._toolbar())
        column.addWidget(self.legend)
        column.addWidget(self.stack, 1)
        self._shortcuts()
        self._set_mode("month")

    # -- controls --------------------------------------------------------------------------
    def _button(self, text: str, tip: str, slot: object, *, checkable: bool = False
                ) -> QPushButton:
        button = QPushButton(text)
        button.setToolTip(tip)
        button.setAccessibleName(tip.split(" (")[0])
        button.setCheckable(checkable)
        button.clicked.connect(slot)
        return button

    def _toolbar(self) -> QHBoxLayout:
        self.prev_button = self._button("◀", self.tr("Previous (Page Up)"), self.previous)
        self.today_button = self._button(self.tr("Today"), self.tr("Today (T)"), self.today)
        self.next_button = self._button("▶", self.tr("Next (Page Down)"), self.next)
        self.month_button = self._button(self.tr("Month"), self.tr("Month view (Ctrl+Shift+M)"),
                                         lambda: self._set_mode("month"), checkable=True)
        self.week_button = self._button(self.tr("Week"), self.tr("Week view (Ctrl+Shift+W)"),
                                        lambda: self._set_mode("week"), checkable=True)
        self.undo_button = self._button(self.tr("Undo move"),
                                        self.tr("Move the last moved post back (Ctrl+Z)"),
                                        self.undo)
        self.undo_button.setEnabled(False)
        group = QButtonGroup(self)
        group.setExclusive(True)
        group.addButton(self.month_button)
        group.addButton(self.week_button)
        row = QHBoxLayout()
        row.addWidget(heading(self.tr("Calendar")))
        row.addSpacing(12)
        for button in (self.prev_button, self.today_button, self.next_button):
            row.addWidget(button)
        row.addSpacing(8)
        row.addWidget(self.period, 1)
        row.addWidget(self.zone_label)
        row.addSpacing(8)
        row.addWidget(self.undo_button)
        row.addSpacing(8)
        row.addWidget(self.month_button)
        row.addWidget(self.week_button)
        return row

    def _shortcuts(self) -> None:
        for keys, slot in (("PgUp", self.previous), ("PgDown", self.next), ("T", self.today),
                           ("Ctrl+Shift+M", lambda: self._set_mode("month")),
                           ("Ctrl+Shift+W", lambda: self._set_mode("week")),
                           ("Ctrl+Z", self.undo)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(slot)

    # -- navigation ------------------------------------------------------------------------
    def view(self) -> DayGrid:
        return self.month_view if self.mode == "month" else self.week_view

    def shown_range(self) -> tuple[dt.date, dt.date]:
        return month_range(self.anchor) if self.mode == "month" else week_range(self.anchor)

    def _set_mode(self, mode: str) -> None:
        self.mode = mode
        self.month_button.setChecked(mode == "month")
        self.week_button.setChecked(mode == "week")
        self.stack.setCurrentIndex(0 if mode == "month" else 1)
        self.reload()

    def show_day(self, day: dt.date, mode: str | None = None) -> None:
        """Show the month (or week) holding ``day``."""
        self.anchor, self.message = day, ""
        self._set_mode(mode or self.mode)

    def _step(self, sign: int) -> None:
        self.message = ""
        if self.mode == "week":
            self.anchor += dt.timedelta(days=7 * sign)
        else:
            month = self.anchor.month - 1 + sign
            self.anchor = dt.date(self.anchor.year + month // 12, month % 12 + 1, 1)
        self.reload()

    def previous(self) -> None:
        self._step(-1)

    def next(self) -> None:
        self._step(1)

    def today(self) -> None:
        self.show_day(dt.datetime.now(self.ctx.lib.timezone).date())

    def _show_week_of(self, day: dt.date) -> None:
        self.show_day(day, "week")

    # -- reading ---------------------------------------------------------------------------
    def reload(self) -> None:
        first, last = self.shown_range()
        self.period.setText(month_title(self.anchor) if self.mode == "month"
                            else week_title(self.anchor))
        self._asked += 1
        asked, lib = self._asked, self.ctx.lib
        self.ctx.query(lambda: calendar_between(lib, first, last),
                       lambda span: self._show(asked, span), owner=self,
                       title=self.tr("Calendar"))

    def _show(self, asked: int, span: CalendarSpan) -> None:
        if asked != self._asked:
            return  # the person moved on; a newer answer is coming
        self.span = span
        today = dt.datetime.now(self.ctx.lib.timezone).date()
        if self.mode == "month":
            self.month_view.show_span(span.first, 6, span, month=self.anchor.month, today=today)
        else:
            self.week_view.show_span(span.first, 1, span, today=today)
        if self._focus_post is not None:
            chip = self.view().chip(self._focus_post)
            if chip is not None:
                chip.setFocus()
            self._focus_post = None
        self.status_changed.emit(self.status_text())

    def row(self, display_id: str) -> CalendarPost | None:
        posts = self.span.posts if self.span else ()
        return next((p for p in posts if p.display_id == display_id), None)

    def status_text(self) -> str:
        if self.message:
            return self.message
        n = len(self.span.posts) if self.span else 0
        text = {0: self.tr("No posts scheduled in this period"),
                1: self.tr("1 post scheduled in this period")}.get(
            n, self.tr("{n} posts scheduled in this period").format(n=n))
        if self.span is not None and self.span.truncated:
            text += self.tr(" (showing the first {n})").format(n=n)
        return text

    def _say(self, text: str) -> None:
        self.message = text
        self.status_changed.emit(text)

    # -- moving ----------------------------------------------------------------------------
    def _move_by(self, display_id: str, days: int) -> None:
        row = self.row(display_id)
        if row is not None:
            self._focus_post = display_id
            self.move_post(display_id, row.day + dt.timedelta(days=days))

    def move_post(self, display_id: str, day: dt.date) -> None:
        """Reschedule ``display_id`` to ``day`` through the workflow (drop or keys)."""
        row = self.row(display_id)
        if row is None or row.day == day:
            return
        title = self.tr("{id} was not moved").format(id=display_id)
        if row.why_not_move is not None:
            self._say(f"{title}: {sentence(row.why_not_move)}")
            show_error(self, title, sentence(row.why_not_move))
            return
        lib = self.ctx.lib
        if self._focus_post == display_id:
            self.anchor = day  # keyboard moves: keep the chip on screen
        self.ctx.op(lambda: reschedule_to_day(lib, display_id, day), self._moved,
                    changes={POST}, owner=self,
                    failed=lambda exc: self._refused(title, exc))

    def _moved(self, result: Rescheduled) -> None:
        self.last_move = result
        self.undo_button.setEnabled(True)
        zone = self.ctx.lib.timezone
        text = self.tr("Moved {id} to {when}.").format(id=result.display_id,
                                                      when=labels.when(result.after, zone))
        if result.notice:
            text += " " + result.notice
            box = show_info if not result.approval_voided else show_error
            box(self, self.tr("{id} moved").format(id=result.display_id), result.notice)
        self._say(text)

    def _refused(self, title: str, exc: BaseException) -> None:
        self._focus_post = None
        self._say(f"{title}: {user_message(exc)}")
        show_error(self, title, user_message(exc))
        self.reload()

    def undo(self) -> None:
        last = self.last_move
        if last is None:
            self._say(self.tr("Nothing to undo."))
            return
        lib = self.ctx.lib

        def done(result: Rescheduled) -> None:
            self.last_move = None
            self.undo_button.setEnabled(False)
            text = self.tr("Moved {id} back to {when}.").format(
                id=result.display_id, when=labels.when(result.after, self.ctx.lib.timezone))
            if last.approval_voided:
                text += " " + self.tr("Its approval is not restored: submit it for review "
                                      "again.")
            self._say(text)

        self.ctx.op(lambda: reschedule(lib, last.display_id, last.before,
                                       only_if_at=last.after),
                    done, changes={POST}, owner=self,
                    failed=lambda exc: self._refused(
                        self.tr("{id} was not moved back").format(id=last.display_id), exc))
