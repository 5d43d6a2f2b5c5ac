"""The main window: the library's stories, a search box, and who is signed in.

It owns no rule and no data: the list comes from :mod:`studio.workflow.stories` through
:class:`StoryTableModel`, and the library object is handed in by the app, which also decides
what locking and quitting mean (the window only asks for them with signals).
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from studio.errors import StudioError
from studio.library.library import Library
from studio.ui.errors import user_message
from studio.ui.settings import UiSettings
from studio.ui.story_dialog import StoryDialog
from studio.ui.story_table import (
    COL_ID,
    COL_SERVICE_LINE,
    COL_STATUS,
    COL_SUBJECT,
    COL_TITLE,
    COL_UPDATED,
    StoryTableModel,
)
from studio.workflow.stories import count_stories, show_story

SEARCH_DELAY_MS = 200
ROLE_NAMES = ("admin", "author", "compliance")


class MainWindow(QMainWindow):
    """Lists the stories of ``lib``; emits ``lock_requested`` / ``quit_requested``."""

    lock_requested = Signal()
    quit_requested = Signal()

    def __init__(self, lib: Library, settings: UiSettings,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lib = lib
        self._settings = settings
        self._leaving = False
        self.setWindowTitle(self.tr("{library} – Patient Story Studio").format(
            library=lib.layout.root.name))
        self.model = StoryTableModel(lib, self)
        self._build_central()
        self._build_actions()
        self._build_status_bar()
        self._restore_layout()
        self.model.modelReset.connect(self._update_count)
        self.model.rowsInserted.connect(self._update_count)
        self._update_count()

    # -- widgets -------------------------------------------------------------------------------
    def _build_central(self) -> None:
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(self.tr("Search stories…"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setAccessibleName(self.tr("Search stories"))
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._run_search)
        self.search_edit.textChanged.connect(self._search_timer.start)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setShowGrid(False)
        self.table.verticalHeader().hide()
        self.table.setAccessibleName(self.tr("Stories"))
        self.table.doubleClicked.connect(self._open_story)
        self._size_columns()

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(8, 8, 8, 0)
        layout.addWidget(self.search_edit)
        layout.addWidget(self.table, 1)
        self.setCentralWidget(central)

    def _size_columns(self) -> None:
        """Widths from the font, not from the rows: measuring rows would load every page."""
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        metrics = self.table.fontMetrics()
        samples = {COL_ID: "S-00000", COL_SUBJECT: "Kwame Osei-Lindqvist",
                   COL_SERVICE_LINE: "Physical therapy", COL_STATUS: "Archived",
                   COL_UPDATED: "2026-12-31 23:59"}
        for column, sample in samples.items():
            title = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            width = max(metrics.horizontalAdvance(sample), metrics.horizontalAdvance(title))
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width + 3 * metrics.averageCharWidth() + 8)
        header.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)

    def _build_actions(self) -> None:
        def action(text: str, keys: QKeySequence | QKeySequence.StandardKey,
                   slot: object) -> QAction:
            act = QAction(text, self)
            act.setShortcut(keys)
            act.triggered.connect(slot)
            return act

        self.find_action = action(self.tr("&Find…"), QKeySequence("Ctrl+F"), self.focus_search)
        self.refresh_action = action(self.tr("&Refresh"), QKeySequence("F5"), self.refresh)
        self.open_action = action(self.tr("&Open story"), QKeySequence("Return"),
                                  self._open_current)
        self.lock_action = action(self.tr("&Lock"), QKeySequence("Ctrl+L"), self.request_lock)
        self.quit_action = action(self.tr("&Quit"), QKeySequence("Ctrl+Q"), self.request_quit)
        library_menu = self.menuBar().addMenu(self.tr("&Library"))
        library_menu.addAction(self.lock_action)
        library_menu.addSeparator()
        library_menu.addAction(self.quit_action)
        stories_menu = self.menuBar().addMenu(self.tr("&Stories"))
        stories_menu.addAction(self.find_action)
        stories_menu.addAction(self.open_action)
        stories_menu.addAction(self.refresh_action)
        self.open_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.table.addAction(self.open_action)

    def _build_status_bar(self) -> None:
        actor = self.lib.actor
        roles = ", ".join(self._role_name(r) for r in sorted(actor.roles)) or self.tr("no role")
        self.count_label = QLabel()
        self.user_label = QLabel(self.tr("Signed in as {name} · {roles}").format(
            name=actor.display_name, roles=roles))
        self.read_only_label = QLabel(self.tr("Read-only"))
        self.read_only_label.setToolTip(self.tr(
            "Another window or process has this library open for writing; you can look but "
            "not change anything."))
        self.read_only_label.setStyleSheet("font-weight: bold; padding: 0 6px;")
        self.read_only_label.setVisible(self.lib.read_only)
        bar = self.statusBar()
        bar.setContentsMargins(8, 0, 8, 2)
        bar.addWidget(self.count_label)
        bar.addPermanentWidget(self.read_only_label)
        bar.addPermanentWidget(self.user_label)

    def _role_name(self, role: str) -> str:
        names = {"admin": self.tr("administrator"), "author": self.tr("author"),
                 "compliance": self.tr("compliance")}
        return names.get(role, role)

    def status_text(self) -> str:
        """Everything the status bar says, for tests and accessibility checks."""
        parts = [self.count_label.text(), self.user_label.text()]
        if self.lib.read_only:
            parts.append(self.read_only_label.text())
        return " | ".join(parts)

    # -- searching and listing -----------------------------------------------------------------
    def focus_search(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    def _run_search(self) -> None:
        self.model.set_search(self.search_edit.text())

    def refresh(self) -> None:
        self.model.refresh()

    def _update_count(self) -> None:
        shown = self.model.rowCount()
        if self.model.search.strip():
            more = "+" if self.model.has_more() else ""
            if shown == 1 and not more:
                text = self.tr("1 matching story")
            elif shown:
                text = self.tr("{n}{more} matching stories").format(n=shown, more=more)
            else:
                text = self.tr("No story matches “{words}”").format(
                    words=self.model.search.strip())
        else:
            total = count_stories(self.lib)
            text = {0: self.tr("No stories yet"), 1: self.tr("1 story")}.get(
                total, self.tr("{n} stories").format(n=total))
        self.count_label.setText(text)

    # -- one story -----------------------------------------------------------------------------
    def _open_current(self) -> None:
        self._open_story(self.table.currentIndex())

    def _open_story(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        row = self.model.story_row(index.row())
        if row is None:
            return
        try:
            detail = show_story(self.lib, row.display_id)
        except StudioError as exc:
            QMessageBox.warning(self, self.tr("Story"), user_message(exc))
            return
        status = self.model.index(index.row(), COL_STATUS).data()
        updated = self.model.index(index.row(), COL_UPDATED).data()
        dialog = StoryDialog(detail, status, updated, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    # -- leaving -------------------------------------------------------------------------------
    def request_lock(self) -> None:
        self.lock_requested.emit()

    def request_quit(self) -> None:
        self.close()

    def leave(self) -> None:
        """Close without asking anything again (the app locks or quits next)."""
        self._leaving = True
        self.close()

    def _restore_layout(self) -> None:
        geometry = self._settings.main_geometry
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1100, 640)
        state = self._settings.main_state
        if state is not None:
            self.restoreState(state)
        header = self._settings.story_header
        if header is not None:
            self.table.horizontalHeader().restoreState(header)

    def save_layout(self) -> None:
        self._settings.main_geometry = self.saveGeometry()
        self._settings.main_state = self.saveState()
        self._settings.story_header = self.table.horizontalHeader().saveState()
        self._settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_layout()
        event.accept()
        if not self._leaving:
            self._leaving = True
            self.quit_requested.emit()
