"""The "Create a new library" dialog: where, for which organization, and its first administrator.

Every check is the workflow's (studio.workflow.library_setup): the dialog gathers the fields,
runs :func:`create_new_library` on the database worker (argon2 calibration, two derivations and
the migrations take a few seconds) behind a busy bar, and shows a refusal inline beside the
field it names. On success ``library`` holds the new library, signed in as its administrator.
"""

from __future__ import annotations

import zoneinfo
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import Qt, QTimeZone
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studio.library.kdf import KdfParams
from studio.library.names import DEFAULT_TIMEZONE
from studio.ui.errors import log_if_unexpected, sentence, user_message
from studio.ui.widgets.dialog_parts import error_label, ok_cancel
from studio.ui.widgets.palette_follow import set_text_tone
from studio.ui.worker import DatabaseWorker
from studio.workflow import library_setup as setup
from studio.workflow.setting_defaults import DEFAULTS

if TYPE_CHECKING:
    from studio.library.library import Library


def system_timezone() -> str:
    """The computer's time zone as an IANA name (Qt maps Windows names), else the default."""
    name = bytes(QTimeZone.systemTimeZoneId().data()).decode("ascii", "replace")
    return name if name in zoneinfo.available_timezones() else DEFAULT_TIMEZONE


class CreateLibraryDialog(QDialog):
    """Asks for everything ``studio init`` needs; creates the library off the UI thread."""

    def __init__(self, worker: DatabaseWorker, suggested: Path, *,
                 kdf: KdfParams | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library: Library | None = None
        self._worker = worker
        self._kdf = kdf  # tests pass the cheapest argon2 cost; the app lets it calibrate
        self._busy = False
        self._abandoned = False
        self.setWindowTitle(self.tr("Create a new library – Patient Story Studio"))
        self._build(suggested)
        self._update_where()
        self.organization_edit.setFocus()

    # -- layout ------------------------------------------------------------------------------
    def _line(self, name: str, text: str = "", *, password: bool = False) -> QLineEdit:
        edit = QLineEdit(text)
        edit.setAccessibleName(name)
        if password:
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        return edit

    def _note(self) -> QLabel:
        label = QLabel()
        label.setWordWrap(True)
        set_text_tone(label, "muted")
        return label

    def _build(self, suggested: Path) -> None:
        location = suggested.parent
        self.name_edit = self._line(self.tr("Library name"),
                                    setup.suggest_library_name(location, suggested.stem))
        self.location_edit = self._line(self.tr("Location"), str(location))
        self.choose_button = QPushButton(self.tr("C&hoose…"))
        self.choose_button.setAccessibleName(self.tr("Choose the location"))
        self.choose_button.setAutoDefault(False)
        self.choose_button.clicked.connect(self._choose_location)
        where_row = QHBoxLayout()
        where_row.addWidget(self.location_edit, 1)
        where_row.addWidget(self.choose_button)
        self.where_label = self._note()
        for edit in (self.name_edit, self.location_edit):
            edit.textChanged.connect(self._update_where)
        self.organization_edit = self._line(self.tr("Organization"))
        self.organization_edit.setPlaceholderText(self.tr("e.g. Lakeside Community Hospital"))
        self.privacy_edit = self._line(self.tr("Privacy contact"))
        self.privacy_edit.setPlaceholderText(DEFAULTS["privacy_contact"])
        self.timezone_box = QComboBox()
        self.timezone_box.setAccessibleName(self.tr("Time zone"))
        self.timezone_box.setEditable(True)
        self.timezone_box.addItems(sorted(zoneinfo.available_timezones()))
        self.timezone_box.setCurrentText(system_timezone())
        completer = QCompleter(self.timezone_box.model(), self.timezone_box)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.timezone_box.setCompleter(completer)

        library = QGroupBox(self.tr("The library"))
        form = QFormLayout(library)
        form.addRow(self.tr("&Name:"), self.name_edit)
        location_label = QLabel(self.tr("&Location:"))
        location_label.setBuddy(self.location_edit)
        form.addRow(location_label, where_row)
        form.addRow("", self.where_label)
        form.addRow(self.tr("&Organization:"), self.organization_edit)
        form.addRow(self.tr("&Privacy contact:"), self.privacy_edit)
        form.addRow(self.tr("&Time zone:"), self.timezone_box)
        org_note = self._note()
        org_note.setText(self.tr("The organization is printed on every consent form; the "
                                 "privacy contact is where patients send a revocation."))
        form.addRow("", org_note)

        self.admin_edit = self._line(self.tr("Administrator user name"))
        self.display_edit = self._line(self.tr("Administrator display name"))
        self.display_edit.setPlaceholderText(self.tr("e.g. Dana Whitfield"))
        self.password_edit = self._line(self.tr("Password"), password=True)
        self.repeat_edit = self._line(self.tr("Repeat the password"), password=True)
        self.password_hint = self._note()
        self.password_edit.textChanged.connect(self._update_password_hint)
        self._update_password_hint("")
        admin = QGroupBox(self.tr("The first administrator (you)"))
        admin_form = QFormLayout(admin)
        admin_form.addRow(self.tr("&User name:"), self.admin_edit)
        admin_form.addRow(self.tr("&Display name:"), self.display_edit)
        admin_form.addRow(self.tr("Pass&word:"), self.password_edit)
        admin_form.addRow(self.tr("&Repeat:"), self.repeat_edit)
        admin_form.addRow("", self.password_hint)

        self.error_label = error_label()
        self.error_label.hide()
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)  # busy: the work has no steps to count
        self.busy_bar.setAccessibleName(self.tr("Creating the library"))
        self.busy_bar.setTextVisible(False)
        self.busy_label = self._note()
        self.busy_label.setText(self.tr("Creating the library: protecting it with your "
                                        "password and setting up the database…"))
        for widget in (self.busy_bar, self.busy_label):
            widget.hide()
        self.buttons, self.create_button = ok_cancel(self, self.tr("Create library"),
                                                     self._submit)

        layout = QVBoxLayout(self)
        layout.addWidget(library)
        layout.addWidget(admin)
        layout.addWidget(self.error_label)
        layout.addWidget(self.busy_label)
        layout.addWidget(self.busy_bar)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)
        self._fields: dict[str, QWidget] = {
            setup.NAME: self.name_edit, setup.LOCATION: self.location_edit,
            setup.ORGANIZATION: self.organization_edit, setup.PRIVACY_CONTACT: self.privacy_edit,
            setup.TIMEZONE: self.timezone_box, setup.ADMIN: self.admin_edit,
            setup.DISPLAY_NAME: self.display_edit, setup.PASSWORD: self.password_edit,
            setup.REPEAT: self.repeat_edit}

    # -- live hints --------------------------------------------------------------------------
    def _choose_location(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Where to keep the library"),
                                                  self.location_edit.text())
        if folder:
            self.location_edit.setText(folder)

    def folder(self) -> Path | None:
        """The library folder the fields describe, or None while the name is unusable."""
        try:
            return setup.library_folder(Path(self.location_edit.text().strip()),
                                        self.name_edit.text())
        except setup.SetupProblem:
            return None

    def _update_where(self) -> None:
        folder = self.folder()
        self.where_label.setText(self.tr("Will be created as {folder}").format(folder=folder)
                                 if folder is not None else "")

    def _update_password_hint(self, password: str) -> None:
        problem = setup.password_problem(password)
        self.password_hint.setText(sentence(problem) if problem else self.tr(
            "✓ The password is long enough. Nobody can recover it: keep it safe."))

    # -- creating ----------------------------------------------------------------------------
    def form(self) -> setup.NewLibraryForm:
        return setup.NewLibraryForm(
            location=Path(self.location_edit.text().strip()), name=self.name_edit.text(),
            organization=self.organization_edit.text(), privacy_contact=self.privacy_edit.text(),
            timezone=self.timezone_box.currentText(), admin=self.admin_edit.text(),
            display_name=self.display_edit.text(), password=self.password_edit.text(),
            repeat=self.repeat_edit.text())

    def _submit(self) -> None:
        if self._busy:
            return
        form, kdf = self.form(), self._kdf
        self._set_busy(True)

        def gone() -> bool:  # locked or closed meanwhile: the dialog may even be deleted
            return not shiboken6.isValid(self) or self._abandoned

        def done(library: object) -> None:
            from studio.library.library import Library  # loaded by now, on the worker

            if not gone():
                self._finished(library)
            elif isinstance(library, Library):
                library.close()  # nobody to hand it to: never keep its writer lock

        def failed(exc: BaseException) -> None:
            log_if_unexpected(exc)
            if not gone():
                self._failed(exc)

        self._worker.submit(lambda: setup.create_new_library(form, kdf=kdf), done, failed)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for widget in (*self._fields.values(), self.choose_button, self.buttons):
            widget.setEnabled(not busy)
        self.busy_bar.setVisible(busy)
        self.busy_label.setVisible(busy)
        if busy:
            self.error_label.hide()
            self.setCursor(Qt.CursorShape.BusyCursor)
        else:
            self.unsetCursor()

    def error_text(self) -> str:
        return self.error_label.text() if self.error_label.isVisibleTo(self) else ""

    def _finished(self, library: object) -> None:
        from studio.library.library import Library  # loaded by now, on the worker

        self._set_busy(False)
        if isinstance(library, Library):
            self.password_edit.clear()
            self.repeat_edit.clear()
            self.library = library
            super().accept()

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self._show_refusal(exc)

    def _show_refusal(self, exc: BaseException) -> None:
        """The message inline, and the cursor in the field it is about."""
        self.error_label.setText(user_message(exc))
        self.error_label.show()
        field = self._fields.get(getattr(exc, "field", setup.NAME), self.name_edit)
        if field is self.password_edit:
            self.password_edit.clear()
        if field in (self.password_edit, self.repeat_edit):
            self.repeat_edit.clear()
        field.setFocus()

    def accept(self) -> None:
        """Enter or the Create button: start creating; the dialog closes only on success."""
        self._submit()

    def reject(self) -> None:
        """Esc is ignored while creating; a hidden dialog (the session locked) gives up."""
        if self._busy and self.isVisible():
            return
        self._abandoned = self._busy
        super().reject()
