"""The main window's list of screens: one row per screen this person may open, Ctrl+1..9."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from studio.ui.pages.navigation import page_titles

STYLE = ("QListWidget#sidebar { background: palette(base); padding-top: 6px;"
         " border-right: 1px solid palette(mid); }"
         " QListWidget#sidebar::item { padding: 4px 12px; margin: 1px 6px;"
         " border-radius: 5px; }"
         " QListWidget#sidebar::item:selected { background: palette(highlight);"
         " color: palette(highlighted-text); }")


class Sidebar(QListWidget):
    """Emits ``chosen(key)`` when the person picks a screen; :meth:`mark` follows the window
    when it shows a screen some other way (a shortcut, a link, a search)."""

    chosen = Signal(str)

    def __init__(self, keys: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        titles = page_titles()
        self.setObjectName("sidebar")
        self.setAccessibleName(self.tr("Screens"))
        self.setFrameShape(QListWidget.Shape.NoFrame)
        self.setStyleSheet(STYLE)
        self.setIconSize(QSize(0, 0))
        self.setSpacing(1)
        for number, key in enumerate(keys, start=1):
            item = QListWidgetItem(titles[key])
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setToolTip(self.tr("{title} (Ctrl+{n})").format(title=titles[key], n=number))
            item.setSizeHint(QSize(0, self.fontMetrics().height() + 16))
            self.addItem(item)
        # As wide as the longest title of any screen, so the width does not depend on the role.
        width = max(self.fontMetrics().horizontalAdvance(t) for t in titles.values()) + 64
        self.setFixedWidth(max(width, 170))
        self.currentItemChanged.connect(self._changed)

    def mark(self, key: str) -> None:
        """Select ``key``'s row without emitting ``chosen`` (none for a screen not listed)."""
        self.blockSignals(True)
        try:
            for i in range(self.count()):
                item = self.item(i)
                if item.data(Qt.ItemDataRole.UserRole) == key:
                    self.setCurrentItem(item)
                    return
            self.clearSelection()
        finally:
            self.blockSignals(False)

    def _changed(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.chosen.emit(str(item.data(Qt.ItemDataRole.UserRole)))
