"""A new password typed twice: a typo in a hidden field would lock the person out.

Only the "two fields match" check lives here (it is about typing, not a rule); whether the
password is strong enough is the library's call (``check_password_strength``), answered by the
workflow when the password is sent.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit


class PasswordPair(QObject):
    """``password`` and ``again`` fields for a form, and the match check before sending."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(self.tr("Password"))
        self.again = QLineEdit()
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        self.again.setAccessibleName(self.tr("Password again"))

    def add_rows(self, form: QFormLayout, label: str | None = None) -> None:
        form.addRow(label or self.tr("&Password:"), self.password)
        form.addRow(self.tr("Password &again:"), self.again)

    def typed(self, error_label: QLabel) -> str | None:
        """The password when both fields agree; otherwise None, with the fields cleared and
        the reason on ``error_label``."""
        if self.password.text() == self.again.text():
            return self.password.text()
        error_label.setText(self.tr("The two passwords differ; type them again."))
        self.password.clear()
        self.again.clear()
        self.password.setFocus()
        return None
