"""Colours that follow the palette while the studio runs (the system switches to dark mode).

A colour computed once at construction goes stale when the palette changes. Widgets register a
``restyle`` function with :func:`follow_palette`; it runs now, when the widget is shown or moved
to another parent, when it gets a ``PaletteChange``, and when its window gets a
``PaletteChange`` or ``ApplicationPaletteChange``. The window matters: Qt sends no palette
event to a widget that has a style sheet, which is how most coloured labels are coloured, and
keeps such a widget on the old palette; so the window's watcher also sets every style sheet
inside it again (the sidebar's ``palette(base)``, for one, is resolved when the sheet is set).
Restyle functions must be idempotent (set a style sheet only when it differs), since they run
often.

:func:`set_text_tone` is the common case: a label's text in the error, warning, success or
muted colour of the palette it sits on.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QWidget

from studio.ui.widgets.palette_colors import style, text_colour

_TONE, _BOLD = "paletteTextTone", "paletteTextBold"
_OWN_EVENTS = (QEvent.Type.Show, QEvent.Type.ParentChange, QEvent.Type.PaletteChange)
_WINDOW_EVENTS = (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange)


class Restyler(QObject):
    """Runs a widget's restyle function whenever its colours may be stale."""

    def __init__(self, widget: QWidget, restyle: Callable[[], None]) -> None:
        super().__init__(widget)
        self._widget = widget
        self._restyle = restyle
        self._busy = False
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _OWN_EVENTS:
            if event.type() == QEvent.Type.Show:
                _watch(self._widget.window())
            self.restyle()
        return False

    def restyle(self) -> None:
        if self._busy:  # the restyle itself caused the event
            return
        self._busy = True
        try:
            self._restyle()
        finally:
            self._busy = False


class _WindowWatcher(QObject):
    """On a top-level window: after a palette change, restyles every widget inside it.

    Deferred to the next turn of the event loop, when Qt has passed the new palette down to
    every child, and coalesced (one pass for the burst of events a change sends)."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("paletteWatcher")
        self._window = window
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.restyle_all)
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _WINDOW_EVENTS:
            self._timer.start()
        return False

    def restyle_all(self) -> None:
        # Qt leaves a widget that has a style sheet with the old palette (and the sheet's
        # palette(...) colours resolved against it) until the sheet is set again.
        for widget in (self._window, *self._window.findChildren(QWidget)):
            sheet = widget.styleSheet()
            if sheet:
                widget.setStyleSheet(sheet)
        for restyler in self._window.findChildren(Restyler):
            restyler.restyle()


def _watch(window: QWidget) -> None:
    if window.findChild(_WindowWatcher, "paletteWatcher",
                        Qt.FindChildOption.FindDirectChildrenOnly) is None:
        _WindowWatcher(window)


def follow_palette(widget: QWidget, restyle: Callable[[], None]) -> Restyler:
    """Run ``restyle`` now and whenever ``widget``'s colours may be stale (see the module)."""
    restyler = Restyler(widget, restyle)
    if widget.isVisible():  # else when it is shown, in the window it is shown in
        _watch(widget.window())
    restyler.restyle()
    return restyler


def surroundings(widget: QWidget) -> QPalette:
    """The palette of what ``widget`` is painted on: its parent's (its own palette carries its
    style sheet's colours), or the application's for a widget without one yet."""
    parent = widget.parentWidget()
    return parent.palette() if parent is not None else QApplication.palette(widget)


def set_text_tone(label: QWidget, tone: str | None, *, bold: bool = False) -> None:
    """Colour ``label``'s text in ``tone`` ("error", "warning", "success", "muted"; None for
    the palette's plain text) so it reads on the window behind it, now and after any palette
    change. Replaces the label's style sheet."""
    first = label.property(_TONE) is None and label.property(_BOLD) is None
    label.setProperty(_TONE, tone or "")
    label.setProperty(_BOLD, bold)
    if first:
        follow_palette(label, lambda: _apply_tone(label))
    else:
        _apply_tone(label)


def _apply_tone(label: QWidget) -> None:
    tone = str(label.property(_TONE) or "")
    sheet = style(text_colour(tone, surroundings(label)),
                  bold=bool(label.property(_BOLD))) if tone else ""
    if label.styleSheet() != sheet:
        label.setStyleSheet(sheet)


def text_tone(label: QWidget) -> str:
    """The tone :func:`set_text_tone` gave ``label`` ("" for none)."""
    return str(label.property(_TONE) or "")
