"""How an export ended: its E-n, what left (post, channel, file), what was blocked and why.

The blocked reasons are the workflow's own words (``export_blocker``). "Open folder" shows the
destination in the system's file manager; "Copy summary" puts the same facts on the
clipboard as plain text, for an e-mail or a ticket.
"""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTableView, QVBoxLayout, QWidget

from studio.ui import labels
from studio.ui.errors import sentence
from studio.ui.pages.base import configure_table, fit_columns, heading, muted
from studio.workflow.exports import ExportResult


def _tr(text: str) -> str:
    return QCoreApplication.translate("exports", text)


def shown_path(file: str, destination: Path | None) -> str:
    """A file as the person knows it: relative to the folder they chose, when inside it."""
    path = Path(file)
    base = destination if destination is None or destination.is_dir() else destination.parent
    if base is not None:
        try:
            return path.resolve().relative_to(base.resolve()).as_posix()
        except ValueError:
            pass
    return str(path)


def headline(result: ExportResult) -> str:
    if result.export_id is None:
        if result.blocked:
            return _tr("Nothing was exported: {n} post(s) in range, none may leave yet.").format(
                n=len(result.blocked))
        return _tr("Nothing was exported: no posts are scheduled in that range.")
    return _tr("{export}: {posts} post(s) exported in {files} file(s); {blocked} blocked.").format(
        export=result.export_id, posts=len(result.posts), files=len(result.files),
        blocked=len(result.blocked))


def summary_text(result: ExportResult, tz: ZoneInfo, destination: Path | None) -> str:
    """The whole summary as plain text (what "Copy summary" puts on the clipboard)."""
    lines = [headline(result)]
    if result.export_id:
        lines.append(_tr("Saved in: {where}").format(where=result.location))
    if result.items:
        lines += ["", _tr("Exported:")]
        lines += [f"  {i.post}\t{labels.channel(i.channel)}\t{shown_path(i.file, destination)}"
                  for i in result.items]
    if result.cancelled:
        lines += ["", _tr("Cancelled in the calendar (withdrawn after an earlier export): "
                          "{posts}").format(posts=", ".join(result.cancelled))]
    if result.blocked:
        lines += ["", _tr("Blocked:")]
        lines += [f"  {b.post}\t{labels.channel(b.channel)}\t"
                  f"{labels.when(b.scheduled_at, tz)}\t{sentence(b.reason)}"
                  for b in result.blocked]
    lines += [_tr("Warning: {text}").format(text=sentence(w)) for w in result.warnings]
    return "\n".join(lines)


def _fill(model: QStandardItemModel, rows: list[list[str]]) -> None:
    model.removeRows(0, model.rowCount())
    for row in rows:
        items = [QStandardItem(text) for text in row]
        for item in items:
            item.setToolTip(item.text())
        model.appendRow(items)


def _table(name: str, headers: list[str], stretch: int, parent: QWidget
           ) -> tuple[QTableView, QStandardItemModel]:
    """A list with one model for its whole life (a new model would reset the stretch)."""
    model = QStandardItemModel(0, len(headers), parent)
    model.setHorizontalHeaderLabels(headers)
    table = QTableView()
    table.setModel(model)
    configure_table(table, name, stretch=stretch)
    table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
    return table, model


class ExportSummary(QWidget):
    """Hidden until an export ends; :meth:`show_result` fills it."""

    def __init__(self, tz: ZoneInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tz = tz
        self.result: ExportResult | None = None
        self.destination: Path | None = None
        self.title = heading("", 1.1)
        self.title.setAccessibleName(self.tr("Export result"))
        self.where = muted()
        self.exported, self.exported_model = _table(
            self.tr("Exported posts"), [self.tr("Post"), self.tr("Channel"), self.tr("File")],
            2, self)
        self.exported_label = QLabel(self.tr("Exported"))
        self.blocked, self.blocked_model = _table(
            self.tr("Blocked posts and why"),
            [self.tr("Post"), self.tr("Channel"), self.tr("Scheduled"), self.tr("Reason")],
            3, self)
        self.blocked_label = QLabel(self.tr("Blocked, with the reason"))
        self.notes = muted()
        self.notes.setAccessibleName(self.tr("Export notes"))
        self.open_button = QPushButton(self.tr("&Open folder"))
        self.open_button.setAccessibleName(self.tr("Open the destination folder"))
        self.open_button.clicked.connect(self.open_folder)
        self.copy_button = QPushButton(self.tr("Cop&y summary"))
        self.copy_button.setAccessibleName(self.tr("Copy the summary"))
        self.copy_button.clicked.connect(self.copy)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.copy_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.where)
        layout.addLayout(buttons)
        layout.addWidget(self.exported_label)
        layout.addWidget(self.exported, 1)
        layout.addWidget(self.blocked_label)
        layout.addWidget(self.blocked, 1)
        layout.addWidget(self.notes)
        self.hide()

    def show_result(self, result: ExportResult, destination: Path | None) -> None:
        self.result, self.destination = result, destination
        self.title.setText(headline(result))
        self.where.setText(self.tr("Saved in {where}").format(where=result.location)
                           if result.export_id else "")
        self.where.setVisible(bool(result.export_id))
        _fill(self.exported_model, [[i.post, labels.channel(i.channel),
                                     shown_path(i.file, destination)] for i in result.items])
        _fill(self.blocked_model, [[b.post, labels.channel(b.channel),
                                    labels.when(b.scheduled_at, self.tz), sentence(b.reason)]
                                   for b in result.blocked])
        for table, columns in ((self.exported, (0, 1)), (self.blocked, (0, 1, 2))):
            fit_columns(table, columns)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.setStretchFactor(self.exported, max(1, len(result.items)))  # room by rows
        layout.setStretchFactor(self.blocked, max(1, len(result.blocked)))
        for widget, shown in ((self.exported, bool(result.items)),
                              (self.exported_label, bool(result.items)),
                              (self.blocked, bool(result.blocked)),
                              (self.blocked_label, bool(result.blocked))):
            widget.setVisible(shown)
        notes = [self.tr("Warning: {text}").format(text=sentence(w)) for w in result.warnings]
        if result.cancelled:
            notes.insert(0, self.tr("Cancelled in the calendar (withdrawn after an earlier "
                                    "export): {posts}").format(posts=", ".join(result.cancelled)))
        self.notes.setText("\n".join(notes))
        self.notes.setVisible(bool(notes))
        self.open_button.setEnabled(self.folder() is not None)
        self.show()

    def folder(self) -> Path | None:
        """The folder to open: the export's own folder, or the one holding the calendar."""
        if self.result is None or not self.result.export_id:
            return None
        location = Path(self.result.location)
        return location if location.is_dir() else location.parent

    def text(self) -> str:
        if self.result is None:
            return ""
        return summary_text(self.result, self.tz, self.destination)

    def open_folder(self) -> None:
        folder = self.folder()
        if folder is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.text())
