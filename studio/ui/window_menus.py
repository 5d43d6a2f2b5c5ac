"""The main window's library-switching and Help menus.

Switching is only asked for here (signals on the window, after the window asked about unsaved
edits); the app closes the open library
the way Lock does before another one is signed into, so the single-writer lock is released
first. "Open recent" is rebuilt each time it opens, from the paths kept in QSettings.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from studio import APP_NAME, __version__
from studio.paths import default_library_path
from studio.ui.dialogs import show_info
from studio.ui.errors import sentence
from studio.ui.idle import ask_idle_minutes
from studio.ui.library_picker import ask_for_library, start_folder
from studio.ui.pages.navigation import page_titles
from studio.ui.recent_libraries import RecentLibraries

if TYPE_CHECKING:
    from studio.ui.main_window import MainWindow


def add_window_actions(window: MainWindow) -> None:
    """The Library, Go and Help menus and their shortcuts (Ctrl+F, L, Q, F5, Ctrl+1..9)."""
    def action(text: str, keys: str, slot: Callable[[], object]) -> QAction:
        act = QAction(text, window)
        act.setShortcut(QKeySequence(keys))
        act.triggered.connect(slot)
        window.addAction(act)
        return act

    window.find_action = action(window.tr("&Find…"), "Ctrl+F", window.focus_search)
    window.lock_action = action(window.tr("&Lock"), "Ctrl+L", window.request_lock)
    window.quit_action = action(window.tr("&Quit"), "Ctrl+Q", window.request_quit)
    window.refresh_action = action(window.tr("&Refresh"), "F5", window.refresh)
    library_menu = window.menuBar().addMenu(window.tr("&Library"))
    add_switch_actions(window, library_menu)
    library_menu.addAction(window.find_action)
    library_menu.addAction(window.refresh_action)
    library_menu.addSeparator()
    library_menu.addAction(window.tr("Lock &after…"),
                           lambda: ask_idle_minutes(window, window.ctx.settings, window.idle))
    library_menu.addAction(window.lock_action)
    library_menu.addAction(window.quit_action)
    go_menu = window.menuBar().addMenu(window.tr("&Go"))
    titles = page_titles()
    for number, key in enumerate(window.visible_keys, start=1):
        go_menu.addAction(action(titles[key], f"Ctrl+{number}",
                                 lambda _checked=False, key=key: window.show_page(key)))
    window.help_menu = add_help_menu(window)


def add_switch_actions(window: MainWindow, menu: QMenu) -> None:
    """New library…, Open library…, Open recent ▸ at the top of the Library menu."""
    recent = RecentLibraries(window.ctx.settings)
    new = QAction(window.tr("&New library…"), window)
    new.setShortcut(QKeySequence("Ctrl+Shift+N"))
    new.triggered.connect(window.new_library_requested.emit)
    opened = QAction(window.tr("&Open library…"), window)
    opened.setShortcut(QKeySequence("Ctrl+O"))

    def ask() -> None:
        path = ask_for_library(window, start_folder(recent.paths(), default_library_path()))
        if path is not None:
            window.request_open_library(path)

    opened.triggered.connect(ask)
    window.new_library_action, window.open_library_action = new, opened
    for action in (new, opened):
        window.addAction(action)
        menu.addAction(action)
    window.recent_menu = menu.addMenu(window.tr("Open &recent"))
    window.recent_menu.aboutToShow.connect(lambda: fill_recent_menu(window, recent))
    fill_recent_menu(window, recent)
    menu.addSeparator()


def fill_recent_menu(window: MainWindow, recent: RecentLibraries) -> None:
    """One entry per recent library; the open one and unavailable ones are greyed out."""
    menu = window.recent_menu
    menu.clear()
    current = window.lib.layout.root.absolute()
    for entry in recent.entries():
        action = menu.addAction(entry.path.name)
        action.setToolTip(str(entry.path))
        action.setStatusTip(str(entry.path))
        if entry.path.absolute() == current:
            action.setText(window.tr("{name} (open now)").format(name=entry.path.name))
            action.setEnabled(False)
        elif entry.problem is not None:
            action.setText(window.tr("{name} (not available)").format(name=entry.path.name))
            action.setToolTip(sentence(entry.problem))
            action.setStatusTip(sentence(entry.problem))
            action.setEnabled(False)
        else:
            action.triggered.connect(lambda _checked=False, path=entry.path:
                                     window.request_open_library(Path(path)))
    if menu.isEmpty():
        menu.addAction(window.tr("No other libraries yet")).setEnabled(False)
    menu.setToolTipsVisible(True)


def add_help_menu(window: MainWindow) -> QMenu:
    menu = window.menuBar().addMenu(window.tr("&Help"))
    tour = menu.addAction(window.tr("&Guided tour"))
    tour.triggered.connect(window.start_tour)
    menu.addSeparator()
    about = menu.addAction(window.tr("&About {app}").format(app=APP_NAME))
    about.triggered.connect(lambda: show_about(window))
    window.tour_action, window.about_action = tour, about
    return menu


def about_text() -> str:
    return f"{APP_NAME} {__version__}"


def show_about(parent: QWidget) -> None:
    """The app's name and version (the same as ``studio --version``) and what it is for."""
    show_info(parent, parent.tr("About {app}").format(app=APP_NAME), about_text(), parent.tr(
        "Patient stories turned into consented, compliance-approved social posts. Everything "
        "stays in one encrypted library folder on this computer; nothing leaves it except "
        "the approved posts you export."))
