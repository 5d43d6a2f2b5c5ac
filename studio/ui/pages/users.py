"""The Users screen (administrators): who has an account, with which roles; add, disable and
give a new password.

The main window only builds this screen for people the workflow lets manage users, and every
change still goes through :mod:`studio.workflow.users`, which checks again. Passwords are
typed twice (a typo would lock the person out); their strength is the workflow's call.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from studio.ui import labels
from studio.ui.context import USER, UiContext
from studio.ui.dialogs import ask, show_error, show_info
from studio.ui.errors import user_message
from studio.ui.pages.base import Page, configure_table, fit_columns, heading
from studio.ui.pages.user_dialogs import AddUserDialog, SetPasswordDialog
from studio.ui.widgets.dialog_parts import gate
from studio.workflow.abilities import why_not_do
from studio.workflow.access import why_not
from studio.workflow.users import (
    DisableResult,
    UserRow,
    disable_user,
    list_users,
    why_not_set_password,
)


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
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._gate())
        self.add_button = QPushButton(self.tr("&Add user…"))
        self.add_button.clicked.connect(self.add_user)
        self.disable_button = QPushButton(self.tr("&Disable…"))
        self.disable_button.setEnabled(False)  # until someone is selected
        self.disable_button.clicked.connect(self._confirm_disable)
        self.password_button = QPushButton(self.tr("Set &password…"))
        self.password_button.clicked.connect(self._set_selected_password)
        # No such button for someone who may not manage users; the workflow's reason for
        # anything else (a read-only library, a disabled account) is the tooltip (_gate).
        self.password_button.setVisible(why_not(ctx.lib.actor, "user.manage") is None)
        top = QHBoxLayout()
        top.addWidget(heading(self.tr("Users")), 1)
        top.addWidget(self.password_button)
        top.addWidget(self.disable_button)
        top.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        self._gate()
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
        self._gate()
        self.status_changed.emit(self.status_text())

    def _gate(self) -> None:
        user = self.selected()
        self.disable_button.setEnabled(user is not None)
        reason = why_not_set_password(self.ctx.lib, user) if user else \
            why_not_do(self.ctx.lib, "user.manage") or self.tr("select a user first")
        gate(self.password_button, reason,
             self.tr("Give the selected user a new password"))

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

    def set_password_for(self, username: str) -> SetPasswordDialog:
        dialog = SetPasswordDialog(self.ctx, username, self)
        dialog.password_set.connect(lambda name: self.status_changed.emit(
            self.tr("New password set for {name}; their old one no longer opens the "
                    "library.").format(name=name)))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def _set_selected_password(self) -> None:
        user = self.selected()
        if user is not None and why_not_set_password(self.ctx.lib, user) is None:
            self.set_password_for(user.username)

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
        self._gate()
        self.status_changed.emit(self.status_text())
        show_error(self, self.tr("Users"), user_message(exc))

    def _disabled(self, result: DisableResult) -> None:
        """Say what the re-key means (the sentences come from the workflow); when some users
        need a new password, offer to give them one now, one after the other."""
        notes = result.notes(how=self.tr("with Set password… on this screen"))
        title = self.tr("Disabled {name}").format(name=result.username)
        if not result.needs_password:
            show_info(self, title, notes[0], "\n\n".join(notes[1:]))
            return
        names = list(result.needs_password)
        box = ask(self, title, notes[0],
                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Close,
                  lambda answer: self._set_passwords_in_turn(names)
                  if answer == QMessageBox.StandardButton.Yes else None,
                  "\n\n".join(notes[1:]))
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("Set new passwords…"))

    def _set_passwords_in_turn(self, names: list[str]) -> None:
        """A password dialog for the first name; when it closes, the next one."""
        if not names:
            return
        dialog = self.set_password_for(names[0])
        dialog.finished.connect(lambda _code: self._set_passwords_in_turn(names[1:]))
