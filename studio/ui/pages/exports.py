"""The Exports screen: choose what, how and where; run it with progress; read what happened.

Nothing here decides who may export or what may leave: the Export button follows
:func:`why_not_do` (the author or compliance role, a library open for writing) and shows its
reason; the destination and the date range are judged by the workflow before the work starts;
each post's fate is :func:`export_blocker`'s. The export itself is one job on the database
worker (see studio.ui.exports.run).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from studio.errors import StudioError
from studio.exporters.model import CancelFlag, Progress
from studio.ui.context import AUDIT, POST, UiContext
from studio.ui.errors import sentence, user_message
from studio.ui.exports.history import ExportHistory
from studio.ui.exports.options_form import CALENDAR, ExportOptions, ExportOptionsForm
from studio.ui.exports.run import ExportRun
from studio.ui.exports.summary import ExportSummary
from studio.ui.pages.base import Page, heading, muted
from studio.ui.widgets.dialog_parts import error_label
from studio.workflow.abilities import why_not_do
from studio.workflow.export_select import check_range
from studio.workflow.exports import (
    ExportCancelled,
    ExportResult,
    check_destination,
    export_calendar,
    export_posts,
)


class ExportsPage(Page):
    watches = frozenset({POST, AUDIT})

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.form = ExportOptionsForm()
        self.form.destination_chosen.connect(self.check_destination)
        self.reason_label = error_label()
        self.reason_label.setAccessibleName(self.tr("Why you cannot export"))
        self.export_button = QPushButton(self.tr("&Export"))
        self.export_button.setAccessibleName(self.tr("Start the export"))
        self.export_button.setShortcut(QKeySequence("Ctrl+Return"))
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.start_export)
        self.message = error_label()
        self.message.setAccessibleName(self.tr("Export problem"))
        self.run = ExportRun(ctx)
        self.run.finished.connect(self._finished)
        self.run.failed.connect(self._failed)
        self.summary = ExportSummary(ctx.lib.timezone)
        self.history = ExportHistory(ctx)
        self.destination: Path | None = None
        self.outcome = ""                  # done | failed | refused, once a try has ended
        self.why_not = why_not_do(ctx.lib, "export.run")

        left = QVBoxLayout()
        left.addWidget(heading(self.tr("Exports")))
        left.addWidget(muted(self.tr(
            "Only approved posts whose consent is in force now and on their scheduled day "
            "leave the library; every other post in range is listed with the reason. Each "
            "export is recorded as E-n.")))
        left.addWidget(self.reason_label)
        left.addWidget(self.form)
        buttons = QHBoxLayout()
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.run, 1)
        buttons.addStretch(0)
        left.addLayout(buttons)
        left.addWidget(self.message)
        right = QVBoxLayout()
        right.addWidget(heading(self.tr("Past exports"), 1.1))
        right.addWidget(self.history, 1)
        top = QHBoxLayout()
        top.addLayout(left, 3)
        top.addSpacing(16)
        top.addLayout(right, 2)
        left.addStretch(1)
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(16, 12, 16, 8)
        self.column.addLayout(top)
        self.column.addWidget(self.summary, 1)
        self.column.addStretch(1)       # takes the room while there is no summary
        self.setAccessibleName(self.tr("Exports"))
        self._apply_rights()
        self.history.reload()

    def _apply_rights(self) -> None:
        reason = self.why_not
        self.reason_label.setText(sentence(reason) if reason else "")
        self.reason_label.setVisible(reason is not None)
        self.export_button.setEnabled(reason is None and not self.run.running)
        self.export_button.setToolTip(sentence(reason) if reason else
                                      self.tr("Start the export (Ctrl+Enter)"))
        self.form.setEnabled(reason is None and not self.run.running)

    def reload(self) -> None:
        self.history.reload()

    def status_text(self) -> str:
        return self.tr("Exporting…") if self.run.running else ""

    # -- before the work -------------------------------------------------------------------
    def check_destination(self) -> None:
        """Ask the workflow about the destination as soon as it is chosen."""
        options = self.form.options()
        self.form.show_destination_problem("")
        if options.destination is None:
            return
        lib, path = self.ctx.lib, options.destination
        self.ctx.query(lambda: check_destination(lib, path, folder=options.wants_folder),
                       lambda _path: None, owner=self,
                       failed=lambda exc: self.form.show_destination_problem(
                           user_message(exc)))

    def start_export(self) -> None:
        if self.why_not is not None or self.run.running:
            return
        options = self.form.options()
        self.outcome = ""
        self.message.clear()
        self.form.show_destination_problem("")
        if options.destination is None:
            self.form.show_destination_problem(self.tr(
                "Choose where to save the export first."))
            self.outcome = "refused"
            return
        lib, destination = self.ctx.lib, options.destination

        def validate() -> Path | StudioError:
            """The range (raises), then the destination (its refusal is returned)."""
            check_range(options.date_from, options.date_to)
            try:
                return check_destination(lib, destination, folder=options.wants_folder)
            except StudioError as exc:
                return exc

        self.ctx.query(validate, lambda answer: self._validated(options, answer), owner=self,
                       failed=self._refused)

    def _refused(self, exc: BaseException) -> None:
        self.message.setText(user_message(exc))
        self.outcome = "refused"

    def _validated(self, options: ExportOptions, answer: Path | StudioError) -> None:
        if isinstance(answer, StudioError):
            self.form.show_destination_problem(user_message(answer))
            self.outcome = "refused"
        else:
            self._run(options, answer)

    # -- the work --------------------------------------------------------------------------
    def _run(self, options: ExportOptions, path: Path) -> None:
        lib = self.ctx.lib
        self.destination = path
        self._show_summary(None)

        def job(progress: Progress, cancel: CancelFlag) -> ExportResult:
            if options.kind == CALENDAR:
                return export_calendar(lib, options.format, path, date_from=options.date_from,
                                       date_to=options.date_to,
                                       observances=options.observances, cancel=cancel)
            return export_posts(lib, path, channels=list(options.channels) or None,
                                date_from=options.date_from, date_to=options.date_to,
                                progress=progress, cancel=cancel)

        self.run.start(job)
        self._apply_rights()
        self.status_changed.emit(self.status_text())

    def _finished(self, result: ExportResult) -> None:
        self._apply_rights()
        self._show_summary(result)
        self.outcome = "done"
        self.status_changed.emit(self.summary.title.text())
        self.history.reload()

    def _show_summary(self, result: ExportResult | None) -> None:
        if result is None:
            self.summary.hide()
        else:
            self.summary.show_result(result, self.destination)
        self.column.setStretch(2, 1 if result is None else 0)

    def _failed(self, exc: BaseException) -> None:
        self._apply_rights()
        if isinstance(exc, ExportCancelled):
            self.message.setText(self.tr("Export cancelled: nothing was recorded and no file "
                                         "was kept."))
        else:
            self.message.setText(user_message(exc))
        self.outcome = "failed"
        self.status_changed.emit("")
