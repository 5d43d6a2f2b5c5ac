"""Recording a revocation: how and when it arrived, then the take-down list.

HIPAA makes a revocation effective when it is received, so the date it arrived is asked for
(today by default); the workflow refuses a future date or one before signing, and says so here.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QWidget,
)

from studio.ui.context import CONSENT, POST, UiContext
from studio.ui.errors import user_message
from studio.ui.qt_dates import pydate, qdate
from studio.ui.widgets.dialog_parts import error_label, ok_cancel, stack
from studio.workflow.consent_state import ConsentRow
from studio.workflow.consents import revoke_consent


class RevokeDialog(QDialog):
    """Emits ``revoked(row, takedown items)`` after the workflow recorded the revocation."""

    revoked = Signal(object, object)

    def __init__(self, ctx: UiContext, consent: ConsentRow, parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.consent = consent
        self.setWindowTitle(self.tr("Revoke {id}").format(id=consent.display_id))
        intro = QLabel(self.tr(
            "Record that {name} revoked consent {id}. Every post relying on it is withdrawn at "
            "once; you will get the list of posts already sent out, to take down.").format(
            name=consent.subject_name, id=consent.display_id))
        intro.setWordWrap(True)
        self.reason = QPlainTextEdit()
        self.reason.setAccessibleName(self.tr("How and why the revocation came in"))
        self.reason.setPlaceholderText(self.tr("e.g. Letter from the patient asking us to stop "
                                               "using her story."))
        self.reason.setFixedHeight(90)
        today = dt.datetime.now(ctx.lib.timezone).date()
        self.received_on = QDateEdit(qdate(today))
        self.received_on.setCalendarPopup(True)
        self.received_on.setDisplayFormat("yyyy-MM-dd")
        self.received_on.setAccessibleName(self.tr("Date received"))
        self.method = QComboBox()
        self.method.setEditable(True)
        self.method.setAccessibleName(self.tr("How it was received"))
        self.method.addItems([self.tr("in writing"), self.tr("by email"),
                              self.tr("by phone, then in writing"), self.tr("in person")])
        form = QFormLayout()
        form.addRow(self.tr("&Reason:"), self.reason)
        form.addRow(self.tr("Received &on:"), self.received_on)
        form.addRow(self.tr("Received &how:"), self.method)
        self.error_label = error_label()
        self.buttons, self.revoke_button = ok_cancel(
            self, self.tr("Revoke and withdraw posts"), self._revoke)
        stack(self, intro, form, self.error_label, self.buttons, min_width=540)

    def _revoke(self) -> None:
        lib, consent = self.ctx.lib, self.consent.display_id
        reason, method = self.reason.toPlainText(), self.method.currentText().strip()
        received = pydate(self.received_on.date())
        self.revoke_button.setEnabled(False)
        self.ctx.op(lambda: revoke_consent(lib, consent, reason=reason, received_on=received,
                                           method=method or "in writing"),
                    self._done, changes={CONSENT, POST}, owner=self, failed=self._failed)

    def _done(self, result: tuple[ConsentRow, list[object]]) -> None:
        row, items = result
        self.revoked.emit(row, items)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.revoke_button.setEnabled(True)
        self.error_label.setText(user_message(exc))
