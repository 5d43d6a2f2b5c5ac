"""The consent status badge: a coloured pill with a symbol and a word, and the reason beside it.

The status and the reason come from the workflow (:class:`ConsentBadge`); this widget only
chooses how they look. Colour is never the only signal: every status has a symbol and a word.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from studio.ui.widgets.palette_colors import tint_style
from studio.ui.widgets.palette_follow import follow_palette, surroundings
from studio.workflow.library_views import ConsentBadge

# status -> (symbol, tone of the pill); the tones are palette_colors' light/dark pairs.
_LOOK = {
    "active": ("✓", "good"),
    "expiring": ("!", "warn"),
    "expired": ("✕", "bad"),
    "revoked": ("✕", "bad"),
    "superseded": ("–", "neutral"),
    "pending": ("…", "neutral"),
    "none": ("–", "neutral"),
}
PILL_SHAPE = "border-radius: 9px; padding: 2px 10px; font-weight: 600;"


def status_word(status: str) -> str:
    tr = QCoreApplication.translate
    return {"active": tr("consent", "Active"), "expiring": tr("consent", "Expiring"),
            "expired": tr("consent", "Expired"), "revoked": tr("consent", "Revoked"),
            "superseded": tr("consent", "Superseded"), "pending": tr("consent", "Pending"),
            "none": tr("consent", "No consent")}.get(status, status)


def symbol(status: str) -> str:
    return _LOOK.get(status, _LOOK["none"])[0]


def pill_style(status: str, palette: QPalette) -> str:
    """The pill's style sheet for ``status`` on a window of ``palette``."""
    return tint_style(_LOOK.get(status, _LOOK["none"])[1], palette) + " " + PILL_SHAPE


def pill(status: str) -> QLabel:
    """Just the pill (symbol and word), for tables and headers; its colours follow the
    palette."""
    label = QLabel(f"{symbol(status)}  {status_word(status)}")
    label.setProperty("consentStatus", status)
    follow_palette(label, lambda: _restyle_pill(label))
    return label


def _restyle_pill(label: QLabel) -> None:
    sheet = pill_style(str(label.property("consentStatus")), surroundings(label))
    if label.styleSheet() != sheet:
        label.setStyleSheet(sheet)


class ConsentBadgeWidget(QWidget):
    """Pill and reason; ``set_badge`` to change, ``text()`` for tests and screen readers."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pill = pill("none")
        self.reason = QLabel()
        self.reason.setWordWrap(True)
        self.reason.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(self.pill, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.reason, 1)
        self.status = "none"

    def set_badge(self, badge: ConsentBadge, channel_labels: str = "") -> None:
        self.status = badge.status
        self.pill.setText(f"{symbol(badge.status)}  {status_word(badge.status)}")
        self.pill.setProperty("consentStatus", badge.status)
        _restyle_pill(self.pill)
        reason = badge.reason[:1].upper() + badge.reason[1:]
        if badge.consent:
            reason = self.tr("{id}: {reason}").format(id=badge.consent, reason=reason)
        if channel_labels:
            reason += "\n" + self.tr("Covers: {channels}").format(channels=channel_labels)
        self.reason.setText(reason)
        self.setAccessibleName(self.text())

    def text(self) -> str:
        return f"{status_word(self.status)}: {self.reason.text()}"
