"""A screen that is not built yet, saying plainly what will be there and when.

Better than a half-working feature: staff see what is coming and do not mistake an empty
screen for missing data.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from studio.ui.context import UiContext
from studio.ui.pages.base import Page, heading, muted


class PlaceholderPage(Page):
    def __init__(self, ctx: UiContext, title: str, coming: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.title_label = heading(title)
        note = muted(self.tr("Not built yet: this screen comes in the next phase."))
        self.coming_label = QLabel(coming)
        self.coming_label.setWordWrap(True)
        self.coming_label.setMaximumWidth(760)
        self.coming_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.setSpacing(10)
        layout.addWidget(self.title_label)
        layout.addWidget(note)
        layout.addWidget(self.coming_label)
        layout.addStretch(1)
        self.setAccessibleName(title)
