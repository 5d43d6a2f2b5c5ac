"""The e-signature: the reviewer sees what they are signing, with which meaning, and re-enters
their password.

The dialog states the signature's manifestation before it is applied (printed name, date and
time, meaning "approved for publication", as 21 CFR 11.50 describes for electronic signatures)
and hands the password straight to :func:`studio.workflow.review.approve_post`, which checks
it; a wrong password is shown inline and the dialog stays open.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from studio.errors import AuthError
from studio.ui import labels
from studio.ui.context import POST, REVIEW, UiContext
from studio.ui.errors import user_message
from studio.ui.widgets.dialog_parts import error_label, ok_cancel
from studio.workflow.review import approve_post


class ApproveDialog(QDialog):
    """Emits ``approved(PostRow)`` when the workflow has recorded the signed approval."""

    approved = Signal(object)

    def __init__(self, ctx: UiContext, post: str, digest: str, signer_name: str, meaning: str,
                 comment: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.post = post
        self.comment = comment
        self.setWindowTitle(self.tr("Approve {id}").format(id=post))
        intro = QLabel(self.tr("You are signing electronically. Your signature is bound to "
                               "this exact revision; any later edit voids it."))
        intro.setWordWrap(True)
        self.meaning_label = QLabel(f"<b>{meaning}</b>")
        self.name_label = QLabel(signer_name)
        self.time_label = QLabel()
        self.digest_label = QLabel(digest[:16] + "…")
        self.digest_label.setToolTip(digest)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(self.tr("Your password"))
        form = QFormLayout()
        form.addRow(self.tr("Meaning:"), self.meaning_label)
        form.addRow(self.tr("Printed name:"), self.name_label)
        form.addRow(self.tr("Date and time:"), self.time_label)
        form.addRow(self.tr("Revision digest:"), self.digest_label)
        form.addRow(self.tr("&Password:"), self.password)
        self.error_label = error_label()
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons, self.sign_button = ok_cancel(self, self.tr("Sign and approve"),
                                                   self._sign)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self._clock = QTimer(self)
        self._clock.timeout.connect(self._tick)
        self._clock.start(1000)
        self._tick()
        self.password.setFocus()
        self.setMinimumWidth(500)

    def _tick(self) -> None:
        zone = self.ctx.lib.timezone
        now = dt.datetime.now(dt.UTC)
        self.time_label.setText(self.tr("{when} {zone} (the moment you sign is recorded)").format(
            when=labels.when(now, zone), zone=zone.key))

    def _sign(self) -> None:
        if not self.password.text():
            self._fail(self.tr("Enter your password to sign."))
            return
        lib, post, password, comment = self.ctx.lib, self.post, self.password.text(), \
            self.comment
        self.sign_button.setEnabled(False)
        self.error_label.setText(self.tr("Checking your password…"))
        self.ctx.op(lambda: approve_post(lib, post, password, comment), self._done,
                    changes={POST, REVIEW}, owner=self, failed=self._failed)

    def _done(self, row: object) -> None:
        self.password.clear()
        self.approved.emit(row)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.sign_button.setEnabled(True)
        if isinstance(exc, AuthError):
            self.password.clear()
            self.password.setFocus()
        self._fail(user_message(exc))

    def _fail(self, text: str) -> None:
        self.error_label.setText(text)
