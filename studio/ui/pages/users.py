"""The Users screen (administrators): who has an account, with which roles; add and disable.

The main window only builds this screen for people the workflow lets manage users, and every
change still goes through :mod:`studio.workflow.users`, which checks again. Passwords are
typed twice here (a typo would lock the new person out); their strength is the workflow's call.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from studio.models.enums import ROLES
from studio.ui import labels
from studio.ui.context import USER, UiContext
from studio.ui.dialogs import show_error, show_info
from studio.ui.errors import user_message
from studio.ui.pages.base import Page, configure_table, fit_columns, heading
from studio.ui.widgets.dialog_parts import error_label
from studio.workflow.users import DisableResult, UserRow, add_user, disable_user, list_users


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
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(self.tr("Password"))
        self.again = QLineEdit()
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        self.again.setAccessibleName(self.tr("Password again"))
        form = QFormLayout()
        form.addRow(self.tr("&User name:"), self.username)
        form.addRow(self.tr("&Full name:"), self.display_name)
        form.addRow(self.tr("Roles:"), roles_row)
        form.addRow(self.tr("&Password:"), self.password)
        form.addRow(self.tr("Password &again:"), self.again)
        self.error_label = error_label()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.add_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.add_button.setText(self.tr("Add user"))
        self.buttons.accepted.connect(self._add)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)

    def _add(self) -> None:
        if self.password.text() != self.again.text():
            self.error_label.setText(self.tr("The two passwords differ; type them again."))
            self.password.clear()
            self.again.clear()
            self.password.setFocus()
            return
        lib, name, password = self.ctx.lib, self.username.text().strip(), self.password.text()
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


class UsersPage(Page):
    watches = frozenset({USER})

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.rows: list[UserRow] = []
        self.model = QStandardItemModel(0, 4, self)
        self.model.setHorizontalHeaderLabels(
            [self.tr("User name"), self.tr("Full name"), self.tr("Roles"), self.tr("Account")])
        self.table = QTableView()
        self.table.setModel(self.model)
        configure_table(self.table, self.tr("Users"))
        self.table.selectionModel().selectionChanged.connect(
            lambda *_: self.disable_button.setEnabled(self.selected() is not None))
        self.add_button = QPushButton(self.tr("&Add user…"))
        self.add_button.clicked.connect(self.add_user)
        self.disable_button = QPushButton(self.tr("&Disable…"))
        self.disable_button.setEnabled(False)  # until someone is selected
        self.disable_button.clicked.connect(self._confirm_disable)
        top = QHBoxLayout()
        top.addWidget(heading(self.tr("Users")), 1)
        top.addWidget(self.disable_button)
        top.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        self.reload()

    def reload(self) -> None:
        lib = self.ctx.lib
        self.ctx.query(lambda: list_users(lib), self._show, owner=self, title=self.tr("Users"))

    def _show(self, rows: list[UserRow]) -> None:
        self.rows = rows
        self.model.removeRows(0, self.model.rowCount())
        for row in rows:
            self.model.appendRow([QStandardItem(v) for v in (
                row.username, row.display_name, ", ".join(labels.role(r) for r in row.roles),
                self.tr("Disabled") if row.disabled else self.tr("Active"))])
        fit_columns(self.table, (0, 1, 2))
        self.disable_button.setEnabled(self.selected() is not None)
        self.status_changed.emit(self.status_text())

    def status_text(self) -> str:
        active = sum(1 for r in self.rows if not r.disabled)
        return self.tr("{n} active accounts").format(n=active)

    def selected(self) -> UserRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.rows[rows[0].row()] if rows else None

    def add_user(self) -> AddUserDialog:
        dialog = AddUserDialog(self.ctx, self)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def _confirm_disable(self) -> None:
        user = self.selected()
        if user is None:
            return
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Disable {name}").format(
            name=user.username), self.tr("Disable {name}? Their password stops opening the "
                                         "library at once, and the library gets a new key so "
                                         "no copy of the old one opens anything new; their "
                                         "work and the audit log stay.").format(
                                             name=user.username),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                          self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.buttonClicked.connect(
            lambda button: self.disable(user.username)
            if box.standardButton(button) == QMessageBox.StandardButton.Yes else None)
        box.open()

    def disable(self, username: str) -> None:
        """Runs on the worker; the re-key takes seconds on a big library, so say so meanwhile."""
        lib = self.ctx.lib
        self.disable_button.setEnabled(False)
        self.status_changed.emit(self.tr("Disabling {name} and giving the library a new "
                                         "key…").format(name=username))
        self.ctx.op(lambda: disable_user(lib, username), self._disabled, changes={USER},
                    owner=self, failed=self._disable_failed)

    def _disable_failed(self, exc: BaseException) -> None:
        self.disable_button.setEnabled(self.selected() is not None)
        self.status_changed.emit(self.status_text())
        show_error(self, self.tr("Users"), user_message(exc))

    def _disabled(self, result: DisableResult) -> None:
        """Say what the re-key means; the sentences come from the workflow."""
        notes = result.notes()
        show_info(self, self.tr("Disabled {name}").format(name=result.username), notes[0],
                  "\n\n".join(notes[1:]))
