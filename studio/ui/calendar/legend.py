"""The calendar's legend: what each status colour and symbol, each channel stripe and tag, and
the observance band mean. Plain labels, so a screen reader reads it as text."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from studio.ui import labels
from studio.ui.calendar import colors
from studio.ui.widgets.palette_follow import follow_palette


def _swatch_style(background: QColor, foreground: QColor, stripe: QColor | None = None) -> str:
    border = f"border-left: 5px solid {stripe.name()}; border-radius: 0;" if stripe else \
        "border-radius: 4px;"
    return (f"background: {background.name()}; color: {foreground.name()}; {border}"
            " padding: 1px 6px;")


class Legend(QWidget):
    """Two rows: statuses, then channels and the observance band; recoloured when the palette
    changes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Calendar legend"))
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        self.entries: list[str] = []
        self._swatches: list[tuple[QLabel, str, str]] = []  # label, status|channel|band, key
        status_row = QHBoxLayout()
        status_row.setSpacing(6)
        status_row.addWidget(QLabel(self.tr("Status:")))
        for status in colors.statuses():
            text = f"{colors.status_look(status, self.palette()).symbol} " \
                   f"{labels.post_status(status)}"
            status_row.addWidget(self._add(text, "status", status))
        status_row.addStretch(1)
        channel_row = QHBoxLayout()
        channel_row.setSpacing(6)
        channel_row.addWidget(QLabel(self.tr("Channel:")))
        for channel in colors.channels():
            tag, name = colors.channel_tag(channel), labels.channel(channel)
            channel_row.addWidget(self._add(name if tag == name else f"{tag} {name}", "channel",
                                            channel))
        channel_row.addSpacing(12)
        channel_row.addWidget(self._add(self.tr("Health observance"), "band", ""))
        channel_row.addStretch(1)
        column.addLayout(status_row)
        column.addLayout(channel_row)
        self.setToolTip(self.tr("Chips are tinted by status (symbol and word in the tooltip); "
                                "the stripe and tag on the left name the channel."))
        for label in self.findChildren(QLabel):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        follow_palette(self, self._colour)

    def _add(self, text: str, kind: str, key: str) -> QLabel:
        label = QLabel(text)
        self._swatches.append((label, kind, key))
        self.entries.append(text)
        return label

    def _colour(self) -> None:
        palette = self.palette()
        paper = palette.color(QPalette.ColorRole.Base)
        ink = palette.color(QPalette.ColorRole.Text)
        for label, kind, key in self._swatches:
            if kind == "status":
                look = colors.status_look(key, palette)
                sheet = _swatch_style(look.background, look.text)
            elif kind == "channel":
                sheet = _swatch_style(paper, ink, colors.channel_color(key, palette, paper))
            else:
                sheet = _swatch_style(*colors.observance_colors(palette))
            if label.styleSheet() != sheet:
                label.setStyleSheet(sheet)

    def text(self) -> str:
        """Everything the legend says, for tests and screen readers."""
        return "; ".join(self.entries)
