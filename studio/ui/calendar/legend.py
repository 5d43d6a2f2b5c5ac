"""The calendar's legend: what each status colour and symbol, each channel stripe and tag, and
the observance band mean. Plain labels, so a screen reader reads it as text."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from studio.ui import labels
from studio.ui.calendar import colors


def _swatch(text: str, background: str, foreground: str, *, stripe: str = "") -> QLabel:
    label = QLabel(text)
    border = f"border-left: 5px solid {stripe}; border-radius: 0;" if stripe else \
        "border-radius: 4px;"
    label.setStyleSheet(f"background: {background}; color: {foreground}; {border}"
                        " padding: 1px 6px;")
    return label


class Legend(QWidget):
    """Two rows: statuses, then channels and the observance band."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Calendar legend"))
        palette = self.palette()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        self.entries: list[str] = []
        status_row = QHBoxLayout()
        status_row.setSpacing(6)
        status_row.addWidget(QLabel(self.tr("Status:")))
        for status in colors.statuses():
            look = colors.status_look(status, palette)
            text = f"{look.symbol} {labels.post_status(status)}"
            status_row.addWidget(_swatch(text, look.background.name(), look.text.name()))
            self.entries.append(text)
        status_row.addStretch(1)
        channel_row = QHBoxLayout()
        channel_row.setSpacing(6)
        channel_row.addWidget(QLabel(self.tr("Channel:")))
        paper = palette.color(palette.ColorRole.Base)
        ink = palette.color(palette.ColorRole.Text)
        for channel in colors.channels():
            stripe = colors.channel_color(channel, palette, paper)
            tag, name = colors.channel_tag(channel), labels.channel(channel)
            text = name if tag == name else f"{tag} {name}"
            channel_row.addWidget(_swatch(text, paper.name(), ink.name(), stripe=stripe.name()))
            self.entries.append(text)
        band, band_text = colors.observance_colors(palette)
        observance = self.tr("Health observance")
        channel_row.addSpacing(12)
        channel_row.addWidget(_swatch(observance, band.name(), band_text.name()))
        self.entries.append(observance)
        channel_row.addStretch(1)
        column.addLayout(status_row)
        column.addLayout(channel_row)
        self.setToolTip(self.tr("Chips are tinted by status (symbol and word in the tooltip); "
                                "the stripe and tag on the left name the channel."))
        for label in self.findChildren(QLabel):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)

    def text(self) -> str:
        """Everything the legend says, for tests and screen readers."""
        return "; ".join(self.entries)
