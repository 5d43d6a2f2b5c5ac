"""The week view: seven tall squares, every post of each day with its time, channel and status
on one line and its first words on the next."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QLocale

from studio.ui.calendar.day_grid import DayGrid
from studio.ui.calendar.month_view import week_start
from studio.workflow.calendar_views import CalendarSpan


def week_range(day: dt.date) -> tuple[dt.date, dt.date]:
    start = week_start(day)
    return start, start + dt.timedelta(days=6)


def week_title(day: dt.date) -> str:
    first, last = week_range(day)
    locale = QLocale()
    fmt = "d MMM" if first.year == last.year else "d MMM yyyy"
    return f"{locale.toString(QDate(first.year, first.month, first.day), fmt)} – " \
           f"{locale.toString(QDate(last.year, last.month, last.day), 'd MMM yyyy')}"


class WeekView(DayGrid):
    max_chips = None
    detailed = True

    def __init__(self) -> None:
        super().__init__()
        self.setAccessibleName(self.tr("Week"))

    def heading_for(self, day: dt.date) -> str:
        return QLocale().toString(QDate(day.year, day.month, day.day), "ddd d MMM")

    def show_week(self, day: dt.date, span: CalendarSpan | None) -> None:
        first, _last = week_range(day)
        self.show_span(first, 1, span)
