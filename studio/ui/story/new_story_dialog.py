"""A new story: whom it is about, a title, service line, tags and the story text.

Saving runs :func:`studio.workflow.stories.add_story` on the worker; it checks every field (the
same rules as the command line: lengths, invisible or control characters...). A refusal is
shown in the dialog in the workflow's words, and everything typed stays where it was; Cancel
or Esc asks before throwing typed text away.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from studio.errors import BadInput
from studio.ui.context import STORY, UiContext
from studio.ui.dialogs import ask
from studio.ui.errors import user_message
from studio.ui.story.fields import NarrativeEdit, ServiceLineBox, TagsField
from studio.ui.story.subject_picker import SubjectPicker
from studio.ui.widgets.dialog_parts import error_label, ok_cancel
from studio.workflow.stories import MAX_TITLE, StoryRow, add_story


class NewStoryDialog(QDialog):
    """Emits ``created(StoryRow)`` once the workflow stored the story."""

    created = Signal(object)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("New story"))
        self.subject = SubjectPicker(ctx)
        self.title_edit = QLineEdit()
        self.title_edit.setAccessibleName(self.tr("Title"))
        self.title_edit.setMaxLength(MAX_TITLE)
        self.title_edit.setPlaceholderText(self.tr("A few words staff will recognise"))
        self.service_line = ServiceLineBox(ctx)
        self.service_line.load()
        self.tags = TagsField()
        self.narrative = NarrativeEdit()
        self.narrative.editor.setPlaceholderText(
            self.tr("The story as the patient or family told it. Posts are written from it "
                    "later; it stays inside the encrypted library."))
        form = QFormLayout()
        form.addRow(self.tr("&Patient:"), self.subject)
        form.addRow(self.tr("&Title:"), self.title_edit)
        form.addRow(self.tr("&Service line:"), self.service_line)
        form.addRow(self.tr("T&ags:"), self.tags)
        form.addRow(self.tr("Stor&y:"), self.narrative)
        for field, label_for in ((self.subject, self.subject.combo),
                                 (self.tags, self.tags.edit),
                                 (self.narrative, self.narrative.editor)):
            label = form.labelForField(field)
            label.setBuddy(label_for)  # type: ignore[attr-defined]
        self.error_label = error_label()
        self.buttons, self.add_button = ok_cancel(self, self.tr("Add story"), self._add)
        layout = QVBoxLayout(self)
        layout.addLayout(form, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.resize(680, 620)
        self.subject.chosen.connect(lambda _id: self.title_edit.setFocus())
        self.box: QMessageBox | None = None      # the open question, for tests

    def _add(self) -> None:
        subject = self.subject.subject()
        if subject is None:
            self.error_label.setText(self.tr(
                "Choose the patient from the list (type part of the name), or add a new one "
                "with New patient…"))
            self.subject.combo.setFocus()
            return
        try:
            tags = self.tags.tags()
        except BadInput as exc:
            self.error_label.setText(user_message(exc))
            return
        lib = self.ctx.lib
        title, line, text = (self.title_edit.text(), self.service_line.text(),
                             self.narrative.text())
        self.add_button.setEnabled(False)
        self.error_label.clear()
        self.ctx.op(lambda: add_story(lib, subject, title, text, service_line=line, tags=tags),
                    self._done, changes={STORY}, owner=self, failed=self._failed)

    def typed_something(self) -> bool:
        return any(t.strip() for t in (self.title_edit.text(), self.narrative.text(),
                                       self.tags.edit.text()))

    def reject(self) -> None:
        """Cancel or Esc: with a title or text typed, ask first. A hidden dialog (the window
        is locking or closing) goes at once."""
        if not self.isVisible() or not self.typed_something():
            super().reject()
            return
        Button = QMessageBox.StandardButton
        self.box = ask(self, self.tr("Discard this story?"),
                       self.tr("The new story is not saved yet. Discard what you typed?"),
                       Button.Discard | Button.Cancel,
                       lambda answer: super(NewStoryDialog, self).reject()
                       if answer == Button.Discard else None)
        self.box.button(Button.Cancel).setText(self.tr("Keep editing"))

    def _done(self, row: StoryRow) -> None:
        self.created.emit(row)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.add_button.setEnabled(True)
        self.error_label.setText(user_message(exc))
