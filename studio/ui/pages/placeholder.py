"""A screen that is not built yet, saying plainly what will be there and when.

Better than a half-working feature: staff see what is coming and do not mistake an empty
screen for missing data.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from studio.ui.context import UiContext
from studio.ui.pages.base import Page, heading, muted


class PlaceholderPage(Page):
    def __init__(self, ctx: UiContext, title: str, coming: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.title_label = heading(title)
        self.coming_label = muted(coming)
        self.coming_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        note = muted(self.tr("Not available yet: this screen comes in the next phase of the "
                             "desktop studio. Nothing here is hidden from you."))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        layout.addWidget(self.title_label)
        layout.addWidget(self.coming_label)
        layout.addWidget(note)
        layout.addStretch(1)
        self.setAccessibleName(title)
