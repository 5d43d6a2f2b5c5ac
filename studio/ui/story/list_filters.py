"""The story list's filters: a service-line combo and a status combo.

The service lines offered are the ones the library's stories use, read on the database worker
(:func:`studio.workflow.stories.service_lines`); a remembered choice is offered at once so the
list can open filtered before that answer arrives. What the filters mean is the workflow's
(:class:`studio.workflow.story_list.StoryListing`); this bar only says which one is chosen.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from studio.ui import labels
from studio.ui.context import UiContext
from studio.vocabulary import STORY_STATUSES
from studio.workflow.stories import service_lines
from studio.workflow.story_listing import NO_SERVICE_LINE


class StoryFilterBar(QWidget):
    """Emits ``changed`` when the person picks another service line or status."""

    changed = Signal()

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.line_box = QComboBox()
        self.line_box.setAccessibleName(self.tr("Show stories of service line"))
        self.line_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.status_box = QComboBox()
        self.status_box.setAccessibleName(self.tr("Show stories with status"))
        self.status_box.addItem(self.tr("Any status"), None)
        for status in STORY_STATUSES:
            self.status_box.addItem(labels.story_status(status), status)
        line_label = QLabel(self.tr("Ser&vice line:"))
        line_label.setBuddy(self.line_box)
        status_label = QLabel(self.tr("Stat&us:"))
        status_label.setBuddy(self.status_box)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(line_label)
        row.addWidget(self.line_box)
        row.addSpacing(8)
        row.addWidget(status_label)
        row.addWidget(self.status_box)
        self._fill_lines([], None)
        self.line_box.currentIndexChanged.connect(self.changed)
        self.status_box.currentIndexChanged.connect(self.changed)

    def service_line(self) -> str | None:
        value = self.line_box.currentData()
        return None if value is None else str(value)

    def status(self) -> str | None:
        value = self.status_box.currentData()
        return None if value is None else str(value)

    def choose(self, service_line: str | None, status: str | None) -> None:
        """Show ``service_line`` and ``status`` as chosen (without emitting ``changed``)."""
        self.status_box.blockSignals(True)
        self.status_box.setCurrentIndex(max(self.status_box.findData(status), 0))
        self.status_box.blockSignals(False)
        self._fill_lines([self.line_box.itemData(i) for i in range(2, self.line_box.count())],
                         service_line)

    def reload(self) -> None:
        """Read again which service lines the stories use (on the worker)."""
        lib = self.ctx.lib
        self.ctx.query(lambda: service_lines(lib),
                       lambda lines: self._fill_lines(lines, self.service_line()),
                       owner=self, title=self.tr("Stories"))

    def _fill_lines(self, lines: list[str], chosen: str | None) -> None:
        box = self.line_box
        box.blockSignals(True)
        box.clear()
        box.addItem(self.tr("Any service line"), None)
        box.addItem(self.tr("No service line"), NO_SERVICE_LINE)
        offered = list(lines)
        if chosen and chosen not in offered:
            offered.append(chosen)  # remembered; keep it choosable until the list says more
        for line in offered:
            box.addItem(line, line)
        box.setCurrentIndex(max(box.findData(chosen), 0) if chosen is not None else 0)
        box.blockSignals(False)
