"""The take-down list after a revocation: on screen, and saved as CSV for whoever must act.

The CSV is opened in spreadsheets, so every cell that a spreadsheet would read as a formula
(starting with = + - @, a tab or a carriage return) gets a leading apostrophe (OWASP's CSV
injection advice). It is built in memory and written atomically where the person chose.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from studio.library.fileio import atomic_write_bytes
from studio.ui import labels
from studio.workflow.takedown import TakedownItem

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
HEADER = ("post", "channel", "scheduled_at", "status_before", "exports", "must_act")


def neutralise(cell: str) -> str:
    """A cell a spreadsheet shows as text, never evaluates."""
    return "'" + cell if cell.startswith(_FORMULA_STARTS) else cell


def takedown_csv(items: list[TakedownItem], zone: ZoneInfo) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for item in items:
        row = (item.post, item.channel, labels.when(item.scheduled_at, zone, empty=""),
               item.status_before, " ".join(item.exports), "yes" if item.must_act else "no")
        writer.writerow([neutralise(str(cell)) for cell in row])
    return out.getvalue().encode("utf-8-sig")  # the BOM makes Excel read UTF-8


class TakedownDialog(QDialog):
    def __init__(self, consent: str, items: list[TakedownItem], zone: ZoneInfo,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.items = items
        self.zone = zone
        self.setWindowTitle(self.tr("Take-down list for {id}").format(id=consent))
        act = sum(1 for i in items if i.must_act)
        text = self.tr("{id} is revoked. {n} post(s) were withdrawn; {act} of them already "
                       "left the library and must be taken down where they were sent.").format(
            id=consent, n=len(items), act=act) if items else self.tr(
            "{id} is revoked. No post relied on it, so nothing needs taking down.").format(
            id=consent)
        self.summary = QLabel(text)
        self.summary.setWordWrap(True)
        self.model = QStandardItemModel(0, 6, self)
        self.model.setHorizontalHeaderLabels(
            [self.tr("Post"), self.tr("Channel"), self.tr("Scheduled"), self.tr("Was"),
             self.tr("Exports"), self.tr("Action needed")])
        for item in items:
            self.model.appendRow([QStandardItem(v) for v in (
                item.post, labels.channel(item.channel), labels.when(item.scheduled_at, zone),
                labels.post_status(item.status_before), " ".join(item.exports) or "—",
                self.tr("Take it down") if item.must_act else self.tr("None: never left"))])
        table = QTableView()
        table.setModel(self.model)
        table.setAccessibleName(self.tr("Withdrawn posts"))
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().hide()
        table.resizeColumnsToContents()
        table.horizontalHeader().setStretchLastSection(True)
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.save_button = QPushButton(self.tr("&Save as CSV…"))
        self.save_button.clicked.connect(self._choose)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(table, 1)
        layout.addWidget(self.result_label)
        layout.addWidget(buttons)
        self.resize(720, 360)

    def _choose(self) -> None:
        dialog = QFileDialog(self, self.tr("Save the take-down list"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilter(self.tr("CSV (*.csv)"))
        dialog.setDefaultSuffix("csv")
        dialog.selectFile("takedown.csv")
        dialog.fileSelected.connect(lambda name: self.save_csv(Path(name)))
        dialog.open()

    def save_csv(self, path: Path) -> None:
        try:
            atomic_write_bytes(path, takedown_csv(self.items, self.zone))
        except OSError as exc:
            self.result_label.setText(self.tr("Could not save {path}: {reason}. Choose another "
                                              "folder.").format(path=path,
                                                                reason=exc.strerror or exc))
            return
        self.result_label.setText(self.tr("Saved to {path}").format(path=path))
