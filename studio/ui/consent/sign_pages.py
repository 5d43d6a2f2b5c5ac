"""Wizard pages 3 to 5: the statements read to the patient, the signature, a last look.

The statements are the authorization form itself (``assets/consent/*.j2`` rendered by
:func:`studio.exporters.consent_form.render_html`), in English or Spanish, so what the patient
reads on screen is word for word what is printed and stored.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QTextBrowser,
    QVBoxLayout,
    QWizardPage,
)

from studio.errors import StudioError
from studio.exporters.consent_form import AuthorizationForm, render_html
from studio.ui.errors import user_message
from studio.ui.widgets.palette_follow import set_text_tone
from studio.ui.widgets.signature_pad import SignaturePad
from studio.workflow.media import read_media_file


class StatementsPage(QWizardPage):
    """Shows the form built by ``form_for(language)`` and lets staff switch language."""

    def __init__(self, form_for: object) -> None:
        super().__init__()
        self._form_for = form_for
        self.setTitle(self.tr("Read the authorization with the patient"))
        self.setSubTitle(self.tr("These are the statements the law requires, in plain "
                                 "language. Choose the patient's language."))
        self.english = QRadioButton("English")
        self.spanish = QRadioButton("Español")
        self.english.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.english)
        group.addButton(self.spanish)
        self.english.toggled.connect(self.initializePage)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Language:")))
        row.addWidget(self.english)
        row.addWidget(self.spanish)
        row.addStretch(1)
        self.text = QTextBrowser()
        self.text.setAccessibleName(self.tr("Authorization text"))
        self.text.setOpenLinks(False)
        self.text.document().setDefaultStyleSheet(
            "h1 { font-size: 16pt; } h2 { font-size: 12.5pt; margin-top: 10px; } "
            "p, li { font-size: 11pt; }")
        self.text.document().setDocumentMargin(12)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.text, 1)

    def language(self) -> str:
        return "es" if self.spanish.isChecked() else "en"

    def initializePage(self) -> None:
        form: AuthorizationForm = self._form_for(self.language())  # type: ignore[operator]
        self.text.setHtml(render_html(form))


class SignaturePage(QWizardPage):
    """The drawn signature, or a scan of the form the patient signed on paper."""

    def __init__(self, witness: str, signer: object) -> None:
        super().__init__()
        self._signer = signer
        self.setTitle(self.tr("Signature"))
        self.setSubTitle(self.tr("The signer signs below, or signs the printed form and you "
                                 "attach the scan. You are recorded as the witness: {name}.")
                         .format(name=witness))
        self.pad = SignaturePad()
        self.pad.changed.connect(self.completeChanged)
        self.clear_button = QPushButton(self.tr("C&lear"))
        self.clear_button.setToolTip(self.tr("Erase the signature and sign again"))
        self.clear_button.clicked.connect(self.pad.clear)
        self.attach_button = QPushButton(self.tr("&Attach scanned form…"))
        self.attach_button.clicked.connect(self._choose_scan)
        self.scan: tuple[bytes, str] | None = None
        self.signer_label = QLabel()
        self.signer_label.setWordWrap(True)
        self.scan_label = QLabel()
        self.scan_label.setWordWrap(True)
        self.error_label = QLabel()
        set_text_tone(self.error_label, "error")
        self.error_label.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.clear_button)
        buttons.addStretch(1)
        buttons.addWidget(self.attach_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.signer_label)
        layout.addWidget(self.pad)
        layout.addLayout(buttons)
        layout.addWidget(self.scan_label)
        layout.addWidget(self.error_label)
        layout.addStretch(1)

    def initializePage(self) -> None:
        self.signer_label.setText(self.tr("Signing: {who}").format(
            who=self._signer()))  # type: ignore[operator]

    def _choose_scan(self) -> None:
        dialog = QFileDialog(self, self.tr("Attach the scanned signed form"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilter(self.tr("Scans (*.pdf *.png *.jpg *.jpeg *.tif *.tiff)"))
        dialog.fileSelected.connect(lambda name: self.attach(Path(name)))
        dialog.open()

    def attach(self, path: Path) -> None:
        """Read the scan now (it is checked and cleaned when the consent is signed)."""
        try:
            self.scan = (read_media_file(path), path.name)
        except StudioError as exc:
            self.scan = None
            self.error_label.setText(user_message(exc))
        else:
            self.error_label.setText("")
            self.scan_label.setText(self.tr("Attached: {name}. It replaces the drawn "
                                            "signature.").format(name=path.name))
        self.completeChanged.emit()

    def signature(self) -> tuple[bytes, str]:
        if self.scan is not None:
            return self.scan
        return self.pad.to_png(), "signature.png"

    def isComplete(self) -> bool:
        return self.scan is not None or not self.pad.is_empty()


class ReviewPage(QWizardPage):
    """A summary to read back before signing; the wizard's Finish signs and saves."""

    def __init__(self, summary_for: object) -> None:
        super().__init__()
        self._summary_for = summary_for
        self.setTitle(self.tr("Check and sign"))
        self.setSubTitle(self.tr("Read this back to the signer. Sign and save records the "
                                 "consent; it cannot be changed afterwards (a correction is a "
                                 "new consent)."))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label = QLabel()
        set_text_tone(self.error_label, "error")
        self.error_label.setWordWrap(True)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.error_label)
        layout.addStretch(1)

    def initializePage(self) -> None:
        self.error_label.setText("")
        self.summary.setText(self._summary_for())  # type: ignore[operator]
