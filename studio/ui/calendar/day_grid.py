"""Weeks of day squares: what the month and week views share.

The grid paints each day's background (today marked, days of other months muted, the square
under a dragged post highlighted) and the observance bands across the days they cover, then
the transparent :class:`DayCell` squares draw the dates and chips on top. A post dropped on a
square asks for a reschedule (``move_requested``); the page runs it through the workflow.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QPoint, QRect, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QFont,
    QFontMetrics,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QGridLayout, QWidget

from studio.ui.calendar import colors
from studio.ui.calendar.bands import Band, lanes_between, layout_bands
from studio.ui.calendar.chip import PostChip, mime_post
from studio.ui.calendar.day_cell import DayCell
from studio.workflow.calendar_views import CalendarPost, CalendarSpan

HEADER_ROWS = 1   # row 0 may hold the weekday names


class DayGrid(QWidget):
    open_requested = Signal(str)               # P-n
    move_requested = Signal(str, object)       # P-n, dt.date
    move_by_requested = Signal(str, int)       # P-n, days
    more_requested = Signal(object)            # dt.date

    max_chips: int | None = None
    detailed = False

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.cells: dict[dt.date, DayCell] = {}
        self.bands: list[Band] = []
        self.first = dt.date.today()
        self.weeks = 1
        self.month: int | None = None
        self._target: dt.date | None = None
        self._today = dt.date.today()
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(1)

    # -- contents --------------------------------------------------------------------------
    def heading_for(self, day: dt.date) -> str:
        return str(day.day)

    def add_headers(self, first: dt.date) -> None:
        """Row 0 above the squares (the month view names the weekdays there)."""

    def band_font(self) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 0.9)
        return font

    def lane_height(self) -> int:
        return QFontMetrics(self.band_font()).height() + 3

    def show_span(self, first: dt.date, weeks: int, span: CalendarSpan | None,
                  *, month: int | None = None, today: dt.date | None = None) -> None:
        """Rebuild the squares for ``weeks`` weeks from ``first`` with ``span``'s posts."""
        while self._grid.count():
            item = self._grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.cells.clear()
        self.first, self.weeks, self.month = first, weeks, month
        last = first + dt.timedelta(days=7 * weeks - 1)
        self.bands = layout_bands(span.observances if span else (), first, last)
        today = today or dt.date.today()
        by_day: dict[dt.date, list[CalendarPost]] = {}
        for post in span.posts if span else ():
            by_day.setdefault(post.day, []).append(post)
        self.add_headers(first)
        for week in range(weeks):
            start = first + dt.timedelta(days=7 * week)
            lanes = lanes_between(self.bands, start, start + dt.timedelta(days=6))
            for column in range(7):
                day = start + dt.timedelta(days=column)
                names = [n for b in self.bands if b.covers(day) for n in b.names]
                cell = DayCell(day, self.heading_for(day), by_day.get(day, []),
                               band_height=lanes * self.lane_height(),
                               max_chips=self.max_chips, detailed=self.detailed,
                               muted=month is not None and day.month != month,
                               today=day == today, observances=names, parent=self)
                cell.open_requested.connect(self.open_requested)
                cell.move_by_requested.connect(self.move_by_requested)
                cell.more_requested.connect(self.more_requested)
                self._grid.addWidget(cell, HEADER_ROWS + week, column)
                self.cells[day] = cell
            self._grid.setRowStretch(HEADER_ROWS + week, 1)
        for column in range(7):
            self._grid.setColumnStretch(column, 1)
        self._today = today
        self._grid.activate()  # place the squares now: drops and bands need their geometry
        self.update()

    def chips(self) -> list[PostChip]:
        return [chip for cell in self.cells.values() for chip in cell.chips]

    def chip(self, display_id: str) -> PostChip | None:
        return next((c for c in self.chips() if c.post.display_id == display_id), None)

    def day_at(self, pos: QPoint) -> dt.date | None:
        return next((day for day, cell in self.cells.items()
                     if cell.geometry().contains(pos)), None)

    # -- painting --------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        palette = self.palette()
        base = palette.color(palette.ColorRole.Base)
        other = palette.color(palette.ColorRole.AlternateBase)
        highlight = palette.color(palette.ColorRole.Highlight)
        painter.fillRect(self.rect(), palette.color(palette.ColorRole.Mid))
        for day, cell in self.cells.items():
            muted = self.month is not None and day.month != self.month
            painter.fillRect(cell.geometry(), other if muted else base)
            if day == self._today:
                tint = QColor(highlight)
                tint.setAlpha(40)
                painter.fillRect(cell.geometry(), tint)
        self._paint_bands(painter)
        if self._target in self.cells:
            painter.setPen(QPen(highlight, 3))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(self.cells[self._target].geometry().adjusted(1, 1, -2, -2))
        painter.end()

    def _paint_bands(self, painter: QPainter) -> None:
        fill, ink = colors.observance_colors(self.palette())
        painter.setFont(self.band_font())
        lane_h = self.lane_height()
        for band in self.bands:
            for week in range(self.weeks):
                start = self.first + dt.timedelta(days=7 * week)
                a = max(band.first, start)
                b = min(band.last, start + dt.timedelta(days=6))
                if a > b or a not in self.cells or b not in self.cells:
                    continue
                left, right = self.cells[a], self.cells[b]
                top = left.y() + left.heading.geometry().bottom() + 3 + band.lane * lane_h
                rect = QRect(left.x() + 2, top, right.geometry().right() - left.x() - 3,
                             lane_h - 2)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(fill)
                painter.drawRoundedRect(rect, 3, 3)
                painter.setPen(ink)
                text = painter.fontMetrics().elidedText(band.label, Qt.TextElideMode.ElideRight,
                                                        rect.width() - 8)
                painter.drawText(rect.adjusted(4, 0, -4, 0),
                                 int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
                                 text)

    # -- dropping posts --------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if mime_post(event.mimeData()) is not None:
            event.acceptProposedAction()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        day = self.day_at(event.position().toPoint())
        if day is None or mime_post(event.mimeData()) is None:
            event.ignore()
            return
        event.acceptProposedAction()
        if day != self._target:
            self._target = day
            self.update()

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self._target = None
        self.update()

    def dropEvent(self, event: QDropEvent) -> None:
        self._target = None
        self.update()
        post = mime_post(event.mimeData())
        day = self.day_at(event.position().toPoint())
        if post is None or day is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.move_requested.emit(post, day)
