"""The main window: a sidebar of screens, a search box for the whole library, who is signed in.

It owns no rule and no data. Screens are built on first visit (start-up stays fast) from a
:class:`UiContext` the app hands in; the Users screen exists only for people the workflow lets
manage users. Locking (Ctrl+L or idle minutes), quitting and switching to another library are
asked for with signals: the app decides what they mean, and :meth:`leave` closes every dialog
so nothing stays on screen. Quit, Ctrl+L and switching library first ask about edits not
saved (studio/ui/unsaved.py); the idle lock does not ask, and names what it discarded.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from studio.ui import labels
from studio.ui.context import UiContext
from studio.ui.idle import IdleWatcher
from studio.ui.pages.base import Page
from studio.ui.pages.navigation import PAGE_KEYS, build_page, route
from studio.ui.sidebar import Sidebar
from studio.ui.tour import TourOverlay, tour_steps
from studio.ui.unsaved import settle_unsaved, unsaved_on
from studio.ui.window_menus import add_window_actions
from studio.workflow.access import why_not

SEARCH_DELAY_MS = 250


class MainWindow(QMainWindow):
    """Emits ``lock_requested`` / ``quit_requested`` / ``*_library_requested``; the app acts."""

    lock_requested = Signal()
    idle_lock_requested = Signal(object)  # list[str]: the unsaved edits it discards (names)
    quit_requested = Signal()
    new_library_requested = Signal()
    open_library_requested = Signal(object)  # Path of a folder that looks like a library

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.lib = ctx.lib
        self._leaving = False
        self.pages: dict[str, Page] = {}
        self.tour: TourOverlay | None = None
        self.recent_menu: QMenu
        self.help_menu: QMenu
        self.tour_action: QAction
        self.find_action: QAction
        self.lock_action: QAction
        self.quit_action: QAction
        self.refresh_action: QAction
        self.new_library_action: QAction
        self.open_library_action: QAction
        self.about_action: QAction
        self.unsaved_box: QMessageBox | None = None    # Save / Discard / Cancel, for tests
        self.discarded_box: QMessageBox | None = None  # what an idle lock discarded, told
        self.setWindowTitle(self.tr("{library} – Patient Story Studio").format(
            library=self.lib.layout.root.name))
        self.visible_keys = [k for k in PAGE_KEYS
                             if k != "users" or why_not(self.lib.actor, "user.manage") is None]
        self._build_central()
        add_window_actions(self)
        self._build_status_bar()
        self.idle = IdleWatcher(ctx.settings.idle_lock_minutes * 60_000, self)
        self.idle.idle.connect(self._idle_lock)
        ctx.open_requested.connect(self.open_item)
        self._restore_layout()
        self.show_page("stories")

    # -- widgets ---------------------------------------------------------------------------
    def _build_central(self) -> None:
        self.sidebar = Sidebar(self.visible_keys)
        self.sidebar.chosen.connect(self.show_page)

        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(
            self.tr("Search stories, people, ids (S-3, P-7, C-2)…   Ctrl+F"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setAccessibleName(self.tr("Search the library"))
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._run_search)
        self.search_edit.textChanged.connect(self._search_timer.start)
        self.search_edit.returnPressed.connect(self._search_enter)

        self.stack = QStackedWidget()
        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 8, 0, 0)
        column.setSpacing(0)
        search_row = QHBoxLayout()
        search_row.setContentsMargins(16, 0, 16, 0)
        search_row.addWidget(self.search_edit)
        column.addLayout(search_row)
        column.addWidget(self.stack, 1)

        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.sidebar)
        row.addWidget(right, 1)
        self.setCentralWidget(central)
        self.setTabOrder(self.sidebar, self.search_edit)

    def _build_status_bar(self) -> None:
        actor = self.lib.actor
        roles = ", ".join(labels.role(r) for r in sorted(actor.roles)) or self.tr("no role")
        self.message_label = QLabel()
        self.user_label = QLabel(self.tr("Signed in as {name} · {roles}").format(
            name=actor.username, roles=roles))
        self.user_label.setToolTip(actor.display_name)
        self.read_only_label = QLabel(self.tr("Read-only"))
        self.read_only_label.setToolTip(self.tr(
            "Another window or process has this library open for writing; you can look but "
            "not change anything."))
        self.read_only_label.setStyleSheet("font-weight: bold; padding: 0 6px;")
        self.read_only_label.setVisible(self.lib.read_only)
        bar = self.statusBar()
        bar.setContentsMargins(8, 0, 8, 2)
        bar.addWidget(self.message_label, 1)
        bar.addPermanentWidget(self.read_only_label)
        bar.addPermanentWidget(self.user_label)

    def status_text(self) -> str:
        """Everything the status bar says, for tests and accessibility checks."""
        parts = [self.message_label.text(), self.user_label.text()]
        if self.lib.read_only:
            parts.append(self.read_only_label.text())
        return " | ".join(parts)

    # -- screens ---------------------------------------------------------------------------
    def page(self, key: str) -> Page:
        """The screen ``key``, built on first use."""
        if key not in self.pages:
            if key not in self.visible_keys and key != "search":
                raise KeyError(f"no screen {key!r} for this user")
            page = build_page(key, self.ctx)
            page.status_changed.connect(self._page_status)
            self.pages[key] = page
            self.stack.addWidget(page)
        return self.pages[key]

    def show_page(self, key: str) -> Page:
        page = self.page(key)
        self.stack.setCurrentWidget(page)
        self.sidebar.mark(key)
        self.message_label.setText(page.status_text())
        return page

    def current_key(self) -> str:
        page = self.stack.currentWidget()
        return next((k for k, p in self.pages.items() if p is page), "")

    def _page_status(self, text: str) -> None:
        if self.sender() is self.stack.currentWidget():
            self.message_label.setText(text)

    def open_item(self, target: str) -> None:
        """Show what ``target`` names (S-3, P-7, compose:S-3, consent-for:PT-1...)."""
        key = route(target)
        if key is None or key not in self.visible_keys:
            return
        self.show_page(key).open_item(target)

    def refresh(self) -> None:
        page = self.stack.currentWidget()
        if isinstance(page, Page):
            page.reload()

    # -- searching -------------------------------------------------------------------------
    def focus_search(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    def _run_search(self) -> None:
        words = self.search_edit.text()
        if not words.strip():
            if self.current_key() == "search":
                self.show_page("stories")
            return
        search = self.page("search")
        search.set_words(words)  # type: ignore[attr-defined]
        self.show_page("search")

    def _search_enter(self) -> None:
        self._search_timer.stop()
        self._run_search()
        if "search" in self.pages:
            self.pages["search"].focus_results(when_ready=True)  # type: ignore[attr-defined]

    # -- the guided tour --------------------------------------------------------------------
    def start_tour(self) -> TourOverlay:
        """Show the guided tour over this window (Help ▸ Guided tour, or a first sign-in)."""
        if self.tour is not None:
            self.tour.finish()
        tour = TourOverlay(self, tour_steps(self))
        tour.finished.connect(lambda: self._tour_ended(tour))
        self.tour = tour
        return tour

    def _tour_ended(self, tour: TourOverlay) -> None:
        if self.tour is tour:
            self.tour = None

    # -- leaving ---------------------------------------------------------------------------
    def unsaved_changes(self) -> list[str]:
        """One line per screen with edits not saved ("S-3: story text"), names only."""
        return [line for _page, line in unsaved_on(self.pages.values())]

    def settle(self, doing: str, proceed: Callable[[], None],
               cancelled: Callable[[], None] | None = None) -> None:
        """``proceed`` once unsaved edits are saved or discarded (Save / Discard / Cancel)."""
        if not self._leaving:
            self.unsaved_box = settle_unsaved(self, self.pages.values(), doing, proceed,
                                              cancelled)

    def request_lock(self) -> None:
        """Ctrl+L: lock, after asking about unsaved edits."""
        self.settle(self.tr("locking"), self.lock_requested.emit)

    def _idle_lock(self) -> None:
        """Idle minutes: lock without asking; the unsaved edits go with the window."""
        if not self._leaving:
            self.idle_lock_requested.emit(self.unsaved_changes())

    def request_open_library(self, path: object) -> None:
        """Library ▸ Open / Open recent: switch, after asking about unsaved edits."""
        self.settle(self.tr("switching library"),
                    lambda: self.open_library_requested.emit(path))

    def request_quit(self) -> None:
        self.close()

    def _quit_now(self) -> None:
        self._leaving = True
        self.close()
        self.quit_requested.emit()

    def leave(self) -> None:
        """Close every dialog and the window without asking again (the app locks or quits)."""
        self._leaving = True
        self.idle.stop()
        self.ctx.close()
        for dialog in self.findChildren(QDialog):
            dialog.hide()
            dialog.reject()
        self.close()

    def _restore_layout(self) -> None:
        geometry = self.ctx.settings.main_geometry
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1280, 800)
        state = self.ctx.settings.main_state
        if state is not None:
            self.restoreState(state)

    def save_layout(self) -> None:
        settings = self.ctx.settings
        settings.main_geometry = self.saveGeometry()
        settings.main_state = self.saveState()
        for page in self.pages.values():
            save = getattr(page, "save_layout", None)
            if save is not None:
                save()
        settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Quit (Ctrl+Q or the window's close button) asks first about unsaved edits."""
        if not self._leaving and self.unsaved_changes():
            event.ignore()
            self.settle(self.tr("quitting"), self._quit_now)
            return
        self.save_layout()
        event.accept()
        if not self._leaving:
            self._leaving = True
            self.quit_requested.emit()
