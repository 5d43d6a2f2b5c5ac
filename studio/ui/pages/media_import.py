"""Before dropped pictures are stored: their alt text, and whether they show the story's subject.

Who is depicted matters: a post may only use a picture when everyone shown in it has consented
to photo use, and the workflow can only check that if the picture says who it shows. The box is
ticked by default, the safe choice; staff untick it for pictures of a place or an object.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from studio.workflow.media import MAX_ALT_TEXT


class ImportMediaDialog(QDialog):
    def __init__(self, files: list[Path], subject_name: str, subject_id: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.files = files
        self.setWindowTitle(self.tr("Add pictures"))
        intro = QLabel(self.tr("Describe each picture for people who cannot see it (alt text). "
                               "You can leave it empty now and add it before posting."))
        intro.setWordWrap(True)
        form = QFormLayout()
        self.alt_edits: list[QLineEdit] = []
        for path in files:
            edit = QLineEdit()
            edit.setMaxLength(MAX_ALT_TEXT)
            edit.setPlaceholderText(self.tr("What the picture shows"))
            edit.setAccessibleName(self.tr("Alt text for {name}").format(name=path.name))
            form.addRow(path.name, edit)
            self.alt_edits.append(edit)
        self.depicts_box = QCheckBox(self.tr("These pictures show {name} ({id})").format(
            name=subject_name, id=subject_id))
        self.depicts_box.setChecked(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Add {n} picture(s)").format(n=len(files)))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.depicts_box)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

    def alt_texts(self) -> list[str]:
        return [e.text().strip() for e in self.alt_edits]
