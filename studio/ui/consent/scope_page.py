"""Wizard page 2: what may be used, where, until when, and whether the patient is paid.

Channels and uses are the closed lists of the domain (``CHANNELS``, ``USES``); expiry is a date
or an event, as the authorization needs one of them; remuneration must be disclosed on the form
and in every post, so it is asked for explicitly rather than left to a free-text note.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDateEdit,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWizardPage,
)

from studio.channels import channel as channel_spec
from studio.models.enums import CHANNELS, USES
from studio.ui import labels
from studio.ui.qt_dates import pydate, qdate


class ScopePage(QWizardPage):
    def __init__(self, default_expiry: dt.date) -> None:
        super().__init__()
        self.setTitle(self.tr("What may be shared, where, and until when?"))
        self.setSubTitle(self.tr("Tick only what the patient agrees to. Posts are checked "
                                 "against exactly these choices."))
        self.channel_boxes = self._grid(
            self.tr("Channels"), [(c, channel_spec(c).label) for c in CHANNELS])
        self.use_boxes = self._grid(self.tr("Details about the patient"),
                                    [(u, labels.use(u)) for u in USES])

        self.date_radio = QRadioButton(self.tr("Ends on a date:"))
        self.event_radio = QRadioButton(self.tr("Ends when:"))
        self.date_radio.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.date_radio)
        group.addButton(self.event_radio)
        self.expires_on = QDateEdit(qdate(default_expiry))
        self.expires_on.setCalendarPopup(True)
        self.expires_on.setDisplayFormat("yyyy-MM-dd")
        self.expires_on.setAccessibleName(self.tr("Expiry date"))
        self.expiry_event = QLineEdit()
        self.expiry_event.setAccessibleName(self.tr("Expiry event"))
        self.expiry_event.setPlaceholderText(self.tr("e.g. the end of the 2027 heart-health "
                                                     "campaign"))
        expiry = QGroupBox(self.tr("Expiry"))
        grid = QGridLayout(expiry)
        grid.addWidget(self.date_radio, 0, 0)
        grid.addWidget(self.expires_on, 0, 1)
        grid.addWidget(self.event_radio, 1, 0)
        grid.addWidget(self.expiry_event, 1, 1)
        grid.setColumnStretch(1, 1)

        self.paid_box = QCheckBox(self.tr("The patient receives payment or a gift for this"))
        self.paid_what = QLineEdit()
        self.paid_what.setAccessibleName(self.tr("Payment or gift"))
        self.paid_what.setPlaceholderText(self.tr("What, e.g. a $50 gift card"))
        paid = QGroupBox(self.tr("Remuneration"))
        paid_row = QHBoxLayout(paid)
        paid_row.addWidget(self.paid_box)
        paid_row.addWidget(self.paid_what, 1)

        layout = QVBoxLayout(self)
        layout.addWidget(self.channel_boxes[0])
        layout.addWidget(self.use_boxes[0])
        layout.addWidget(expiry)
        layout.addWidget(paid)
        for box in (*self.channel_boxes[1].values(), *self.use_boxes[1].values(),
                    self.paid_box):
            box.toggled.connect(self._changed)
        for radio in (self.date_radio, self.event_radio):
            radio.toggled.connect(self._changed)
        for edit in (self.expiry_event, self.paid_what):
            edit.textChanged.connect(self._changed)
        self._changed()

    def _grid(self, title: str, items: list[tuple[str, str]]
              ) -> tuple[QGroupBox, dict[str, QCheckBox]]:
        box = QGroupBox(title)
        grid = QGridLayout(box)
        boxes = {}
        for i, (key, text) in enumerate(items):
            check = QCheckBox(text)
            check.setAccessibleName(text)
            grid.addWidget(check, i // 4, i % 4)
            boxes[key] = check
        return box, boxes

    def _changed(self) -> None:
        self.expires_on.setEnabled(self.date_radio.isChecked())
        self.expiry_event.setEnabled(self.event_radio.isChecked())
        self.paid_what.setEnabled(self.paid_box.isChecked())
        self.completeChanged.emit()

    # -- values ----------------------------------------------------------------------------
    def channels(self) -> list[str]:
        return [k for k, b in self.channel_boxes[1].items() if b.isChecked()]

    def uses(self) -> list[str]:
        return [k for k, b in self.use_boxes[1].items() if b.isChecked()]

    def expiry_date(self) -> dt.date | None:
        return pydate(self.expires_on.date()) if self.date_radio.isChecked() else None

    def expiry_event_text(self) -> str | None:
        return self.expiry_event.text().strip() or None if self.event_radio.isChecked() \
            else None

    def remuneration(self) -> str | None:
        return self.paid_what.text().strip() or None if self.paid_box.isChecked() else None

    def isComplete(self) -> bool:
        """Every part of the form answered; whether the answers are acceptable is the
        workflow's call when the consent is signed."""
        answered_expiry = self.date_radio.isChecked() or bool(self.expiry_event_text())
        answered_pay = not self.paid_box.isChecked() or bool(self.remuneration())
        return bool(self.channels() and self.uses() and answered_expiry and answered_pay)
