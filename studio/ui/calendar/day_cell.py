"""One day square: its date, room for the observance bands, and the chips of its posts.

The square is transparent: the grid behind it paints the day's background and the bands, so
a band can run across several squares. A month square shows a few chips and "+N more", which
asks for the week view of that day.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from studio.ui import labels
from studio.ui.calendar.chip import PostChip
from studio.ui.pages.base import muted as muted_label
from studio.workflow.calendar_views import CalendarPost


class DayCell(QWidget):
    open_requested = Signal(str)
    move_by_requested = Signal(str, int)
    more_requested = Signal(object)           # dt.date

    def __init__(self, day: dt.date, heading: str, posts: list[CalendarPost], *,
                 band_height: int, max_chips: int | None, detailed: bool, muted: bool,
                 today: bool, observances: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.day = day
        self.posts = posts
        self.observances = observances
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        # Days of another month: the muted ink (still AA contrast), not the disabled grey.
        self.heading = muted_label(heading) if muted else QLabel(heading)
        self.heading.setWordWrap(False)
        font = QFont(self.heading.font())
        font.setBold(today or day.day == 1 or detailed)
        self.heading.setFont(font)
        column = QVBoxLayout(self)
        column.setContentsMargins(4, 3, 4, 4)
        column.setSpacing(2)
        column.addWidget(self.heading)
        column.addSpacing(band_height)
        shown = posts if max_chips is None or len(posts) <= max_chips else posts[:max_chips - 1]
        self.chips: list[PostChip] = []
        for post in shown:
            chip = PostChip(post, detailed=detailed, parent=self)
            chip.open_requested.connect(self.open_requested)
            chip.move_by_requested.connect(self.move_by_requested)
            column.addWidget(chip)
            self.chips.append(chip)
        self.more: QPushButton | None = None
        if len(shown) < len(posts):
            self.more = QPushButton(self.tr("+{n} more").format(n=len(posts) - len(shown)))
            self.more.setFlat(True)
            self.more.setCursor(Qt.CursorShape.PointingHandCursor)
            self.more.setAccessibleName(self.tr("{n} more posts on {day}: show the week").format(
                n=len(posts) - len(shown), day=self.long_date()))
            self.more.setToolTip(self.more.accessibleName())
            self.more.setStyleSheet("text-align: left; padding: 0 4px;")
            self.more.clicked.connect(lambda: self.more_requested.emit(self.day))
            column.addWidget(self.more)
        column.addStretch(1)
        self.setAccessibleName(self.describe())
        if observances:
            self.setToolTip("\n".join(observances))

    def long_date(self) -> str:
        return labels.long_day(self.day)

    def describe(self) -> str:
        """The square in words: the date, how many posts, and the observances of the day."""
        count = {0: self.tr("no posts"), 1: self.tr("1 post")}.get(
            len(self.posts), self.tr("{n} posts").format(n=len(self.posts)))
        parts = [self.long_date(), count, *self.observances]
        return "; ".join(parts)
