"""One post on the calendar: a chip tinted by status with a channel stripe, to click or drag.

Click, Enter or Space opens the post; dragging it to another day (or Alt+arrow keys, one day or
one week at a time) asks the page to reschedule it. Whether it may move comes from the
workflow row (``why_not_move``); a chip that may not move says why in its tooltip.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QMimeData, QPoint, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QDrag,
    QFocusEvent,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QApplication, QSizePolicy, QWidget

from studio.ui import labels
from studio.ui.calendar import colors
from studio.ui.errors import sentence
from studio.workflow.calendar_views import CalendarPost

POST_MIME = "application/x-studio-post"
STRIPE = 5
DETAILED_LINES = 5          # week view: time and channel, status, three lines of text
_ARROW_DAYS = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1, Qt.Key.Key_Up: -7,
               Qt.Key.Key_Down: 7}


def post_mime(display_id: str) -> QMimeData:
    """What a dragged chip carries: just the post's id (the drop target asks the workflow)."""
    mime = QMimeData()
    mime.setData(POST_MIME, QByteArray(display_id.encode("ascii")))
    mime.setText(display_id)
    return mime


def mime_post(mime: QMimeData) -> str | None:
    if not mime.hasFormat(POST_MIME):
        return None
    return bytes(mime.data(POST_MIME).data()).decode("ascii", "replace")


def wrap(text: str, metrics: QFontMetrics, width: int, most: int) -> list[str]:
    """``text`` in at most ``most`` lines of ``width`` pixels, the last one elided."""
    lines: list[str] = []
    words = text.split()
    while words and len(lines) < most:
        line = words.pop(0)
        while words and metrics.horizontalAdvance(f"{line} {words[0]}") <= width:
            line += " " + words.pop(0)
        lines.append(line)
    if words and lines:
        lines[-1] = metrics.elidedText(f"{lines[-1]} {' '.join(words)}",
                                       Qt.TextElideMode.ElideRight, width)
    return [metrics.elidedText(line, Qt.TextElideMode.ElideRight, width) for line in lines]


class PostChip(QWidget):
    open_requested = Signal(str)          # P-n
    move_by_requested = Signal(str, int)  # P-n, days (keyboard rescheduling)

    def __init__(self, post: CalendarPost, *, detailed: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.post = post
        self.detailed = detailed
        self._press: QPoint | None = None
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setCursor(Qt.CursorShape.OpenHandCursor if self.movable
                       else Qt.CursorShape.PointingHandCursor)
        status, channel = labels.post_status(post.status), labels.channel(post.channel)
        when = f"{labels.long_day(post.day)} {post.local:%H:%M} ({post.local.tzname()})"
        self.setAccessibleName(self.tr("{id}, {channel}, {status}, {time}: {text}").format(
            id=post.display_id, channel=channel, status=status,
            time=f"{post.local:%H:%M}", text=post.snippet))
        move = (self.tr("Drag to another day, or Alt+arrow keys, to reschedule.")
                if self.movable else self.tr("Cannot be moved: {reason}").format(
                    reason=sentence(post.why_not_move or "")))
        self.setToolTip("\n".join((
            f"{post.display_id} · {channel} · {status}", when, post.title, post.snippet,
            self.tr("Click or press Enter to open it."), move)))

    @property
    def movable(self) -> bool:
        return self.post.why_not_move is None

    def sizeHint(self) -> QSize:
        lines = DETAILED_LINES if self.detailed else 1
        return QSize(120, self.fontMetrics().height() * lines + 6 + (lines - 1))

    def minimumSizeHint(self) -> QSize:
        return QSize(40, self.sizeHint().height())

    def line_texts(self) -> list[str]:
        """The words the chip shows (before wrapping and eliding), for tests."""
        post, look = self.post, colors.status_look(self.post.status, self.palette())
        tag = colors.channel_tag(post.channel)
        if self.detailed:
            return [f"{look.symbol} {post.local:%H:%M} · {tag} · {post.display_id}",
                    labels.post_status(post.status), post.snippet]
        return [f"{look.symbol} {post.local:%H:%M} {tag} {post.snippet}"]

    # -- painting --------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        look = colors.status_look(self.post.status, self.palette())
        rect = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        shape = QPainterPath()
        shape.addRoundedRect(rect, 4, 4)
        painter.fillPath(shape, look.background)
        painter.setClipPath(shape)
        painter.fillRect(QRectF(rect.left(), rect.top(), STRIPE, rect.height()),
                         colors.channel_color(self.post.channel, self.palette(),
                                              look.background))
        painter.setClipping(False)
        if self.hasFocus():
            painter.setPen(QPen(self.palette().color(self.palette().ColorRole.Highlight), 2))
            painter.drawRoundedRect(rect.adjusted(1, 1, -1, -1), 4, 4)
        font = QFont(self.font())
        painter.setPen(look.text)
        left, width = STRIPE + 4, self.width() - STRIPE - 8
        y, height = 3, self.fontMetrics().height()
        for number, line in enumerate(self.shown_lines(width)):
            line_font = QFont(font)
            line_font.setBold(self.detailed and number == 0)
            # Withdrawn: the head is struck through; the words stay readable for take-down.
            line_font.setStrikeOut(self.post.status == "withdrawn" and number == 0)
            painter.setFont(line_font)
            painter.drawText(left, y + painter.fontMetrics().ascent(), line)
            y += height + 1
        painter.end()

    def shown_lines(self, width: int) -> list[str]:
        """The lines as drawn: one elided line, or (detailed) the snippet wrapped to fit."""
        metrics = self.fontMetrics()
        texts = self.line_texts()
        if not self.detailed:
            return [metrics.elidedText(texts[0], Qt.TextElideMode.ElideRight, width)]
        lines = [metrics.elidedText(t, Qt.TextElideMode.ElideRight, width) for t in texts[:2]]
        return lines + wrap(texts[2], metrics, width, DETAILED_LINES - 2)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.update()

    # -- mouse and keys --------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._press = event.position().toPoint()
            self.setFocus(Qt.FocusReason.MouseFocusReason)
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._press is None or not self.movable:
            return
        if (event.position().toPoint() - self._press).manhattanLength() < \
                QApplication.startDragDistance():
            return
        self._press = None
        drag = QDrag(self)
        drag.setMimeData(post_mime(self.post.display_id))
        drag.setPixmap(self.grab())
        drag.setHotSpot(event.position().toPoint())
        drag.exec(Qt.DropAction.MoveAction)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._press is not None and event.button() == Qt.MouseButton.LeftButton:
            self._press = None
            self.open_requested.emit(self.post.display_id)
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, mods = event.key(), event.modifiers()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.open_requested.emit(self.post.display_id)
            return
        if mods & Qt.KeyboardModifier.AltModifier and key in _ARROW_DAYS:
            self.move_by_requested.emit(self.post.display_id, _ARROW_DAYS[Qt.Key(key)])
            return
        super().keyPressEvent(event)
