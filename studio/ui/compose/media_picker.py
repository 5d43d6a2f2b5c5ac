"""Which of the story's pictures go into this channel's post, each with its alt text here.

Alt text starts as the picture's own description and can be reworded per post (a channel may
have a shorter limit); the count against the channel's alt-text limit is shown as you type.
Whether the pictures are allowed (consent of everyone shown) is decided when the post is saved.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from studio.channels import ChannelSpec
from studio.workflow.media import MediaRow
from studio.workflow.posts import MediaChoice

THUMB = 72


class MediaPicker(QWidget):
    changed = Signal()

    def __init__(self, images: tuple[MediaRow, ...], spec: ChannelSpec,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self._own_alt = {m.display_id: m.alt_text for m in images}
        self._alt = dict(self._own_alt)
        self.list = QListWidget()
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setFlow(QListView.Flow.LeftToRight)
        self.list.setWrapping(False)
        self.list.setMovement(QListView.Movement.Static)
        self.list.setIconSize(QSize(THUMB, THUMB))
        self.list.setGridSize(QSize(THUMB + 28, THUMB + 34))
        self.list.setFixedHeight(THUMB + 52)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setAccessibleName(self.tr("Pictures to include"))
        placeholder = QPixmap(THUMB, THUMB)
        placeholder.fill(QColor("#d9dce1"))
        for row in images:
            item = QListWidgetItem(QIcon(placeholder), row.display_id)
            item.setData(Qt.ItemDataRole.UserRole, row.display_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            item.setToolTip(row.alt_text)
            self.list.addItem(item)
        self.alt = QLineEdit()
        self.alt.setAccessibleName(self.tr("Alt text of the selected picture"))
        self.alt.setPlaceholderText(self.tr("Describe the selected picture for people who "
                                            "cannot see it"))
        self.alt_count = QLabel()
        self.title = QLabel(self.tr("Pictures (tick to include, at most {n}):").format(
            n=spec.max_images) if images else self.tr("Pictures: this story has none yet; "
                                                      "add them on the story."))
        alt_label = QLabel(self.tr("&Alt text:"))
        alt_label.setBuddy(self.alt)
        alt_row = QHBoxLayout()
        alt_row.addWidget(alt_label)
        alt_row.addWidget(self.alt, 1)
        alt_row.addWidget(self.alt_count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.list)
        layout.addLayout(alt_row)
        self.list.setVisible(bool(images))
        self.alt.setEnabled(False)
        self.list.currentItemChanged.connect(self._current)
        self.list.itemChanged.connect(lambda _item: self.changed.emit())
        self.alt.textEdited.connect(self._alt_edited)

    def _current(self, item: QListWidgetItem | None) -> None:
        self.alt.setEnabled(item is not None)
        key = item.data(Qt.ItemDataRole.UserRole) if item else None
        self.alt.setText(self._alt.get(key, "") if key else "")
        self._count()

    def _alt_edited(self, text: str) -> None:
        item = self.list.currentItem()
        if item is not None:
            self._alt[item.data(Qt.ItemDataRole.UserRole)] = text.strip()
            self._count()
            self.changed.emit()

    def _count(self) -> None:
        used, limit = len(self.alt.text()), self.spec.alt_text_limit
        self.alt_count.setText(f"{used} / {limit}")
        self.alt_count.setStyleSheet("color: #b3261e; font-weight: 600;" if used > limit else "")

    # -- values ----------------------------------------------------------------------------
    def _checked(self) -> list[str]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())
                if self.list.item(i).checkState() == Qt.CheckState.Checked]

    def selection(self) -> dict[str, str]:
        return {m: self._alt.get(m, "") for m in self._checked()}

    def choices(self) -> list[MediaChoice]:
        return [MediaChoice(m, None, alt if alt != self._own_alt.get(m) else None)
                for m, alt in self.selection().items()]

    def select(self, chosen: dict[str, str]) -> None:
        self._alt = dict(self._own_alt) | chosen
        for i in range(self.list.count()):
            item = self.list.item(i)
            key = item.data(Qt.ItemDataRole.UserRole)
            item.setCheckState(Qt.CheckState.Checked if key in chosen
                               else Qt.CheckState.Unchecked)
        self._current(self.list.currentItem())

    def set_thumbnail(self, display_id: str, pixmap: QPixmap) -> None:
        for i in range(self.list.count()):
            if self.list.item(i).data(Qt.ItemDataRole.UserRole) == display_id:
                self.list.item(i).setIcon(QIcon(pixmap))

    def focus_item(self, display_id: str) -> None:
        for i in range(self.list.count()):
            if self.list.item(i).data(Qt.ItemDataRole.UserRole) == display_id:
                self.list.setCurrentRow(i)
                self.alt.setFocus()
