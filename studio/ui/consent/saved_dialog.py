"""After signing: offer the signed form as a PDF, written only where the person chooses.

The form lives encrypted in the library; a plaintext copy exists only if staff save one (to
print the patient's copy, say), through a save dialog, never to a temporary file.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studio.ui.context import UiContext
from studio.ui.errors import user_message
from studio.workflow.consent_queries import show_consent


class SavedFormDialog(QDialog):
    def __init__(self, ctx: UiContext, consent: str, heading: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.consent = consent
        self.saved_path: Path | None = None
        self.setWindowTitle(self.tr("Signed form {id}").format(id=consent))
        self.message = QLabel(heading)
        self.message.setWordWrap(True)
        self.result_label = QLabel(self.tr("Save the signed form as a PDF to print the "
                                           "patient's copy."))
        self.result_label.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.save_button = QPushButton(self.tr("&Save PDF…"))
        self.open_button = QPushButton(self.tr("&Open PDF"))
        self.open_button.setEnabled(False)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.save_button.clicked.connect(self._choose)
        self.open_button.clicked.connect(self._open)
        self.save_button.setDefault(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.result_label)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)

    def _choose(self) -> None:
        dialog = QFileDialog(self, self.tr("Save the signed form"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilter(self.tr("PDF (*.pdf)"))
        dialog.setDefaultSuffix("pdf")
        dialog.selectFile(f"{self.consent}-authorization.pdf")
        dialog.fileSelected.connect(lambda name: self.save_to(Path(name)))
        dialog.open()

    def save_to(self, path: Path) -> None:
        lib, consent = self.ctx.lib, self.consent
        self.save_button.setEnabled(False)
        # Writing the form out of the library is recorded in the audit log: a change.
        self.ctx.op(lambda: show_consent(lib, consent, form_out=path),
                    lambda _row: self._saved(path), changes=(), owner=self,
                    failed=self._failed)

    def _saved(self, path: Path) -> None:
        self.saved_path = path
        self.save_button.setEnabled(True)
        self.open_button.setEnabled(True)
        self.result_label.setText(self.tr("Saved to {path}").format(path=path))

    def _failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.result_label.setText(user_message(exc))

    def _open(self) -> None:
        if self.saved_path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.saved_path)))
