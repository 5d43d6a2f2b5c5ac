"""A read-only view of one story: its facts and its narrative.

Small on purpose: the story editor is a later issue. It shows what
:func:`studio.workflow.stories.show_story` returns and nothing the workflow did not give it.
"""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from studio.workflow.stories import StoryDetail


class StoryDialog(QDialog):
    """Shows ``detail``; the caller loads it (and reports a failure) before opening this."""

    def __init__(self, detail: StoryDetail, status: str, updated: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = detail.row
        self.setWindowTitle(self.tr("{id} – {title}").format(id=row.display_id, title=row.title))
        title = QLabel(row.title)
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        title.setFont(font)
        title.setWordWrap(True)

        facts = QFormLayout()
        facts.addRow(self.tr("Story:"), QLabel(row.display_id))
        facts.addRow(self.tr("Subject:"), QLabel(self.tr("{name} ({id})").format(
            name=row.subject, id=detail.subject_display_id)))
        facts.addRow(self.tr("Service line:"), QLabel(row.service_line or "—"))
        facts.addRow(self.tr("Status:"), QLabel(status))
        facts.addRow(self.tr("Updated:"), QLabel(updated))
        facts.addRow(self.tr("Tags:"), QLabel(", ".join(detail.tags) or "—"))
        facts.addRow(self.tr("Media:"), QLabel(", ".join(detail.media) or "—"))

        self.narrative = QPlainTextEdit(detail.narrative)
        self.narrative.setReadOnly(True)
        self.narrative.setAccessibleName(self.tr("Story text"))

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addSpacing(4)
        layout.addLayout(facts)
        layout.addSpacing(6)
        layout.addWidget(QLabel(self.tr("Story text:")))
        layout.addWidget(self.narrative, 1)
        layout.addWidget(buttons)
        self.resize(600, 520)
