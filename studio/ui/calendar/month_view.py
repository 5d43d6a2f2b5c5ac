"""The month view: six weeks of squares from the week holding the 1st, weekday names on top.

A square shows up to three chips; "+N more" opens the week view of that day.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QLabel

from studio.ui.calendar.day_grid import DayGrid
from studio.workflow.calendar_views import CalendarSpan

WEEKS = 6


def first_weekday() -> int:
    """The first day of the week in the user's locale, Monday = 0."""
    return QLocale().firstDayOfWeek().value - 1


def week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=(day.weekday() - first_weekday()) % 7)


def month_range(day: dt.date) -> tuple[dt.date, dt.date]:
    """First and last day of the six-week grid that shows ``day``'s month."""
    start = week_start(day.replace(day=1))
    return start, start + dt.timedelta(days=7 * WEEKS - 1)


def month_title(day: dt.date) -> str:
    return f"{QLocale().standaloneMonthName(day.month)} {day.year}"


class MonthView(DayGrid):
    max_chips = 3

    def __init__(self) -> None:
        super().__init__()
        self.setAccessibleName(self.tr("Month"))

    def heading_for(self, day: dt.date) -> str:
        if day.day == 1:
            short = QLocale().standaloneMonthName(day.month, QLocale.FormatType.ShortFormat)
            return f"{day.day} {short}"
        return str(day.day)

    def add_headers(self, first: dt.date) -> None:
        locale = QLocale()
        for column in range(7):
            weekday = (first + dt.timedelta(days=column)).weekday()
            label = QLabel(locale.dayName(weekday + 1, QLocale.FormatType.ShortFormat))
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setAccessibleName(locale.dayName(weekday + 1))
            label.setAutoFillBackground(True)
            self._grid.addWidget(label, 0, column)

    def show_month(self, day: dt.date, span: CalendarSpan | None) -> None:
        first, _last = month_range(day)
        self.show_span(first, WEEKS, span, month=day.month)

