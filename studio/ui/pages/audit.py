"""The Audit screen: every recorded change, filterable, and a check of the whole library.

"Verify library" runs :func:`studio.workflow.maintenance.verify` on the worker (every encrypted
page, the database structure, the audit hash chain, every media blob) and says what it found.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from studio.library.verify import VerifyReport
from studio.ui.context import AUDIT, UiContext
from studio.ui.errors import user_message
from studio.ui.pages.audit_model import AuditModel
from studio.ui.pages.base import Page, heading
from studio.ui.widgets.palette_follow import set_text_tone
from studio.workflow.audit_log import event_actors
from studio.workflow.maintenance import verify


class AuditPage(Page):
    watches = frozenset({AUDIT})

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.model = AuditModel(ctx.lib, self, submit=ctx.submit_read)
        self.model.page_arrived.connect(lambda: self.status_changed.emit(self.status_text()))
        self.actor = QComboBox()
        self.actor.setAccessibleName(self.tr("Filter by person"))
        self.action = QLineEdit()
        self.action.setAccessibleName(self.tr("Filter by action"))
        self.action.setPlaceholderText(self.tr("Action, e.g. consent or post.approve"))
        self.entity = QLineEdit()
        self.entity.setAccessibleName(self.tr("Filter by item"))
        self.entity.setPlaceholderText(self.tr("Item, e.g. P-3 or C-1"))
        self.verify_button = QPushButton(self.tr("&Verify library"))
        self.verify_button.setToolTip(self.tr("Check every encrypted page, the audit chain and "
                                              "every stored file"))
        self.verify_button.clicked.connect(self.run_verify)
        self.result = QLabel()
        self.result.hide()  # shown once there is a verification to report
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        filters = QHBoxLayout()
        for text, widget in ((self.tr("Who:"), self.actor), (self.tr("Action:"), self.action),
                             (self.tr("Item:"), self.entity)):
            label = QLabel(text)
            label.setBuddy(widget)
            filters.addWidget(label)
            filters.addWidget(widget, 1)
        filters.addWidget(self.verify_button)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Audit events"))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        metrics = self.table.fontMetrics()
        for column, sample in enumerate(("00000", "2026-12-31 23:59:59", "compliance-officer",
                                         "post.request_changes", "user:someone")):
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 24)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.addWidget(heading(self.tr("Audit")))
        layout.addLayout(filters)
        layout.addWidget(self.result)
        layout.addWidget(self.table, 1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.reload)
        self.action.textChanged.connect(self._timer.start)
        self.entity.textChanged.connect(self._timer.start)
        self.actor.currentIndexChanged.connect(self.reload)
        self.reload()

    def _fill_actors(self) -> None:
        """The people who appear in the log, read on the worker."""
        lib = self.ctx.lib
        self.ctx.query(lambda: event_actors(lib), self._offer_actors, owner=self,
                       title=self.tr("Audit"))

    def _offer_actors(self, names: list[str]) -> None:
        current = self.actor.currentData()
        self.actor.blockSignals(True)
        self.actor.clear()
        self.actor.addItem(self.tr("Anyone"), "")
        for name in names:
            self.actor.addItem(name, name)
        self.actor.setCurrentIndex(max(self.actor.findData(current), 0))
        self.actor.blockSignals(False)

    def reload(self) -> None:
        self._fill_actors()
        self.model.set_filters(actor=str(self.actor.currentData() or ""),
                               action=self.action.text(), entity=self.entity.text())
        self.status_changed.emit(self.status_text())

    def status_text(self) -> str:
        if self.model.loading() and not self.model.rowCount():
            return "…"
        more = "+" if self.model.canFetchMore() else ""
        return self.tr("{n}{more} events").format(n=self.model.rowCount(), more=more)

    def run_verify(self) -> None:
        self.verify_button.setEnabled(False)
        set_text_tone(self.result, None)
        self.result.setText(self.tr("Verifying the library…"))
        self.result.show()
        lib = self.ctx.lib
        self.ctx.query(lambda: verify(lib), self._verified, owner=self,
                       failed=self._verify_failed)

    def _verified(self, report: VerifyReport) -> None:
        self.verify_button.setEnabled(True)
        facts = self.tr("{pages:,} encrypted pages, {events:,} audit events and {media:,} "
                        "stored files checked").format(pages=report.pages, events=report.events,
                                                       media=report.media)
        if report.ok:
            set_text_tone(self.result, "success", bold=True)
            self.result.setText(self.tr("✓ The library is intact: {facts}.").format(facts=facts))
        else:
            set_text_tone(self.result, "error", bold=True)
            self.result.setText(self.tr("✕ Problems found ({facts}):\n{problems}\nRestore the "
                                        "latest backup, or ask your administrator.").format(
                facts=facts, problems="\n".join(report.problems)))

    def _verify_failed(self, exc: BaseException) -> None:
        self.verify_button.setEnabled(True)
        set_text_tone(self.result, "error", bold=True)
        self.result.setText(user_message(exc))
