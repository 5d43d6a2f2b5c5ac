"""Which of the story's pictures go into this channel's post, each with its alt text here.

Alt text starts as the picture's own description and can be reworded per post (a channel may
have a shorter limit); the count against the channel's alt-text limit is shown as you type.
Whether the pictures are allowed (consent of everyone shown) is decided when the post is saved.

The selected picture shows in a :class:`CropEditor` in the shape its crop was saved in. The
picture itself is decoded on the worker: the picker asks for it (``wants_image``) and the
composer hands it back with :meth:`MediaPicker.set_image`. A crop the author never touched
stays as saved (None: the whole picture, which the export centre-trims to the channel's own
shape).
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon, QImage, QPalette, QPixmap
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
from studio.ui.compose.crop_editor import CropEditor
from studio.ui.widgets.dialog_parts import labelled_row
from studio.ui.widgets.palette_follow import set_text_tone
from studio.workflow.crops import Crop
from studio.workflow.media import MediaRow
from studio.workflow.posts import MediaChoice

THUMB = 72


class MediaPicker(QWidget):
    changed = Signal()
    wants_image = Signal(str)        # M-n whose decoded picture the crop frame needs

    def __init__(self, images: tuple[MediaRow, ...], spec: ChannelSpec,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self._own_alt = {m.display_id: m.alt_text for m in images}
        self._alt = dict(self._own_alt)
        self._sizes = {m.display_id: (m.width or 0, m.height or 0) for m in images}
        self._crops: dict[str, Crop | None] = {}
        self._images: dict[str, QImage] = {}
        self.list = QListWidget()
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setFlow(QListView.Flow.TopToBottom)
        self.list.setWrapping(False)
        self.list.setMovement(QListView.Movement.Static)
        self.list.setIconSize(QSize(THUMB, THUMB))
        self.list.setGridSize(QSize(THUMB + 28, THUMB + 30))
        self.list.setFixedWidth(THUMB + 48)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setAccessibleName(self.tr("Pictures to include"))
        placeholder = QPixmap(THUMB, THUMB)
        placeholder.fill(self.palette().color(QPalette.ColorRole.Mid))
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
        alt_row = labelled_row(self.tr("&Alt text:"), self.alt, self.alt_count)
        self.cropper = CropEditor(spec)
        pictures = QHBoxLayout()
        pictures.addWidget(self.list)
        pictures.addWidget(self.cropper, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addLayout(pictures, 1)
        layout.addLayout(alt_row)
        self.list.setVisible(bool(images))
        self.cropper.setVisible(bool(images))
        if images:
            self.list.setCurrentRow(0)
        self.alt.setEnabled(False)
        self.list.currentItemChanged.connect(self._current)
        self.list.itemChanged.connect(self._ticked)
        self.alt.textEdited.connect(self._alt_edited)
        self.cropper.changed.connect(self._cropped)
        self._count()

    def current_id(self) -> str | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def _current(self, item: QListWidgetItem | None) -> None:
        self.alt.setEnabled(item is not None)
        key = item.data(Qt.ItemDataRole.UserRole) if item else None
        self.alt.setText(self._alt.get(key, "") if key else "")
        self._count()
        self.cropper.show_picture(self._sizes.get(key) if key else None,
                                  self._crops.get(key) if key else None,
                                  self._images.get(key) if key else None)
        if key:
            self._want(key)

    def _want(self, key: str) -> None:
        if key not in self._images:
            self.wants_image.emit(key)

    def _ticked(self, item: QListWidgetItem) -> None:
        if item.checkState() == Qt.CheckState.Checked:
            self._want(item.data(Qt.ItemDataRole.UserRole))
        self.changed.emit()

    def _cropped(self) -> None:
        key = self.current_id()
        if key is not None:
            self._crops[key] = self.cropper.crop()
            self.changed.emit()

    def _alt_edited(self, text: str) -> None:
        item = self.list.currentItem()
        if item is not None:
            self._alt[item.data(Qt.ItemDataRole.UserRole)] = text.strip()
            self._count()
            self.changed.emit()

    def _count(self) -> None:
        used, limit = len(self.alt.text()), self.spec.alt_text_limit
        if used > limit:
            self.alt_count.setText(self.tr("{used:,} / {limit:,}: {over:,} over").format(
                used=used, limit=limit, over=used - limit))
            set_text_tone(self.alt_count, "error", bold=True)
        else:
            self.alt_count.setText(f"{used:,} / {limit:,}")
            set_text_tone(self.alt_count, None)
        self.alt_count.setToolTip(self.tr("Alt text length; {channel} takes up to {limit:,} "
                                          "characters").format(channel=self.spec.label,
                                                               limit=limit))

    # -- values ----------------------------------------------------------------------------
    def _checked(self) -> list[str]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())
                if self.list.item(i).checkState() == Qt.CheckState.Checked]

    def selection(self) -> dict[str, str]:
        return {m: self._alt.get(m, "") for m in self._checked()}

    def crops(self) -> dict[str, Crop | None]:
        """The crop of each ticked picture (None: never cropped, the whole picture)."""
        return {m: self._crops.get(m) for m in self._checked()}

    def choices(self) -> list[MediaChoice]:
        return [MediaChoice(m, self._crops.get(m), alt if alt != self._own_alt.get(m) else None)
                for m, alt in self.selection().items()]

    def picture(self, display_id: str) -> tuple[tuple[int, int], QImage | None]:
        """The stored size of a picture and its decoded image, once the worker sent it."""
        return self._sizes.get(display_id, (0, 0)), self._images.get(display_id)

    def set_image(self, display_id: str, image: QImage) -> None:
        self._images[display_id] = image
        if display_id == self.current_id():
            self.cropper.set_image(image)

    def request_images(self) -> None:
        """Ask for the decoded pictures the frame and the preview need (ticked and current)."""
        for key in [*self._checked(), self.current_id()]:
            if key:
                self._want(key)

    def select(self, chosen: dict[str, str],
               crops: dict[str, Crop | None] | None = None) -> None:
        self._alt = dict(self._own_alt) | chosen
        self._crops = dict(crops or {})
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
