"""The story list's filters: service line, story status and the patient's consent state.

The service lines offered are the ones the library's stories use, read on the database worker
(:func:`studio.workflow.stories.service_lines`); a remembered choice is offered at once so the
list can open filtered before that answer arrives. The consent states are the ones the story's
consent badge shows, in the badge's words. What the filters mean is the workflow's
(:class:`studio.workflow.story_list.StoryListing`, :mod:`studio.workflow.consent_status`); this
bar only says which one is chosen.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from studio.ui import labels
from studio.ui.context import UiContext
from studio.ui.widgets.consent_badge import status_word
from studio.vocabulary import CONSENT_BADGE_STATUSES, STORY_STATUSES
from studio.workflow.consent_status import EXPIRING_DAYS
from studio.workflow.stories import service_lines
from studio.workflow.story_listing import NO_SERVICE_LINE


class StoryFilterBar(QWidget):
    """Emits ``changed`` when the person picks another service line, status or consent state."""

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
        self.consent_box = self._consent_box()
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
        consent_label = QLabel(self.tr("C&onsent:"))
        consent_label.setBuddy(self.consent_box)
        row.addSpacing(8)
        row.addWidget(consent_label)
        row.addWidget(self.consent_box)
        self._fill_lines([], None)
        for box in (self.line_box, self.status_box, self.consent_box):
            box.currentIndexChanged.connect(self.changed)

    def _consent_box(self) -> QComboBox:
        """The consent states, in the badge's words, each with what it means as a tooltip."""
        box = QComboBox()
        box.setAccessibleName(self.tr("Show stories whose patient's consent is"))
        box.setToolTip(self.tr("Show only the stories whose patient's consent is in this "
                               "state, as the story's consent badge shows it"))
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        n = EXPIRING_DAYS
        meaning = {
            None: self.tr("Every story, whatever its patient's consent"),
            "active": self.tr("A consent is in force and does not end within {n} days")
            .format(n=n),
            "expiring": self.tr("A consent is in force but ends within {n} days").format(n=n),
            "expired": self.tr("The newest consent has expired and none is in force"),
            "revoked": self.tr("The newest consent was revoked and none is in force"),
            "superseded": self.tr("The newest consent was replaced, and its replacement is "
                                  "not in force"),
            "pending": self.tr("The newest consent is in force only from a later day"),
            "none": self.tr("No consent was ever recorded for the patient"),
        }
        for state in (None, *CONSENT_BADGE_STATUSES):
            box.addItem(self.tr("Any consent") if state is None else status_word(state), state)
            box.setItemData(box.count() - 1, meaning[state], Qt.ItemDataRole.ToolTipRole)
        return box

    def service_line(self) -> str | None:
        value = self.line_box.currentData()
        return None if value is None else str(value)

    def status(self) -> str | None:
        value = self.status_box.currentData()
        return None if value is None else str(value)

    def consent(self) -> str | None:
        value = self.consent_box.currentData()
        return None if value is None else str(value)

    def choose(self, service_line: str | None, status: str | None,
               consent: str | None = None) -> None:
        """Show ``service_line``, ``status`` and ``consent`` as chosen (without emitting
        ``changed``); a value the combo does not offer shows as "any"."""
        for box, value in ((self.status_box, status), (self.consent_box, consent)):
            box.blockSignals(True)
            box.setCurrentIndex(max(box.findData(value), 0))
            box.blockSignals(False)
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
