"""A picture with a crop rectangle locked to one shape: drag it, pull a corner, or use the keys.

The rectangle is kept in the picture's own pixels (its stored width and height), so its shape
is exact however small the decoded preview is; :meth:`CropFrame.crop` gives the fractions the
workflow stores. Mouse: drag inside to move, drag a corner to resize (the opposite corner stays).
Keys: arrows move by 1% (Shift: 10%), + and - resize by 5% around the centre.
Colours come from the palette (frame and handles in the highlight colour, the part cut away
dimmed towards the window colour), so the frame reads in light and dark themes.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from studio.workflow.crops import Crop, default_crop

HANDLE = 7          # half the size of a corner handle, widget pixels
MIN_SIDE = 0.05     # the crop's shorter side never goes under 5% of the picture's
NUDGE, BIG_NUDGE, STEP = 0.01, 0.10, 0.05


class CropFrame(QWidget):
    crop_changed = Signal()       # by the user (mouse or keys), not by set_*

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumSize(200, 150)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(self.tr("Crop frame"))
        self.setAccessibleDescription(self.tr(
            "Drag to move the crop, drag a corner to resize it; arrow keys move it, plus and "
            "minus resize it."))
        self.image: QImage | None = None
        self.size_px = (0, 0)            # the stored picture's width and height
        self.ratio = 1.0
        self.rect_px = QRectF()          # the crop in picture pixels
        self._drag: tuple[str, QPointF, QRectF] | None = None   # mode, press point, start

    def sizeHint(self) -> QSize:
        return QSize(360, 240)

    # -- values ----------------------------------------------------------------------------
    def set_picture(self, size: tuple[int, int], ratio: float, crop: Crop | None) -> None:
        """Show a picture of ``size`` pixels with ``crop`` (None: the default for ``ratio``)."""
        self.size_px, self.ratio = size, ratio
        self._set_crop(crop or default_crop(ratio, *size))
        self.update()

    def set_image(self, image: QImage | None) -> None:
        self.image = image
        self.update()

    def set_ratio(self, ratio: float) -> None:
        """Change the shape, keeping the centre and (as far as it fits) the height."""
        self.ratio = ratio
        centre, height = self.rect_px.center(), self.rect_px.height()
        self.rect_px = self._fit(centre, height * ratio)
        self.update()

    def reset(self) -> None:
        self._set_crop(default_crop(self.ratio, *self.size_px))
        self.update()

    def crop(self) -> Crop:
        w, h = self.size_px
        r = self.rect_px
        if w <= 0 or h <= 0:
            return (0.0, 0.0, 1.0, 1.0)
        x, y = max(0.0, r.x() / w), max(0.0, r.y() / h)
        return (round(x, 6), round(y, 6), round(min(r.width() / w, 1 - x), 6),
                round(min(r.height() / h, 1 - y), 6))

    def crop_ratio(self) -> float:
        """The crop's shape in picture pixels (what the tests and the export see)."""
        return self.rect_px.width() / self.rect_px.height() if self.rect_px.height() else 0.0

    def _set_crop(self, crop: Crop) -> None:
        w, h = self.size_px
        x, y, cw, ch = crop
        self.rect_px = QRectF(x * w, y * h, cw * w, ch * h)

    # -- geometry --------------------------------------------------------------------------
    def _max_width(self) -> float:
        w, h = self.size_px
        return min(float(w), h * self.ratio)

    def _min_width(self) -> float:
        w, h = self.size_px
        side = MIN_SIDE * min(w, h)
        return max(side, side * self.ratio)

    def _fit(self, centre: QPointF, width: float) -> QRectF:
        """A crop of ``width`` (clamped) and the locked shape, centred on ``centre`` if it fits."""
        width = max(self._min_width(), min(width, self._max_width()))
        height = width / self.ratio
        rect = QRectF(0, 0, width, height)
        rect.moveCenter(centre)
        return self._inside(rect)

    def _inside(self, rect: QRectF) -> QRectF:
        w, h = self.size_px
        rect.moveLeft(max(0.0, min(rect.left(), w - rect.width())))
        rect.moveTop(max(0.0, min(rect.top(), h - rect.height())))
        return rect

    def _view(self) -> tuple[QRectF, float]:
        """Where the picture is drawn in the widget, and widget pixels per picture pixel."""
        w, h = self.size_px
        if w <= 0 or h <= 0:
            return QRectF(), 1.0
        scale = min((self.width() - 2 * HANDLE) / w, (self.height() - 2 * HANDLE) / h)
        view = QRectF(0, 0, w * scale, h * scale)
        view.moveCenter(QRectF(self.rect()).center())
        return view, scale

    def frame_rect(self) -> QRectF:
        """The crop rectangle in widget coordinates."""
        view, scale = self._view()
        r = self.rect_px
        return QRectF(view.x() + r.x() * scale, view.y() + r.y() * scale, r.width() * scale,
                      r.height() * scale)

    def _corners(self) -> dict[str, QPointF]:
        f = self.frame_rect()
        return {"tl": f.topLeft(), "tr": f.topRight(), "bl": f.bottomLeft(),
                "br": f.bottomRight()}

    # -- mouse and keys --------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or not self.size_px[0]:
            return
        pos = event.position()
        corner = next((name for name, p in self._corners().items()
                       if abs(p.x() - pos.x()) <= HANDLE + 2
                       and abs(p.y() - pos.y()) <= HANDLE + 2), None)
        if corner is not None:
            self._drag = (corner, pos, QRectF(self.rect_px))
        elif self.frame_rect().contains(pos):
            self._drag = ("move", pos, QRectF(self.rect_px))
        self.setFocus()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drag is None:
            return
        mode, start, before = self._drag
        _view, scale = self._view()
        dx, dy = (event.position().x() - start.x()) / scale, \
            (event.position().y() - start.y()) / scale
        if mode == "move":
            self.rect_px = self._inside(before.translated(dx, dy))
        else:
            self.rect_px = self._resized(mode, before, dx, dy)
        self.update()
        self.crop_changed.emit()

    def _resized(self, corner: str, before: QRectF, dx: float, dy: float) -> QRectF:
        """Pull ``corner`` by (dx, dy): the opposite corner stays, the shape stays."""
        w, h = self.size_px
        left, top = corner[1] == "l", corner[0] == "t"
        anchor_x = before.right() if left else before.left()
        anchor_y = before.bottom() if top else before.top()
        want_w = before.width() + (-dx if left else dx)
        want_h = before.height() + (-dy if top else dy)
        width = max(want_w, want_h * self.ratio)
        room_x = anchor_x if left else w - anchor_x
        room_y = anchor_y if top else h - anchor_y
        width = max(self._min_width(), min(width, room_x, room_y * self.ratio))
        height = width / self.ratio
        x = anchor_x - width if left else anchor_x
        y = anchor_y - height if top else anchor_y
        return self._inside(QRectF(x, y, width, height))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._drag = None

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, w, h = event.key(), *self.size_px
        step = BIG_NUDGE if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else NUDGE
        moves = {Qt.Key.Key_Left: (-step * w, 0), Qt.Key.Key_Right: (step * w, 0),
                 Qt.Key.Key_Up: (0, -step * h), Qt.Key.Key_Down: (0, step * h)}
        if key in moves and w:
            self.rect_px = self._inside(self.rect_px.translated(*moves[key]))
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal, Qt.Key.Key_Minus) and w:
            grow = 1 + STEP if key != Qt.Key.Key_Minus else 1 - STEP
            self.rect_px = self._fit(self.rect_px.center(), self.rect_px.width() * grow)
        else:
            super().keyPressEvent(event)
            return
        self.update()
        self.crop_changed.emit()

    # -- drawing ---------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        view, _scale = self._view()
        if view.isEmpty():
            return
        if self.image is not None and not self.image.isNull():
            painter.drawImage(view, self.image)
        else:
            painter.fillRect(view, palette.color(QPalette.ColorRole.Mid))
            painter.setPen(palette.color(QPalette.ColorRole.WindowText))
            painter.drawText(view, Qt.AlignmentFlag.AlignCenter, self.tr("Loading picture…"))
        frame = self.frame_rect()
        veil = QColor(palette.color(QPalette.ColorRole.Window))
        veil.setAlpha(170)
        veiled = QPainterPath()                # the picture minus the crop, in one fill
        veiled.setFillRule(Qt.FillRule.OddEvenFill)
        veiled.addRect(view)
        veiled.addRect(frame)
        painter.fillPath(veiled, veil)
        accent = palette.color(QPalette.ColorRole.Highlight)
        painter.setPen(QPen(accent, 2 if self.hasFocus() else 1.5))
        painter.drawRect(frame)
        painter.setPen(QPen(palette.color(QPalette.ColorRole.HighlightedText), 1))
        painter.setBrush(accent)
        for point in self._corners().values():
            painter.drawRect(QRectF(point.x() - HANDLE / 2 - 1, point.y() - HANDLE / 2 - 1,
                                    HANDLE + 2, HANDLE + 2))
        if self.hasFocus():
            pen = QPen(accent, 1, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(QRectF(self.rect()).adjusted(1, 1, -2, -2))
