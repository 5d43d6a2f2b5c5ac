"""What every screen of the main window has in common: the context, and reloading on change.

A screen names the entity kinds it shows (``watches``). When an operation announces a change to
one of them, a visible screen reloads at once and a hidden one remembers to reload when it is
next shown, so switching screens never shows stale data and hidden screens cost nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QShowEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QWidget

from studio.ui.context import UiContext
from studio.ui.widgets.palette_follow import set_text_tone


class Page(QWidget):
    """A screen in the main window's stack."""

    watches: frozenset[str] = frozenset()
    status_changed = Signal(str)        # a short line for the status bar

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._stale = False
        ctx.changed.connect(self._on_changed)

    def _on_changed(self, kinds: frozenset[str]) -> None:
        if not kinds & self.watches:
            return
        if self.isVisible():
            self.reload()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self.reload()
        self.status_changed.emit(self.status_text())

    def reload(self) -> None:
        """Read again what the screen shows (after a change it watches)."""

    def status_text(self) -> str:
        return ""

    def open_item(self, display_id: str) -> bool:
        """Show ``display_id`` on this screen; False when this screen does not show it."""
        return False

    # -- unsaved work (asked about before Quit, Lock and switching library) ----------------
    def unsaved_changes(self) -> str | None:
        """One line naming what is typed here and not saved ("S-3: story text"), or None.

        Names only, never the text: the line is shown after an idle lock discarded it.
        """
        return None

    def save_unsaved(self, done: Callable[[str | None], None]) -> None:
        """Save what :meth:`unsaved_changes` names, the way the screen's Save does (through
        ``ctx.op``); then ``done(None)``, or ``done(reason)`` when the workflow refused."""
        done(None)


def heading(text: str, scale: float = 1.35) -> QLabel:
    """A screen or section title: bold and larger than the body text."""
    label = QLabel(text)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(True)
    label.setFont(font)
    label.setWordWrap(True)
    return label


def muted(text: str = "") -> QLabel:
    """Secondary text: the text colour a third of the way towards the background.

    Derived from the palette (:func:`~studio.ui.widgets.palette_colors.muted_colour`), so it
    follows light and dark themes, also when they change while the studio runs, and keeps
    WCAG AA contrast (the placeholder colour is too faint for text people must read).
    """
    label = QLabel(text)
    set_text_tone(label, "muted")
    label.setWordWrap(True)
    return label


def configure_table(table: QTableView, name: str, *, stretch: int | None = None) -> None:
    """The one look of every list: whole rows, one at a time, read-only, left-aligned
    headers, compact rows sized from the font, ``stretch`` taking the spare width."""
    table.setAccessibleName(name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.setShowGrid(False)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
    header = table.horizontalHeader()
    header.setHighlightSections(False)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    if stretch is not None:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    else:
        header.setStretchLastSection(True)


def fit_columns(table: QTableView, columns: range | tuple[int, ...]) -> None:
    """Size ``columns`` to their contents plus breathing room."""
    for column in columns:
        table.resizeColumnToContents(column)
        table.setColumnWidth(column, table.columnWidth(column) + 12)
