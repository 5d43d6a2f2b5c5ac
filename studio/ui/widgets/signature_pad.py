"""A signature pad: sign with a mouse, a pen or a finger; Clear to start again; PNG out.

The strokes stay in memory as point lists and are rendered to PNG bytes in memory when the
consent is signed (never a temporary file). Pen pressure is ignored: the stored signature is a
plain black line on white, which prints well on the authorization form.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QImage,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QTabletEvent,
    QTouchEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from studio.ui.widgets.palette_colors import PAPER, PAPER_GUIDE, PAPER_HINT, PAPER_INK

Stroke = list[QPointF]
MARGIN = 12


class SignaturePad(QWidget):
    """Collects strokes; ``changed`` fires when one is drawn or the pad is cleared."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.strokes: list[Stroke] = []
        self._drawing = False
        self.setMinimumSize(QSize(420, 150))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(self.tr("Signature pad"))
        self.setAccessibleDescription(self.tr(
            "Sign here with the mouse, a pen or a finger. Patients who cannot use it can sign "
            "the printed form instead; attach the scan."))

    def sizeHint(self) -> QSize:
        return QSize(560, 170)

    # -- state -----------------------------------------------------------------------------
    def is_empty(self) -> bool:
        return not any(len(s) > 1 for s in self.strokes)

    def clear(self) -> None:
        self.strokes = []
        self._drawing = False
        self.update()
        self.changed.emit()

    # -- input: mouse, pen, touch ----------------------------------------------------------
    def _begin(self, at: QPointF) -> None:
        self._drawing = True
        self.strokes.append([at])
        self.update()

    def _extend(self, at: QPointF) -> None:
        if self._drawing and self.strokes:
            self.strokes[-1].append(at)
            self.update()

    def _end(self) -> None:
        if self._drawing:
            self._drawing = False
            self.changed.emit()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._begin(event.position())

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton:
            self._extend(event.position())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._extend(event.position())
            self._end()

    def tabletEvent(self, event: QTabletEvent) -> None:
        kind = event.type()
        if kind == QTabletEvent.Type.TabletPress:
            self._begin(event.position())
        elif kind == QTabletEvent.Type.TabletMove:
            self._extend(event.position())
        elif kind == QTabletEvent.Type.TabletRelease:
            self._end()
        event.accept()

    def event(self, event: object) -> bool:
        if isinstance(event, QTouchEvent) and event.points():
            point = event.points()[0].position()
            kind = event.type()
            if kind == QTouchEvent.Type.TouchBegin:
                self._begin(point)
            elif kind == QTouchEvent.Type.TouchUpdate:
                self._extend(point)
            else:
                self._end()
            event.accept()
            return True
        return super().event(event)  # type: ignore[arg-type]

    # -- drawing ---------------------------------------------------------------------------
    def _path(self, offset: QPointF = QPointF(0, 0)) -> QPainterPath:  # noqa: B008
        path = QPainterPath()
        for stroke in self.strokes:
            if not stroke:
                continue
            path.moveTo(stroke[0] - offset)
            for point in stroke[1:]:
                path.lineTo(point - offset)
        return path

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), PAPER)
        painter.setPen(QPen(PAPER_GUIDE, 1, Qt.PenStyle.DashLine))
        baseline = self.height() - 36
        painter.drawLine(MARGIN, baseline, self.width() - MARGIN, baseline)
        painter.setPen(PAPER_HINT)
        if self.is_empty():
            painter.drawText(self.rect().adjusted(MARGIN, 0, -MARGIN, -44),
                             Qt.AlignmentFlag.AlignCenter, self.tr("Sign here"))
        painter.drawText(MARGIN, baseline + 20, "✕")
        painter.setPen(QPen(PAPER_INK, 2.6, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                            Qt.PenJoinStyle.RoundJoin))
        painter.drawPath(self._path())
        if self.hasFocus():
            painter.setPen(QPen(self.palette().highlight().color(), 2))
            painter.drawRect(self.rect().adjusted(1, 1, -1, -1))
        painter.end()

    def to_png(self) -> bytes:
        """The signature cropped to its strokes, black on white, as PNG bytes in memory."""
        if self.is_empty():
            raise ValueError("the signature pad is empty")
        bounds: QRectF = self._path().boundingRect().adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN)
        scale = 2  # twice the screen resolution: crisp when printed
        image = QImage(max(int(bounds.width() * scale), 64), max(int(bounds.height() * scale), 32),
                       QImage.Format.Format_RGB32)
        image.fill(PAPER)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.scale(scale, scale)
        painter.setPen(QPen(PAPER_INK, 2.6, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                            Qt.PenJoinStyle.RoundJoin))
        painter.drawPath(self._path(bounds.topLeft()))
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        buffer.close()
        return bytes(data.data())
