"""The consent status badge: a coloured pill with a symbol and a word, and the reason beside it.

The status and the reason come from the workflow (:class:`ConsentBadge`); this widget only
chooses how they look. Colour is never the only signal: every status has a symbol and a word.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from studio.workflow.library_views import ConsentBadge

# status -> (symbol, background, foreground); dark text on light tints passes WCAG AA.
_LOOK = {
    "active": ("✓", "#d7f0dd", "#0f5323"),
    "expiring": ("!", "#fdebc8", "#6b4200"),
    "expired": ("✕", "#f9d9d6", "#7a1712"),
    "revoked": ("✕", "#f9d9d6", "#7a1712"),
    "superseded": ("–", "#e4e6ea", "#33373d"),
    "pending": ("…", "#e4e6ea", "#33373d"),
    "none": ("–", "#e4e6ea", "#33373d"),
}


def status_word(status: str) -> str:
    tr = QCoreApplication.translate
    return {"active": tr("consent", "Active"), "expiring": tr("consent", "Expiring"),
            "expired": tr("consent", "Expired"), "revoked": tr("consent", "Revoked"),
            "superseded": tr("consent", "Superseded"), "pending": tr("consent", "Pending"),
            "none": tr("consent", "No consent")}.get(status, status)


def symbol(status: str) -> str:
    return _LOOK.get(status, _LOOK["none"])[0]


def pill(status: str) -> QLabel:
    """Just the pill (symbol and word), for tables and headers."""
    symbol, background, foreground = _LOOK.get(status, _LOOK["none"])
    label = QLabel(f"{symbol}  {status_word(status)}")
    label.setStyleSheet(f"background: {background}; color: {foreground}; border-radius: 9px;"
                        " padding: 2px 10px; font-weight: 600;")
    return label


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
        symbol, background, foreground = _LOOK.get(badge.status, _LOOK["none"])
        self.pill.setText(f"{symbol}  {status_word(badge.status)}")
        self.pill.setStyleSheet(f"background: {background}; color: {foreground}; "
                                "border-radius: 9px; padding: 2px 10px; font-weight: 600;")
        reason = badge.reason[:1].upper() + badge.reason[1:]
        if badge.consent:
            reason = self.tr("{id}: {reason}").format(id=badge.consent, reason=reason)
        if channel_labels:
            reason += "\n" + self.tr("Covers: {channels}").format(channels=channel_labels)
        self.reason.setText(reason)
        self.setAccessibleName(self.text())

    def text(self) -> str:
        return f"{status_word(self.status)}: {self.reason.text()}"
