"""The crop of the selected picture for this channel: shape presets, the frame, Reset, and the
workflow's word on whether the crop is big enough.

The shapes offered, the size each is exported at, and the size warning come from
:mod:`studio.workflow.crops` (the channel's accepted range); this widget only shows them and
reports the fractions. The export sends the crop exactly as framed here.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QComboBox, QLabel, QPushButton, QVBoxLayout, QWidget

from studio.channels import ChannelSpec
from studio.ui.compose.crop_frame import CropFrame
from studio.ui.widgets.dialog_parts import labelled_row
from studio.ui.widgets.palette_follow import set_text_tone
from studio.workflow.crops import Crop, crop_presets, crop_size_warning, export_ratio


class CropEditor(QWidget):
    changed = Signal()            # the user moved, resized, reshaped or reset the crop

    def __init__(self, spec: ChannelSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.presets = crop_presets(spec)
        self.shape = QComboBox()
        self.shape.setAccessibleName(self.tr("Crop shape"))
        for preset in self.presets:
            self.shape.addItem(preset.label, preset.ratio)
        self.reset_button = QPushButton(self.tr("&Reset crop"))
        self.reset_button.setAccessibleName(self.tr("Reset crop"))
        self.reset_button.setToolTip(self.tr("Back to the largest centred crop of this shape"))
        self.frame = CropFrame()
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setAccessibleName(self.tr("Crop size"))
        set_text_tone(self.warning, "warning")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(labelled_row(self.tr("S&hape:"), self.shape, self.reset_button))
        layout.addWidget(self.frame, 1)
        layout.addWidget(self.warning)
        self.shape.activated.connect(self._reshaped)
        self.reset_button.clicked.connect(self._reset)
        self.frame.crop_changed.connect(self._moved)
        self.setEnabled(False)

    def show_picture(self, size: tuple[int, int] | None, crop: Crop | None,
                     image: QImage | None) -> None:
        """Show one picture (``size`` None: nothing selected) with its crop, if it has one."""
        self.setEnabled(size is not None)
        if size is None:
            self.frame.set_picture((0, 0), 1.0, None)
            self.frame.set_image(None)
            self.warning.setText("")
            return
        ratio = export_ratio(self.spec)
        if crop is not None and size[1] and crop[3]:
            shape = crop[2] * size[0] / (crop[3] * size[1])
            ratio = min((p.ratio for p in self.presets), key=lambda r: abs(r - shape))
        self.shape.setCurrentIndex(max(0, self.shape.findData(ratio)))
        self.frame.set_picture(size, ratio, crop)
        self.frame.set_image(image)
        self._warn()

    def set_image(self, image: QImage | None) -> None:
        self.frame.set_image(image)

    def crop(self) -> Crop:
        return self.frame.crop()

    def _reshaped(self, index: int) -> None:
        self.frame.set_ratio(float(self.shape.itemData(index)))
        self._moved()

    def _reset(self) -> None:
        self.frame.reset()
        self._moved()

    def _moved(self) -> None:
        self._warn()
        self.changed.emit()

    def _warn(self) -> None:
        text = crop_size_warning(self.spec, *self.frame.size_px, self.frame.crop())
        self.warning.setText(f"⚠ {text}" if text else "")
