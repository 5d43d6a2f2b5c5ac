"""The story fields the new-story dialog and the story editor share.

- :class:`NarrativeEdit`: the story text with a live word and character count (the limit is
  the workflow's, counted the way it counts: characters as Python sees them).
- :class:`TagsField`: tags typed with commas, and a line showing them as they will be stored
  (cleaned by :func:`studio.workflow.stories.split_tags`, the same function saving uses).
- :class:`ServiceLineBox`: an editable combo offering the service lines the library already
  uses, read on the database worker, so spellings stay consistent.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

from studio.errors import BadInput
from studio.ui.context import UiContext
from studio.ui.errors import user_message
from studio.ui.pages.base import muted
from studio.workflow.stories import MAX_SERVICE_LINE, service_lines, split_tags
from studio.workflow.text import MAX_NARRATIVE


def count_words(text: str) -> int:
    return len(text.split())


class NarrativeEdit(QWidget):
    """A multi-line editor for the story text, with its count underneath."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = QPlainTextEdit()
        self.editor.setAccessibleName(self.tr("Story text"))
        self.editor.setTabChangesFocus(True)
        self.count_label = muted()
        self.count_label.setAccessibleName(self.tr("Story text length"))
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(self.editor, 1)
        column.addWidget(self.count_label)
        self.editor.textChanged.connect(self._count)
        self._count()

    def text(self) -> str:
        return self.editor.toPlainText()

    def set_text(self, text: str) -> None:
        if self.editor.toPlainText() != text:
            self.editor.setPlainText(text)

    def _count(self) -> None:
        text = self.editor.toPlainText()
        words, chars = count_words(text), len(text)
        line = self.tr("{words} words · {chars} characters").format(
            words=f"{words:,}", chars=f"{chars:,}")
        if chars > MAX_NARRATIVE:
            line += self.tr(" — over the limit of {limit}; shorten it to save").format(
                limit=f"{MAX_NARRATIVE:,}")
        self.count_label.setText(line)


class TagsField(QWidget):
    """Tags separated by commas, with the cleaned tags (or the problem) shown below."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit()
        self.edit.setAccessibleName(self.tr("Tags"))
        self.edit.setPlaceholderText(self.tr("Separate tags with commas, e.g. knee, rehab"))
        self.preview = muted()
        self.preview.setAccessibleName(self.tr("Tags as they will be saved"))
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(self.edit)
        column.addWidget(self.preview)
        self.edit.textChanged.connect(self._preview)
        self._preview()

    def tags(self) -> list[str]:
        """The typed tags, cleaned; raises BadInput (shown by the caller) for a bad one."""
        return split_tags(self.edit.text())

    def set_tags(self, tags: tuple[str, ...] | list[str]) -> None:
        self.edit.setText(", ".join(tags))

    def _preview(self) -> None:
        try:
            tags = self.tags()
        except BadInput as exc:
            self.preview.setText(user_message(exc))
            return
        self.preview.setText(self.tr("Saved as: {tags}").format(tags=" · ".join(tags))
                             if tags else self.tr("No tags"))


class ServiceLineBox(QComboBox):
    """Editable: pick a service line in use, or type a new one. ``loaded`` when filled."""

    loaded = Signal()

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setAccessibleName(self.tr("Service line"))
        self.lineEdit().setMaxLength(MAX_SERVICE_LINE)
        self.lineEdit().setPlaceholderText(self.tr("e.g. Cardiology (optional)"))

    def load(self, current: str = "") -> None:
        """Offer the lines in use; keep ``current`` (or what was typed meanwhile) as the text."""
        self.setEditText(current)
        lib = self.ctx.lib
        self.ctx.query(lambda: service_lines(lib), self._fill, owner=self)

    def _fill(self, lines: list[str]) -> None:
        typed = self.currentText()
        self.blockSignals(True)
        self.clear()
        self.addItems(lines)
        self.setEditText(typed)
        self.blockSignals(False)
        self.loaded.emit()

    def text(self) -> str:
        return self.currentText()
