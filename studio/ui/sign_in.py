"""The sign-in dialog: user name and password in, an open :class:`Library` out.

Unlocking costs an argon2 derivation (about half a second, longer after wrong attempts), so it
runs on the database worker while the dialog stays responsive. Errors are shown inline and the
dialog stays open: a wrong password is a normal event, not a reason to lose the window.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studio.errors import LibraryLocked
from studio.ui.errors import log_if_unexpected, sentence, user_message
from studio.ui.remember_box import RememberBox
from studio.ui.unlock import SignInRequest, SignInResult, has_remembered_key, sign_in
from studio.ui.upgrade_progress import UpgradeWatch
from studio.ui.widgets.palette_follow import set_text_tone
from studio.ui.worker import DatabaseWorker

if TYPE_CHECKING:
    from studio.library.library import Library


class SignInDialog(QDialog):
    """Asks who you are; on success ``library`` holds the open library and the dialog accepts.

    With ``auto`` a key remembered for the pre-filled user signs in without asking (at start-up;
    after a lock the app passes ``auto=False`` so locking really asks for the password).
    "Other library…" emits ``other_library_requested`` and closes the dialog without
    rejecting it (the app shows the welcome window instead of quitting).
    """

    other_library_requested = Signal()

    def __init__(self, path: Path, worker: DatabaseWorker, *, user: str = "", auto: bool = True,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.library: Library | None = None
        self.remember_failed = False
        self._worker = worker
        self._busy = False
        self._abandoned = False
        self._last_request: SignInRequest | None = None
        self._showing_error = False
        self.upgrade_watch: UpgradeWatch | None = None   # the last attempt's, for tests
        self.setWindowTitle(self.tr("Sign in – Patient Story Studio"))
        self._build(user)
        self._check_remembered(user, auto)

    # -- layout ------------------------------------------------------------------------------
    def _build(self, user: str) -> None:
        title = QLabel(self.tr("Patient Story Studio"))
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        title.setFont(font)
        where = QLabel(self.tr("Library: {name}").format(name=self.path.name))
        where.setToolTip(str(self.path))
        set_text_tone(where, "muted")

        self.user_edit = QLineEdit(user)
        self.user_edit.setAccessibleName(self.tr("User name"))
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setAccessibleName(self.tr("Password"))
        self.remember_box = RememberBox(self._worker)
        self.remember_box.refused.connect(lambda reason: self._say(self.note_label,
                                                                   sentence(reason)))
        form = QFormLayout()
        form.addRow(self.tr("&User name:"), self.user_edit)
        form.addRow(self.tr("&Password:"), self.password_edit)
        form.addRow("", self.remember_box)

        self.note_label = self._message_label("muted")
        self.error_label = self._message_label("error")

        self.buttons = QDialogButtonBox()
        self.sign_in_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Ok)
        self.sign_in_button.setText(self.tr("Sign in"))
        self.read_only_button = QPushButton(self.tr("Open read-only"))
        self.buttons.addButton(self.read_only_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.read_only_button.hide()
        self.other_button = QPushButton(self.tr("Other &library…"))
        self.other_button.setAccessibleName(self.tr("Choose or create another library"))
        self.buttons.addButton(self.other_button, QDialogButtonBox.ButtonRole.ResetRole)
        self.other_button.clicked.connect(self._other_library)
        cancel = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        # Enter always means "Sign in": no other button may become the default, not even
        # when focus lands on it while the fields are disabled during an attempt.
        for button in (cancel, self.read_only_button, self.other_button):
            button.setAutoDefault(False)
        self.sign_in_button.setDefault(True)
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        self.read_only_button.clicked.connect(self._open_read_only)

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(title)
        layout.addWidget(where)
        layout.addSpacing(6)
        layout.addLayout(form)
        layout.addWidget(self.note_label)
        layout.addWidget(self.error_label)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(440)
        (self.password_edit if user else self.user_edit).setFocus()

    def _message_label(self, tone: str) -> QLabel:
        label = QLabel()
        label.setWordWrap(True)
        set_text_tone(label, tone)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.hide()
        return label

    def _say(self, label: QLabel, text: str) -> None:
        label.setText(text)
        label.setVisible(bool(text))
        self._grow_to_fit()

    def _grow_to_fit(self) -> None:
        """Grow when a message appears, instead of squeezing the fields to make room for it.

        Wrapped labels trade width for height, which a dialog's minimum size does not see.
        """
        layout = self.layout()
        if layout is None:
            return
        layout.activate()
        needed = layout.totalHeightForWidth(self.width())
        if needed > self.height():
            self.resize(self.width(), needed)

    def _status(self, text: str, *, error: bool) -> None:
        """One line under the form: progress in grey, or what went wrong in red."""
        self._showing_error = error and bool(text)
        set_text_tone(self.error_label, "error" if error else "muted")
        self._say(self.error_label, text)

    def error_text(self) -> str:
        """The error shown inline, or "" (progress messages are not errors)."""
        return self.error_label.text() if self._showing_error else ""

    # -- remembered key ----------------------------------------------------------------------
    def _check_remembered(self, user: str, auto: bool) -> None:
        if not user:
            return
        if auto:
            self._start(SignInRequest(user), self.tr("Signing in as {user}…").format(user=user))
        else:
            self._worker.submit(lambda: has_remembered_key(self.path, user),
                                lambda known: shiboken6.isValid(self)
                                and self._remembered_known(known), lambda exc: None)

    def _remembered_known(self, remembered: object) -> None:
        self.remember_box.offer(remembered, busy=self._busy)

    # -- signing in --------------------------------------------------------------------------
    def _submit(self) -> None:
        if self._busy:
            return
        user = self.user_edit.text().strip()
        if not user:
            self._fail_inline(self.tr("Enter your user name."), self.user_edit)
            return
        if not self.password_edit.text():
            self._fail_inline(self.tr("Enter your password."), self.password_edit)
            return
        request = SignInRequest(user, self.password_edit.text(),
                                remember=self.remember_box.isChecked())
        self._start(request, self.tr("Checking your password…"))

    def _open_read_only(self) -> None:
        if self._last_request is not None and not self._busy:
            self._start(replace(self._last_request, read_only=True),
                        self.tr("Opening read-only…"))

    def _start(self, request: SignInRequest, progress: str) -> None:
        self._last_request = request
        self._set_busy(True)
        self.read_only_button.hide()
        self._status(progress, error=False)
        # An older library is upgraded on the way in: its backup and migrations show progress.
        watch = self.upgrade_watch = UpgradeWatch(self)
        self._worker.submit(lambda: sign_in(self.path, request, watch.report, watch.cancelled),
                            lambda result: self._answered(watch, self._answered_done, result),
                            lambda exc: self._answered(watch, self._answered_failed, exc))

    @staticmethod
    def _answered(watch: UpgradeWatch, then: Callable[[Any], None], outcome: object) -> None:
        watch.finish()
        then(outcome)

    # The app may delete a cancelled dialog before the worker answers: an opened library
    # must then still be closed, or its writer lock would outlive the attempt.
    def _answered_done(self, result: object) -> None:
        if shiboken6.isValid(self):
            self._finished(result)
        elif isinstance(result, SignInResult):
            result.library.close()

    def _answered_failed(self, exc: BaseException) -> None:
        if shiboken6.isValid(self):
            self._failed(exc)
        else:
            log_if_unexpected(exc)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for widget in (self.user_edit, self.password_edit, self.sign_in_button,
                       self.read_only_button):
            widget.setEnabled(not busy)
        self.sign_in_button.setDefault(True)
        self.remember_box.set_busy(busy)
        if busy:
            self.setCursor(Qt.CursorShape.BusyCursor)
        else:
            self.unsetCursor()

    def _finished(self, result: object) -> None:
        self._set_busy(False)
        if self._abandoned:
            if isinstance(result, SignInResult):
                result.library.close()
            return
        self._status("", error=False)
        if not isinstance(result, SignInResult):  # nothing remembered: ask for the password
            (self.password_edit if self.user_edit.text() else self.user_edit).setFocus()
            return
        self._last_request = None
        self.password_edit.clear()
        self.library = result.library
        self.remember_failed = result.remember_failed
        super().accept()

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if self._abandoned:
            return
        log_if_unexpected(exc)
        locked = isinstance(exc, LibraryLocked)
        if not locked:
            self._last_request = None
        self.read_only_button.setVisible(locked)
        self._fail_inline(user_message(exc), self.password_edit)

    def _fail_inline(self, message: str, focus: QLineEdit) -> None:
        self._status(message, error=True)
        if focus is self.password_edit:
            self.password_edit.clear()
        focus.setFocus()

    def _other_library(self) -> None:
        self._abandoned = self._busy
        self.hide()
        self.other_library_requested.emit()

    def accept(self) -> None:
        """Enter or the Sign in button: start an attempt; the dialog closes only on success."""
        self._submit()

    def reject(self) -> None:
        """Cancel; a sign-in still running is closed again when it finishes."""
        self._abandoned = self._busy
        super().reject()
