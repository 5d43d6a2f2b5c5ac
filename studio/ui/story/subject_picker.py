"""Choosing whom a story is about: a combo you can type into to search, "New patient…" and
"Edit patient…" (for the one chosen).

The list of patients is read on the database worker (``list_subjects``); typing filters it by
any part of the name or the PT-n id. Whether "New patient…" is allowed comes from the workflow
(``why_not_do(lib, "subject.add")``, ``"subject.edit"``) and the reason is its tooltip.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QCompleter, QHBoxLayout, QPushButton, QWidget

from studio.ui.context import UiContext
from studio.ui.story.edit_subject_dialog import (
    edit_chosen_patient,
    edit_patient_button,
    gate_edit_patient,
)
from studio.ui.story.subject_dialog import SubjectDialog
from studio.ui.widgets.dialog_parts import gate
from studio.workflow.abilities import why_not_do
from studio.workflow.library_views import list_subjects
from studio.workflow.subject_edits import SubjectEdit
from studio.workflow.subjects import SubjectRow

_DISPLAY_ID = re.compile(r"(?i)^\s*pt-\d+\s*$")


def subject_text(row: SubjectRow) -> str:
    return f"{row.name} ({row.display_id})"


class SubjectPicker(QWidget):
    """Emits ``loaded`` once the patients are listed and ``chosen(PT-n)`` when one is added."""

    loaded = Signal()
    chosen = Signal(str)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.combo = QComboBox()
        self.combo.setEditable(True)
        self.combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.combo.setAccessibleName(self.tr("Patient the story is about"))
        self.combo.lineEdit().setPlaceholderText(self.tr("Type to search patients by name or "
                                                         "PT-n"))
        completer = QCompleter(self.combo.model(), self.combo)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.combo.setCompleter(completer)
        self.new_button = QPushButton(self.tr("&New patient…"))
        gate(self.new_button, why_not_do(ctx.lib, "subject.add"),
             self.tr("Add a patient who is not in the library yet"))
        self.new_button.clicked.connect(self.new_subject)
        self.edit_button = edit_patient_button(self)
        self.edit_button.clicked.connect(self.edit_subject)
        self.combo.currentTextChanged.connect(self._gate_edit)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.combo, 1)
        row.addWidget(self.new_button)
        row.addWidget(self.edit_button)
        self.dialog: SubjectDialog | None = None
        self._gate_edit()
        lib = ctx.lib
        ctx.query(lambda: list_subjects(lib), self._fill, owner=self)

    def _fill(self, rows: list[SubjectRow]) -> None:
        typed = self.combo.currentText()
        self.combo.clear()
        for row in rows:
            self.combo.addItem(subject_text(row), row.display_id)
        self.combo.setCurrentIndex(-1)
        self.combo.setEditText(typed)
        self.loaded.emit()

    def subject(self) -> str | None:
        """The chosen patient's PT-n, or None when the text names nobody in the list."""
        text = self.combo.currentText().strip()
        if not text:
            return None
        index = self.combo.findText(text, Qt.MatchFlag.MatchFixedString)
        if index < 0 and _DISPLAY_ID.match(text):
            index = self.combo.findData(text.strip().upper())
        if index < 0:
            matches = [i for i in range(self.combo.count())
                       if text.casefold() in self.combo.itemText(i).casefold()]
            index = matches[0] if len(matches) == 1 else -1
        return str(self.combo.itemData(index)) if index >= 0 else None

    def select(self, display_id: str) -> None:
        index = self.combo.findData(display_id)
        if index >= 0:
            self.combo.setCurrentIndex(index)

    def new_subject(self) -> None:
        typed = self.combo.currentText().strip()
        name = "" if self.subject() or _DISPLAY_ID.match(typed) else typed
        dialog = SubjectDialog(self.ctx, self, name=name)
        dialog.created.connect(self._added)
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()

    def _gate_edit(self) -> None:
        gate_edit_patient(self.ctx, self.edit_button, self.subject())

    def edit_subject(self) -> None:
        dialog = edit_chosen_patient(self.ctx, self.edit_button, self.subject(), self,
                                     self._edited)
        if dialog is not None:
            self.dialog = dialog

    def _edited(self, result: SubjectEdit) -> None:
        index = self.combo.findData(result.row.display_id)
        if index >= 0:
            self.combo.setItemText(index, subject_text(result.row))
            self.combo.setCurrentIndex(index)

    def _added(self, row: SubjectRow) -> None:
        self.combo.addItem(subject_text(row), row.display_id)
        self.combo.setCurrentIndex(self.combo.count() - 1)
        self.chosen.emit(row.display_id)
