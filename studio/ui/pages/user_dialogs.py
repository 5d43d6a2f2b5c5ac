"""The Users screen's dialogs: add an account, and give an account a new password.

Both run the workflow (:mod:`studio.workflow.users`) on the database worker, which is where the
password's strength is judged and the argon2 key slot is made (slow on purpose); a refusal is
shown inline under the fields, and the dialog stays open so nothing typed is lost but the
password.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from studio.models.enums import ROLES
from studio.ui import labels
from studio.ui.context import USER, UiContext
from studio.ui.errors import user_message
from studio.ui.widgets.dialog_parts import error_label, ok_cancel, stack
from studio.ui.widgets.password_pair import PasswordPair
from studio.workflow.users import UserRow, add_user, set_password


class AddUserDialog(QDialog):
    added = Signal(object)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Add a user"))
        self.username = QLineEdit()
        self.username.setAccessibleName(self.tr("User name"))
        self.display_name = QLineEdit()
        self.display_name.setAccessibleName(self.tr("Full name"))
        self.roles = {r: QCheckBox(labels.role(r).capitalize()) for r in ROLES}
        roles_row = QHBoxLayout()
        for box in self.roles.values():
            roles_row.addWidget(box)
        self.pair = PasswordPair(self)
        self.password, self.again = self.pair.password, self.pair.again
        form = QFormLayout()
        form.addRow(self.tr("&User name:"), self.username)
        form.addRow(self.tr("&Full name:"), self.display_name)
        form.addRow(self.tr("Roles:"), roles_row)
        self.pair.add_rows(form)
        self.error_label = error_label()
        self.buttons, self.add_button = ok_cancel(self, self.tr("Add user"), self._add)
        stack(self, form, self.error_label, self.buttons)

    def _add(self) -> None:
        password = self.pair.typed(self.error_label)
        if password is None:
            return
        lib, name = self.ctx.lib, self.username.text().strip()
        roles = [r for r, box in self.roles.items() if box.isChecked()]
        display = self.display_name.text().strip() or None
        self.add_button.setEnabled(False)
        self.error_label.setText(self.tr("Creating the account…"))
        self.ctx.op(lambda: add_user(lib, name, password, roles, display), self._done,
                    changes={USER}, owner=self, failed=self._failed)

    def _done(self, row: UserRow) -> None:
        self.added.emit(row)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.add_button.setEnabled(True)
        self.error_label.setText(user_message(exc))


class SetPasswordDialog(QDialog):
    """A new password for ``username`` (forgotten, or a key slot a re-key could not reach).

    Emits ``password_set(username)`` once the workflow has written the new key slot.
    """

    password_set = Signal(str)

    def __init__(self, ctx: UiContext, username: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.username = username
        self.setWindowTitle(self.tr("Set a password for {name}").format(name=username))
        intro = QLabel(self.tr(
            "Type a new password for {name} twice. It opens the library at once; their old "
            "password stops working, and a key remembered on their computer is forgotten. Tell "
            "them the new password in person.").format(name=username))
        intro.setWordWrap(True)
        self.pair = PasswordPair(self)
        self.pair.password.setAccessibleName(self.tr("New password"))
        self.pair.again.setAccessibleName(self.tr("New password again"))
        form = QFormLayout()
        self.pair.add_rows(form, self.tr("New &password:"))
        self.error_label = error_label()
        self.buttons, self.set_button = ok_cancel(self, self.tr("Set password"), self._set)
        stack(self, intro, form, self.error_label, self.buttons)

    def _set(self) -> None:
        password = self.pair.typed(self.error_label)
        if password is None:
            return
        lib, name = self.ctx.lib, self.username
        self.set_button.setEnabled(False)
        self.error_label.setText(self.tr("Setting the password…"))
        # Nothing the screens list changes (names, roles, status); the audit screen reloads
        # because every operation announces the audit kind.
        self.ctx.op(lambda: set_password(lib, name, password), self._done, changes=(),
                    owner=self, failed=self._failed)

    def _done(self, _result: object) -> None:
        self.password_set.emit(self.username)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.set_button.setEnabled(True)
        self.pair.password.clear()
        self.pair.again.clear()
        self.pair.password.setFocus()
        self.error_label.setText(user_message(exc))
