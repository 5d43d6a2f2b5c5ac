"""What to export, in which format, which posts, and where to: the Exports screen's form.

It decides nothing: the formats are the ones the workflow knows (``CALENDAR_FORMATS``), whether
observances fit a format is :func:`why_not_observances`, the file ending is
:func:`calendar_suffix`, and the destination is judged by the workflow before any work starts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDate, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from studio.channels import all_channels
from studio.ui.pages.base import muted
from studio.ui.widgets.dialog_parts import error_label
from studio.workflow.exports import CALENDAR_FORMATS, calendar_suffix, why_not_observances

PACKAGES, CALENDAR = "posts", "calendar"


def _tr(text: str) -> str:
    return QCoreApplication.translate("exports", text)


def format_descriptions() -> dict[str, str]:
    """One line per format the workflow knows: which app the file is for."""
    return {
        "ics": _tr("iCalendar (.ics): one event per post, for Google Calendar, Outlook or "
                   "Apple Calendar"),
        "hootsuite": _tr("Hootsuite bulk composer: one CSV per channel"),
        "buffer": _tr("Buffer bulk upload: one CSV per channel"),
        "sprout": _tr("Sprout Social bulk scheduling: one CSV per channel"),
        "publer": _tr("Publer bulk import template: one CSV per channel"),
        "csv": _tr("Spreadsheet (.csv) of the calendar for people: Excel, LibreOffice, "
                   "Google Sheets"),
    }


@dataclass(frozen=True)
class ExportOptions:
    kind: str                         # PACKAGES | CALENDAR
    format: str                       # a calendar format; "package" for packages
    channels: tuple[str, ...]         # packages only; empty: every channel
    date_from: dt.date | None
    date_to: dt.date | None
    observances: bool
    destination: Path | None

    @property
    def wants_folder(self) -> bool:
        return self.kind == PACKAGES


def _date(edit: QDateEdit, box: QCheckBox) -> dt.date | None:
    if not box.isChecked():
        return None
    q = edit.date()
    return dt.date(q.year(), q.month(), q.day())


class ExportOptionsForm(QWidget):
    """Emits ``destination_chosen`` when the person picks or types a new destination."""

    destination_chosen = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.packages_radio = QRadioButton(self.tr("&Post packages: a folder per post with its "
                                                   "text, sized pictures and alt text"))
        self.packages_radio.setAccessibleName(self.tr("Export post packages"))
        self.calendar_radio = QRadioButton(self.tr("Content &calendar: one file for a calendar "
                                                   "app, a scheduler or a spreadsheet"))
        self.calendar_radio.setAccessibleName(self.tr("Export the content calendar"))
        self._kinds = QButtonGroup(self)
        self._kinds.addButton(self.packages_radio)
        self._kinds.addButton(self.calendar_radio)
        self.packages_radio.setChecked(True)

        self.format_combo = QComboBox()
        self.format_combo.setAccessibleName(self.tr("Calendar format"))
        for name in CALENDAR_FORMATS:
            self.format_combo.addItem(name, name)
        self.format_help = muted()
        self.format_help.setAccessibleName(self.tr("What the format is for"))

        self.channel_boxes: dict[str, QCheckBox] = {}
        self.channels = channels = QWidget()
        grid = QGridLayout(channels)
        grid.setContentsMargins(0, 0, 0, 0)
        for n, (name, spec) in enumerate(all_channels().items()):
            box = QCheckBox(spec.label)
            box.setAccessibleName(self.tr("Only {channel}").format(channel=spec.label))
            self.channel_boxes[name] = box
            grid.addWidget(box, n // 4, n % 4)
        self.channels_help = muted(self.tr("None ticked: every channel."))

        self.from_box, self.from_date = self._date_pair(self.tr("&From"), self.tr("First day"))
        self.to_box, self.to_date = self._date_pair(self.tr("&To"), self.tr("Last day"))
        dates = QHBoxLayout()
        for widget in (self.from_box, self.from_date, self.to_box, self.to_date):
            dates.addWidget(widget)
        dates.addStretch(1)
        self.range_help = muted(self.tr("By scheduled day; nothing ticked: every post."))

        self.observances_box = QCheckBox(self.tr("Add health &observances as all-day events"))
        self.observances_box.setAccessibleName(self.tr("Include health observances"))

        self.destination = QLineEdit()
        self.destination.setAccessibleName(self.tr("Destination"))
        self.destination.editingFinished.connect(self.destination_chosen.emit)
        self.browse_button = QPushButton(self.tr("C&hoose…"))
        self.browse_button.setAccessibleName(self.tr("Choose the destination"))
        self.browse_button.clicked.connect(self.choose_destination)
        where = QHBoxLayout()
        where.addWidget(self.destination, 1)
        where.addWidget(self.browse_button)
        self.destination_error = error_label()
        self.destination_error.setAccessibleName(self.tr("Destination problem"))

        kinds = QVBoxLayout()
        kinds.addWidget(self.packages_radio)
        kinds.addWidget(self.calendar_radio)
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.form.addRow(self.tr("What:"), kinds)
        self.form.addRow(self.tr("Format:"), self.format_combo)
        self.form.addRow("", self.format_help)
        self.form.addRow(self.tr("Channels:"), channels)
        self.form.addRow("", self.channels_help)
        self.form.addRow(self.tr("Scheduled:"), dates)
        self.form.addRow("", self.range_help)
        self.form.addRow("", self.observances_box)
        self.form.addRow(self.tr("Save to:"), where)
        self.form.addRow("", self.destination_error)

        self.packages_radio.toggled.connect(self._kind_changed)
        self.format_combo.currentIndexChanged.connect(self._format_changed)
        self._kind_changed()

    def _date_pair(self, text: str, name: str) -> tuple[QCheckBox, QDateEdit]:
        box = QCheckBox(text)
        box.setAccessibleName(self.tr("Limit: {what}").format(what=name))
        edit = QDateEdit(QDate.currentDate())
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setAccessibleName(name)
        edit.setEnabled(False)
        box.toggled.connect(edit.setEnabled)
        return box, edit

    # -- state -----------------------------------------------------------------------------
    def kind(self) -> str:
        return PACKAGES if self.packages_radio.isChecked() else CALENDAR

    def set_kind(self, kind: str) -> None:
        (self.packages_radio if kind == PACKAGES else self.calendar_radio).setChecked(True)

    def set_format(self, fmt: str) -> None:
        self.format_combo.setCurrentIndex(self.format_combo.findData(fmt))

    def options(self) -> ExportOptions:
        calendar = self.kind() == CALENDAR
        text = self.destination.text().strip()
        return ExportOptions(
            kind=self.kind(),
            format=str(self.format_combo.currentData()) if calendar else "package",
            channels=() if calendar else tuple(n for n, b in self.channel_boxes.items()
                                               if b.isChecked()),
            date_from=_date(self.from_date, self.from_box),
            date_to=_date(self.to_date, self.to_box),
            observances=calendar and self.observances_box.isEnabled()
            and self.observances_box.isChecked(),
            destination=Path(text).expanduser() if text else None)

    def show_destination_problem(self, text: str) -> None:
        self.destination_error.setText(text)

    def _kind_changed(self) -> None:
        calendar = self.kind() == CALENDAR
        for field in (self.format_combo, self.format_help, self.observances_box):
            self.form.setRowVisible(field, calendar)
        for field in (self.channels, self.channels_help):
            self.form.setRowVisible(field, not calendar)
        self.destination.setPlaceholderText(
            self.tr("A file, e.g. content-calendar{suffix}").format(
                suffix=calendar_suffix(str(self.format_combo.currentData())))
            if calendar else self.tr("A folder; each export gets its own E-n folder inside"))
        self.destination.clear()
        self.destination_error.clear()
        self._format_changed()

    def _format_changed(self) -> None:
        fmt = str(self.format_combo.currentData())
        self.format_help.setText(format_descriptions().get(fmt, fmt))
        refusal = why_not_observances(fmt)
        self.observances_box.setEnabled(refusal is None)
        self.observances_box.setToolTip(refusal.capitalize() + "." if refusal else "")
        text = self.destination.text().strip()
        if self.kind() == CALENDAR and text:      # keep the name, follow the format's ending
            path = Path(text)
            self.destination.setText(str(path.with_suffix(calendar_suffix(fmt))))

    # -- choosing where --------------------------------------------------------------------
    def choose_destination(self) -> None:
        """The native dialog: a folder for packages, a file with the right ending for a
        calendar (scheduler formats write FILE-CHANNEL.csv beside it)."""
        current = self.destination.text().strip()
        if self.kind() == PACKAGES:
            chosen = QFileDialog.getExistingDirectory(self, self.tr("Export packages to"),
                                                      current)
        else:
            suffix = calendar_suffix(str(self.format_combo.currentData()))
            suggested = current or str(Path.home() / f"content-calendar{suffix}")
            chosen, _filter = QFileDialog.getSaveFileName(
                self, self.tr("Save the calendar as"), suggested,
                self.tr("{suffix} files (*{suffix})").format(suffix=suffix))
            if chosen and not chosen.lower().endswith(suffix):
                chosen += suffix
        if chosen:
            self.destination.setText(chosen)
            self.destination_chosen.emit()
