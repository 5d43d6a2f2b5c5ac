"""The story's facts and text, read-only until Edit; then Save (Ctrl+S) or Cancel (Esc).

Whether editing is allowed comes from the workflow (``why_not_do(lib, "story.edit")``) and the
reason is the Edit button's tooltip. Save runs :func:`studio.workflow.stories.edit_story` on
the worker; a refusal is shown inline and the text stays in the editors. The editors' own undo
(Ctrl+Z) works while editing. Leaving a story with unsaved changes asks Save / Discard / Cancel
(:meth:`StoryEditor.confirm_leave`); answers arriving from a reload while editing never
overwrite what is being typed.

Editing the story never changes posts already drafted from it (each post revision is
immutable and holds its own text); the edit mode says so.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studio.errors import BadInput
from studio.ui.context import STORY, UiContext
from studio.ui.dialogs import ask
from studio.ui.errors import user_message
from studio.ui.pages.base import muted
from studio.ui.story.edit_subject_dialog import (
    SHORTCUT,
    EditSubjectDialog,
    edited_words,
    open_edit_subject,
)
from studio.ui.story.fields import NarrativeEdit, ServiceLineBox, TagsField
from studio.ui.widgets.dialog_parts import error_label, gate
from studio.workflow.abilities import why_not_do
from studio.workflow.stories import MAX_TITLE, StoryDetail, StoryEdit, edit_story

Button = QMessageBox.StandardButton


class StoryEditor(QWidget):
    """Emits ``saved(status line)`` after a save and ``editing_changed(bool)``."""

    saved = Signal(str)
    editing_changed = Signal(bool)

    def __init__(self, ctx: UiContext, display_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.display_id = display_id
        self.detail: StoryDetail | None = None
        self.editing = False
        self.box: QMessageBox | None = None          # the open question, for tests
        self._build()
        self._set_editing(False)

    def _build(self) -> None:
        self.subject_label, self.line_label, self.tags_label = QLabel(), QLabel(), QLabel()
        for label in (self.subject_label, self.line_label, self.tags_label):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setWordWrap(True)
        self.title_edit = QLineEdit()
        self.title_edit.setAccessibleName(self.tr("Title"))
        self.title_edit.setMaxLength(MAX_TITLE)
        self.line_box = ServiceLineBox(self.ctx)
        self.tags_field = TagsField()
        self.patient_button = QPushButton(self.tr("Edit &patient…"))
        self.patient_button.setAccessibleName(self.tr("Edit the patient's details"))
        self.patient_button.setShortcut(QKeySequence(SHORTCUT))
        self.patient_button.setEnabled(False)
        self.patient_button.clicked.connect(self.edit_patient)
        self.patient_dialog: EditSubjectDialog | None = None    # the open one, for tests
        subject_row = QHBoxLayout()
        subject_row.addWidget(self.subject_label, 1)
        subject_row.addWidget(self.patient_button)
        self.facts = QFormLayout()
        self.facts.addRow(self.tr("Subject:"), subject_row)
        self.facts.addRow(self.tr("&Title:"), self.title_edit)
        self.facts.addRow(self.tr("Service line:"), self._pair(self.line_label, self.line_box))
        self.facts.addRow(self.tr("Tags:"), self._pair(self.tags_label, self.tags_field))
        self.narrative = NarrativeEdit()
        self.text_label = QLabel()
        self.text_label.setBuddy(self.narrative.editor)
        self.note = muted(self.tr(
            "Saving changes this story only. Posts already drafted from it keep their own "
            "text: every saved version of a post stays exactly as it was."))
        self.error_label = error_label()
        self.edit_button = QPushButton(self.tr("&Edit"))
        self.edit_button.setShortcut(QKeySequence("Ctrl+E"))
        self.edit_button.clicked.connect(self.start_editing)
        self.save_button = QPushButton(self.tr("&Save"))
        self.save_button.setShortcut(QKeySequence("Ctrl+S"))
        self.save_button.setToolTip(self.tr("Save the changes to this story (Ctrl+S)"))
        self.save_button.clicked.connect(lambda: self.save())
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setToolTip(self.tr("Put the story back as it was saved (Esc)"))
        self.cancel_button.clicked.connect(self.cancel)
        buttons = QHBoxLayout()
        buttons.addWidget(self.text_label, 1)
        for button in (self.edit_button, self.cancel_button, self.save_button):
            buttons.addWidget(button)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 8, 0)
        column.addLayout(self.facts)
        column.addLayout(buttons)
        column.addWidget(self.narrative, 1)
        column.addWidget(self.note)
        column.addWidget(self.error_label)

    @staticmethod
    def _pair(label: QLabel, editor: QWidget) -> QWidget:
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(label, 1)
        row.addWidget(editor, 1)
        return holder

    # -- showing ---------------------------------------------------------------------------
    def show_detail(self, detail: StoryDetail) -> None:
        """The story as stored; while editing only remembered, never pushed into the editors."""
        self.detail = detail
        gate(self.edit_button, why_not_do(self.ctx.lib, "story.edit"),
             self.tr("Change the title, story text, service line or tags (Ctrl+E)"))
        gate(self.patient_button, why_not_do(self.ctx.lib, "subject.edit"),
             self.tr("Correct the patient's name, date of birth or contact ({keys})").format(
                 keys=SHORTCUT))
        if self.editing:
            return
        row = detail.row
        self.subject_label.setText(f"{row.subject} ({detail.subject_display_id})")
        self.line_label.setText(row.service_line or "—")
        self.tags_label.setText(", ".join(detail.tags) or "—")
        self.narrative.set_text(detail.narrative)

    def edit_patient(self) -> None:
        """Open Edit patient for the story's subject; a save announces STORY, so the story
        and the list show the corrected name after the reload."""
        if self.detail is None or not self.patient_button.isEnabled():
            return
        dialog = open_edit_subject(self.ctx, self.detail.subject_display_id, self)
        dialog.edited.connect(lambda result: self.saved.emit(edited_words(self, result)))
        self.patient_dialog = dialog

    def _set_editing(self, on: bool) -> None:
        self.editing = on
        self.facts.setRowVisible(1, on)
        for label, editor in ((self.line_label, self.line_box),
                              (self.tags_label, self.tags_field)):
            label.setVisible(not on)
            editor.setVisible(on)
        self.narrative.editor.setReadOnly(not on)
        self.text_label.setText(self.tr("Story te&xt (editing: Ctrl+S saves, Esc cancels):")
                                if on else
                                self.tr("Story text (read-only; Edit to change it):"))
        self.edit_button.setVisible(not on)
        self.save_button.setVisible(on)
        self.save_button.setEnabled(True)
        self.cancel_button.setVisible(on)
        self.note.setVisible(on)
        self.error_label.clear()
        self.editing_changed.emit(on)

    # -- editing ---------------------------------------------------------------------------
    def start_editing(self) -> None:
        if self.detail is None or self.editing or not self.edit_button.isEnabled():
            return
        row = self.detail.row
        self.title_edit.setText(row.title)
        self.line_box.load(row.service_line)
        self.tags_field.set_tags(self.detail.tags)
        self.narrative.editor.setPlainText(self.detail.narrative)  # a fresh undo history
        self._set_editing(True)
        self.narrative.editor.setFocus()

    def is_dirty(self) -> bool:
        """True when what the editors hold differs from the story as it was loaded."""
        return bool(self.unsaved_fields())

    def unsaved_fields(self) -> tuple[str, ...]:
        """The names (never the text) of the fields changed and not saved, in form order."""
        if not self.editing or self.detail is None:
            return ()
        row, detail = self.detail.row, self.detail
        names = (self.tr("title"), self.tr("story text"), self.tr("service line"),
                 self.tr("tags"))
        now = (self.title_edit.text(), self.narrative.text(), self.line_box.text(),
               self.tags_field.edit.text())
        stored = (row.title, detail.narrative, row.service_line, ", ".join(detail.tags))
        return tuple(n for n, a, b in zip(names, now, stored, strict=True) if a != b)

    def save(self, then: Callable[[], None] | None = None,
             failed: Callable[[str], None] | None = None) -> None:
        """Save on the worker; ``then`` runs after a successful save (leaving the story),
        ``failed(reason)`` after a refusal (also shown under the editor)."""
        if not self.editing or not self.save_button.isEnabled():
            if failed is not None:
                failed(self.tr("{id} is not being edited or is being saved already").format(
                    id=self.display_id))
            return
        try:
            tags = self.tags_field.tags()
        except BadInput as exc:
            self.error_label.setText(user_message(exc))
            if failed is not None:
                failed(user_message(exc))
            return
        lib, story = self.ctx.lib, self.display_id
        title, text, line = self.title_edit.text(), self.narrative.text(), self.line_box.text()
        self.save_button.setEnabled(False)
        self.error_label.clear()
        self.ctx.op(lambda: edit_story(lib, story, title=title, narrative=text,
                                       service_line=line, tags=tags),
                    lambda result: self._saved(result, then), changes={STORY}, owner=self,
                    failed=lambda exc: self._failed(exc, failed))

    def _saved(self, result: StoryEdit, then: Callable[[], None] | None) -> None:
        self._set_editing(False)
        words = {"title": self.tr("title"), "narrative": self.tr("story text"),
                 "service_line": self.tr("service line"), "tags": self.tr("tags")}
        if result.changed:
            self.saved.emit(self.tr("Saved {id}: {what}. Posts already drafted are "
                                    "unchanged.").format(
                id=result.row.display_id, what=", ".join(words[f] for f in result.changed)))
        else:
            self.saved.emit(self.tr("Nothing to save: {id} is as it was.").format(
                id=result.row.display_id))
        if then is not None:
            then()

    def _failed(self, exc: BaseException, then: Callable[[str], None] | None = None) -> None:
        self.save_button.setEnabled(True)
        self.error_label.setText(self.tr("Not saved: {reason} Your text is still here; "
                                         "correct it and save again.").format(
            reason=user_message(exc)))
        if then is not None:
            then(user_message(exc))

    def _discard(self) -> None:
        self._set_editing(False)
        if self.detail is not None:
            self.show_detail(self.detail)

    def cancel(self) -> None:
        """Leave edit mode; with changes, ask first (Esc is easy to press by accident)."""
        if not self.editing:
            return
        if not self.is_dirty():
            self._discard()
            return
        self._ask(self.tr("Discard your changes to {id}?").format(id=self.display_id),
                  Button.Discard | Button.Cancel,
                  lambda answer: self._discard() if answer == Button.Discard else None)
        assert self.box is not None
        self.box.button(Button.Cancel).setText(self.tr("Keep editing"))

    def confirm_leave(self, proceed: Callable[[], None]) -> None:
        """Run ``proceed`` now, or after Save / Discard when there are unsaved changes."""
        if not self.is_dirty():
            proceed()
            return

        def answered(answer: Button) -> None:
            if answer == Button.Save:
                self.save(then=proceed)
            elif answer == Button.Discard:
                self._discard()
                proceed()

        self._ask(self.tr("{id} has changes that are not saved.").format(id=self.display_id),
                  Button.Save | Button.Discard | Button.Cancel, answered,
                  self.tr("Save them before leaving the story?"))

    def _ask(self, text: str, buttons: Button, answered: Callable[[Button], None],
             informative: str = "") -> None:
        self.box = ask(self, self.tr("Unsaved changes"), text, buttons, answered, informative)
