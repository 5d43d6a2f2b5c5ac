"""The findings of the checks on the draft being written; choosing one shows where it is.

Each item carries its :class:`Finding`; activating it (click, Enter) emits ``chosen`` so the
editor can select the span. Severity is a symbol and a word, never colour alone.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from studio.checks.base import Finding

SYMBOL = {"error": "✕", "warning": "⚠", "info": "ℹ"}


class FindingsPanel(QListWidget):
    chosen = Signal(object)            # the Finding whose span should be shown

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.findings: list[Finding] = []
        self.setWordWrap(True)
        self.setAccessibleName(self.tr("Findings of the checks"))
        self.setAlternatingRowColors(True)
        self.itemActivated.connect(self._activated)
        self.itemClicked.connect(self._activated)
        self.show_findings([], waiting=True)

    def show_findings(self, findings: list[Finding], *, waiting: bool = False) -> None:
        self.clear()
        self.findings = list(findings)
        words = {"error": self.tr("Error"), "warning": self.tr("Warning"),
                 "info": self.tr("Note")}
        for index, f in enumerate(findings):
            where = "" if f.span is None or f.field == "text" else f" ({f.field})"
            text = f"{SYMBOL.get(f.severity, '')} {words.get(f.severity, f.severity)}: " \
                   f"{f.message}{where}"
            if f.fix:
                text += "\n" + self.tr("Fix: {fix}").format(fix=f.fix)
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, index)
            item.setToolTip(f.rule)
            self.addItem(item)
        if not findings:
            self.addItem(self.tr("Checking…") if waiting else self.tr("No findings: every "
                                                                      "check passed."))

    def counts(self) -> dict[str, int]:
        out = {"error": 0, "warning": 0, "info": 0}
        for f in self.findings:
            out[f.severity] = out.get(f.severity, 0) + 1
        return out

    def _activated(self, item: QListWidgetItem) -> None:
        index = item.data(Qt.ItemDataRole.UserRole)
        if isinstance(index, int) and 0 <= index < len(self.findings):
            self.chosen.emit(self.findings[index])
