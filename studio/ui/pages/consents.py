"""The Consents screen: every authorization with its status, one in detail, and the actions.

Statuses and reasons come from the workflow (``consent_state.status_of`` through
``list_consents``); whether Revoke is possible comes from ``why_not_revoke``. New consents are
captured with the wizard; a revocation ends with the take-down list.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtGui import QKeySequence, QShortcut, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from studio.ui import labels
from studio.ui.consent.revoke import RevokeDialog
from studio.ui.consent.saved_dialog import SavedFormDialog
from studio.ui.consent.takedown import TakedownDialog
from studio.ui.consent.wizard import ConsentWizard
from studio.ui.context import CONSENT, POST, UiContext
from studio.ui.pages.base import Page, configure_table, fit_columns, heading
from studio.ui.widgets.consent_badge import ConsentBadgeWidget, status_word, symbol
from studio.ui.widgets.dialog_parts import gate
from studio.workflow.abilities import why_not_do
from studio.workflow.consent_checks import why_not_revoke
from studio.workflow.consent_queries import ConsentListRow, list_consents
from studio.workflow.consent_state import EXPIRING_DAYS, ConsentRow
from studio.workflow.library_views import ConsentBadge, list_subjects
from studio.workflow.subjects import SubjectRow


class ConsentsPage(Page):
    watches = frozenset({CONSENT, POST})

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.rows: list[ConsentListRow] = []
        self.wizard: ConsentWizard | None = None
        self._pending: str | None = None
        self.new_button = QPushButton(self.tr("&New consent…"))
        gate(self.new_button, why_not_do(ctx.lib, "consent.add"),
             self.tr("Record a signed authorization (Ctrl+N)"))
        self.new_button.clicked.connect(lambda: self.start_wizard())
        QShortcut(QKeySequence("Ctrl+N"), self, self.new_button.click,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.person = QComboBox()
        self.person.setAccessibleName(self.tr("Show consents of"))
        self.expiring = QCheckBox(self.tr("Expiring within {n} days").format(n=EXPIRING_DAYS))
        person_label = QLabel(self.tr("&Person:"))
        person_label.setBuddy(self.person)
        top = QHBoxLayout()
        top.addWidget(heading(self.tr("Consents")), 1)
        top.addWidget(person_label)
        top.addWidget(self.person)
        top.addWidget(self.expiring)
        top.addWidget(self.new_button)

        self.model = QStandardItemModel(0, 7, self)
        self.model.setHorizontalHeaderLabels(
            [self.tr("Consent"), self.tr("Person"), self.tr("Status"), self.tr("Channels"),
             self.tr("Signed"), self.tr("Expires"), self.tr("Posts")])
        self.table = QTableView()
        self.table.setModel(self.model)
        configure_table(self.table, self.tr("Consents"), stretch=3)
        self.table.selectionModel().selectionChanged.connect(self._selected)

        splitter = QSplitter()
        splitter.addWidget(self.table)
        splitter.addWidget(self._build_detail())
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        self._fill_people()
        self.person.currentIndexChanged.connect(self.reload)
        self.expiring.toggled.connect(self.reload)
        self.reload()

    def _build_detail(self) -> QWidget:
        self.detail_box = QGroupBox(self.tr("Select a consent"))
        self.badge = ConsentBadgeWidget()
        self.facts = QFormLayout()
        self.fact_labels: dict[str, QLabel] = {}
        for key, title in (("signer", self.tr("Signed by")), ("uses", self.tr("Details")),
                           ("channels", self.tr("Channels")), ("signed", self.tr("Signed on")),
                           ("ends", self.tr("Ends")), ("paid", self.tr("Remuneration")),
                           ("posts", self.tr("Posts relying on it"))):
            label = QLabel()
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.fact_labels[key] = label
            self.facts.addRow(title + ":", label)
        self.revoke_button = QPushButton(self.tr("&Revoke…"))
        self.revoke_button.clicked.connect(self._revoke)
        self.form_button = QPushButton(self.tr("Signed &form (PDF)…"))
        self.form_button.clicked.connect(self._form)
        buttons = QHBoxLayout()
        buttons.addWidget(self.form_button)
        buttons.addStretch(1)
        buttons.addWidget(self.revoke_button)
        column = QVBoxLayout(self.detail_box)
        column.addWidget(self.badge)
        column.addLayout(self.facts)
        column.addStretch(1)
        column.addLayout(buttons)
        self._show_detail(None)
        return self.detail_box

    # -- loading ---------------------------------------------------------------------------
    def _fill_people(self, select: str | None = None,
                     then: Callable[[], None] | None = None) -> None:
        """Read the people on the worker, offer them, choose ``select``, then run ``then``."""
        lib = self.ctx.lib
        self.ctx.query(lambda: list_subjects(lib),
                       lambda rows: self._offer_people(rows, select, then), owner=self,
                       title=self.tr("Consents"))

    def _offer_people(self, rows: list[SubjectRow], select: str | None,
                      then: Callable[[], None] | None) -> None:
        chosen = select or str(self.person.currentData() or "")
        self.person.blockSignals(True)
        self.person.clear()
        self.person.addItem(self.tr("Everyone"), "")
        for row in rows:
            self.person.addItem(f"{row.name} ({row.display_id})", row.display_id)
        self.person.setCurrentIndex(max(self.person.findData(chosen), 0))
        self.person.blockSignals(False)
        if then is not None:
            then()

    def reload(self) -> None:
        lib = self.ctx.lib
        subject = str(self.person.currentData() or "") or None
        within = EXPIRING_DAYS if self.expiring.isChecked() else None
        self.ctx.query(lambda: list_consents(lib, subject=subject, expiring_within=within),
                       self._show, owner=self, title=self.tr("Consents"))

    def _show(self, rows: list[ConsentListRow]) -> None:
        chosen = self._pending or (self.selected().consent.display_id if self.selected()
                                   else None)
        self._pending = None
        self.rows = rows
        self.model.removeRows(0, self.model.rowCount())
        for row in rows:
            c = row.consent
            cells = [QStandardItem(c.display_id), QStandardItem(c.subject_name),
                     QStandardItem(f"{symbol(c.status)} {status_word(c.status)}"),
                     QStandardItem(labels.channels(c.channels)),
                     QStandardItem(labels.day(c.signed_on)),
                     QStandardItem(labels.day(c.expires_on, empty=c.expiry_event or "—")),
                     QStandardItem(str(len(row.posts)))]
            cells[2].setToolTip(c.reason)
            self.model.appendRow(cells)
        fit_columns(self.table, (0, 1, 2, 4, 5, 6))
        self.status_changed.emit(self.status_text())
        if chosen is not None and self.select(chosen):
            pass
        elif rows:
            self.table.selectRow(0)
        else:
            self._show_detail(None)

    def status_text(self) -> str:
        n = len(self.rows)
        return {0: self.tr("No consents"), 1: self.tr("1 consent")}.get(
            n, self.tr("{n} consents").format(n=n))

    # -- one consent -----------------------------------------------------------------------
    def selected(self) -> ConsentListRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.rows[rows[0].row()] if rows and rows[0].row() < len(self.rows) else None

    def select(self, display_id: str) -> bool:
        for i, row in enumerate(self.rows):
            if row.consent.display_id == display_id:
                self.table.selectRow(i)
                return True
        return False

    def _selected(self, _now: QItemSelection, _before: QItemSelection) -> None:
        self._show_detail(self.selected())

    def _show_detail(self, row: ConsentListRow | None) -> None:
        for widget in (self.revoke_button, self.form_button):
            widget.setEnabled(row is not None)
        if row is None:
            self.detail_box.setTitle(self.tr("Select a consent"))
            for label in self.fact_labels.values():
                label.setText("")
            self.badge.setVisible(False)
            return
        c: ConsentRow = row.consent
        self.badge.setVisible(True)
        self.detail_box.setTitle(self.tr("{id} · {name} ({subject})").format(
            id=c.display_id, name=c.subject_name, subject=c.subject))
        self.badge.set_badge(ConsentBadge(c.status, c.reason, None))
        facts = self.fact_labels
        facts["signer"].setText(c.signer)
        facts["uses"].setText(", ".join(labels.use(u) for u in c.uses))
        facts["channels"].setText(labels.channels(c.channels))
        facts["signed"].setText(labels.day(c.signed_on))
        facts["ends"].setText(labels.day(c.expires_on, empty="") or c.expiry_event or "—")
        facts["paid"].setText(c.remuneration or self.tr("none"))
        facts["posts"].setText(", ".join(row.posts) or "—")
        self.revoke_button.setEnabled(False)  # until the workflow has answered, below
        self.form_button.setEnabled(c.form_sha256 is not None)
        lib, consent = self.ctx.lib, c.display_id
        self.ctx.query(lambda: why_not_revoke(lib, consent),
                       lambda reason: self._revoke_answer(consent, reason), owner=self,
                       title=self.tr("Consents"))

    def _revoke_answer(self, consent: str, reason: str | None) -> None:
        row = self.selected()
        if row is not None and row.consent.display_id == consent:  # still the one shown
            gate(self.revoke_button, reason,
                 self.tr("Record that the signer revoked this consent"))

    # -- actions ---------------------------------------------------------------------------
    def open_item(self, display_id: str) -> bool:
        target = display_id.upper()
        if target.startswith("CONSENT-FOR:"):
            self.start_wizard(display_id.split(":", 1)[1])
        elif target.startswith("PT-"):
            self._fill_people(target, then=self.reload)
        elif not self.select(target):
            self._pending = target
            self.expiring.blockSignals(True)
            self.expiring.setChecked(False)
            self.expiring.blockSignals(False)
            self.person.blockSignals(True)
            self.person.setCurrentIndex(0)  # everyone: the consent may be anybody's
            self.person.blockSignals(False)
            self._fill_people(then=self.reload)
        return True

    def start_wizard(self, subject: str | None = None) -> ConsentWizard | None:
        if why_not_do(self.ctx.lib, "consent.add") is not None:
            return None
        wizard = ConsentWizard(self.ctx, subject, self)
        wizard.saved.connect(self._consent_saved)
        wizard.finished.connect(wizard.deleteLater)
        self.wizard = wizard
        wizard.open()
        return wizard

    def _consent_saved(self, row: ConsentRow) -> None:
        self._fill_people(row.subject, then=self.reload)
        dialog = SavedFormDialog(self.ctx, row.display_id, self.tr(
            "{id} is recorded for {name}. It is in force {reason}.").format(
            id=row.display_id, name=row.subject_name, reason=row.reason.removeprefix(
                "in force ")), self)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _form(self) -> None:
        row = self.selected()
        if row is not None:
            dialog = SavedFormDialog(self.ctx, row.consent.display_id, self.tr(
                "The signed form of {id} is stored encrypted in the library.").format(
                id=row.consent.display_id), self)
            dialog.finished.connect(dialog.deleteLater)
            dialog.open()

    def _revoke(self) -> None:
        row = self.selected()
        if row is None:
            return
        dialog = RevokeDialog(self.ctx, row.consent, self)
        dialog.revoked.connect(self._revoked)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _revoked(self, row: ConsentRow, items: list[object]) -> None:
        dialog = TakedownDialog(row.display_id, items, self.ctx.lib.timezone,  # type: ignore[arg-type]
                                self)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
