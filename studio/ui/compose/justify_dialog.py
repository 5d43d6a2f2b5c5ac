"""Before submitting a post with warnings: a written justification for each warned rule.

The workflow requires one per rule (``submit_post``) and stores them with the submission, where
the compliance officer reads them beside the findings.
"""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from studio.checks.base import Finding


class JustifyDialog(QDialog):
    def __init__(self, warnings: list[Finding], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Justify the warnings"))
        intro = QLabel(self.tr("These warnings do not block the post, but the compliance "
                               "officer needs to know why it is fine to publish anyway."))
        intro.setWordWrap(True)
        form = QFormLayout()
        self.edits: dict[str, QPlainTextEdit] = {}
        for finding in warnings:
            if finding.rule in self.edits:
                continue
            edit = QPlainTextEdit()
            edit.setFixedHeight(60)
            edit.setAccessibleName(self.tr("Justification for {rule}").format(
                rule=finding.rule))
            edit.textChanged.connect(self._check)
            label = QLabel(f"<b>{escape(finding.rule)}</b><br>{escape(finding.message)}")
            label.setWordWrap(True)
            label.setMaximumWidth(260)
            form.addRow(label, edit)
            self.edits[finding.rule] = edit
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            self.tr("Submit for review"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(640)
        self._check()

    def _check(self) -> None:
        ready = all(e.toPlainText().strip() for e in self.edits.values())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ready)

    def justifications(self) -> dict[str, str]:
        return {rule: e.toPlainText().strip() for rule, e in self.edits.items()}
