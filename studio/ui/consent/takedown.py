"""The take-down list after a revocation: on screen, and saved as CSV or PDF for whoever acts.

The files are made by :mod:`studio.exporters.takedown` and written by the workflow
(:func:`studio.workflow.takedown_list.save_takedown_list`) on the database worker: saving is
on the audit record, like a saved copy of the signed form, and all-or-nothing.
"""

from __future__ import annotations

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

from studio.ui import labels
from studio.ui.context import UiContext
from studio.ui.errors import user_message
from studio.workflow.takedown import TakedownItem
from studio.workflow.takedown_list import save_takedown_list


def _context_near(widget: QWidget | None) -> UiContext:
    """The session of the page that opened the dialog (every Page carries ``ctx``)."""
    while widget is not None:
        ctx = getattr(widget, "ctx", None)
        if isinstance(ctx, UiContext):
            return ctx
        widget = widget.parentWidget()
    raise TypeError("TakedownDialog needs ctx= or a parent screen that has a UiContext")


class TakedownDialog(QDialog):
    """The withdrawn posts of ``consent``, with Save as CSV… and Save as PDF…."""

    def __init__(self, consent: str, items: list[TakedownItem], zone: ZoneInfo,
                 parent: QWidget | None = None, *, ctx: UiContext | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx or _context_near(parent)
        self.consent = consent
        self.items = items
        self.zone = zone
        self.saved_path: Path | None = None
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
        self.save_button.setToolTip(self.tr("A spreadsheet of the list"))
        self.save_button.clicked.connect(lambda: self._choose("csv"))
        self.pdf_button = QPushButton(self.tr("Save as &PDF…"))
        self.pdf_button.setToolTip(self.tr("A page to print, with a line to initial for each "
                                           "post taken down"))
        self.pdf_button.clicked.connect(lambda: self._choose("pdf"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.pdf_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(table, 1)
        layout.addWidget(self.result_label)
        layout.addWidget(buttons)
        self.resize(720, 360)

    def _choose(self, fmt: str) -> None:
        suffix = f".{fmt}"
        suggested = str(Path.home() / f"{self.consent}-takedown{suffix}")
        chosen, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Save the take-down list"), suggested,
            self.tr("{kind} files (*{suffix})").format(kind=fmt.upper(), suffix=suffix))
        if not chosen:
            return
        if not chosen.lower().endswith(suffix):
            chosen += suffix
        self.save(Path(chosen), fmt)

    def save(self, path: Path, fmt: str) -> None:
        """Write the list through the workflow on the worker (it records the save)."""
        lib, consent, items = self.ctx.lib, self.consent, list(self.items)
        self._busy(True)
        self.result_label.setText(self.tr("Saving {path}…").format(path=path))
        self.ctx.op(lambda: save_takedown_list(lib, consent, items, path, fmt=fmt),
                    self._saved, changes=(), owner=self,
                    failed=lambda exc: self._failed(path, exc))

    def _busy(self, busy: bool) -> None:
        self.save_button.setEnabled(not busy)
        self.pdf_button.setEnabled(not busy)

    def _saved(self, path: Path) -> None:
        self._busy(False)
        self.saved_path = path
        self.result_label.setText(self.tr("Saved to {path}").format(path=path))

    def _failed(self, path: Path, exc: BaseException) -> None:
        self._busy(False)
        if isinstance(exc, OSError):
            self.result_label.setText(self.tr(
                "Could not save {path}: {reason}. Nothing was written; choose another "
                "folder.").format(path=path, reason=exc.strerror or type(exc).__name__))
        else:
            self.result_label.setText(user_message(exc))
