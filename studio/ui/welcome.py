"""The welcome window: shown when there is no library to sign in to, or when asked for one.

It offers the two ways to a library — create a new one (with its first administrator) or
open an existing folder — and lists the libraries used on this computer. It decides nothing
about sessions: it emits ``open_chosen(path)`` or ``created(library)`` and the app acts.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QFont, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studio import APP_NAME
from studio.library.kdf import KdfParams
from studio.ui.create_library import CreateLibraryDialog
from studio.ui.errors import sentence
from studio.ui.library_picker import ask_for_library, start_folder
from studio.ui.recent_libraries import RecentLibraries, RecentLibrary
from studio.ui.widgets.palette_colors import muted_colour
from studio.ui.widgets.palette_follow import follow_palette, set_text_tone
from studio.ui.worker import DatabaseWorker

PATH_ROLE = Qt.ItemDataRole.UserRole


class WelcomeWindow(QWidget):
    """Create, open or pick a recent library; closing the window means quitting."""

    open_chosen = Signal(object)   # Path of a folder that looks like a library
    created = Signal(object)       # the new Library, signed in as its administrator
    closed = Signal()

    def __init__(self, worker: DatabaseWorker, recent: RecentLibraries, default: Path, *,
                 note: str = "", kdf: KdfParams | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._worker = worker
        self._recent = recent
        self._default = default
        self._kdf = kdf
        self._dismissed = False
        self.create_dialog: CreateLibraryDialog | None = None
        self.setWindowTitle(self.tr("Welcome – {app}").format(app=APP_NAME))
        self._build(note)
        self.reload()
        follow_palette(self, self._grey_unavailable)

    # -- layout ------------------------------------------------------------------------------
    def _build(self, note: str) -> None:
        title = QLabel(APP_NAME)
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        title.setFont(font)
        intro = QLabel(self.tr("Patient stories turned into consented, approved social posts. "
                               "Everything is kept in one encrypted library folder on this "
                               "computer."))
        intro.setWordWrap(True)
        self.note_label = QLabel(note)
        self.note_label.setWordWrap(True)
        self.note_label.setVisible(bool(note))
        self.note_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.create_button = self._big_button(self.tr("Create a new library…"), self.tr(
            "Start empty: you become its first administrator."), "Ctrl+N", self.create_library)
        self.open_button = self._big_button(self.tr("Open an existing library…"), self.tr(
            "A library folder made on this or another computer."), "Ctrl+O",
            self.open_library)
        buttons = QHBoxLayout()
        buttons.addWidget(self.create_button)
        buttons.addWidget(self.open_button)

        recent_title = QLabel(self.tr("&Recent libraries"))
        self.recent_list = QListWidget()
        self.recent_list.setAccessibleName(self.tr("Recent libraries"))
        self.recent_list.setWordWrap(True)
        self.recent_list.setSpacing(2)
        self.recent_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.recent_list.setStyleSheet("QListWidget::item { padding: 4px 6px; }")
        recent_title.setBuddy(self.recent_list)
        self.recent_list.itemActivated.connect(self._open_item)
        self.recent_list.currentItemChanged.connect(self._selection_changed)
        self.empty_label = QLabel(self.tr("Libraries you create or open are listed here."))
        set_text_tone(self.empty_label, "muted")
        self.remove_button = QPushButton(self.tr("Remove from list"))
        self.remove_button.setAccessibleName(self.tr("Remove the library from the list"))
        self.remove_button.setToolTip(self.tr("Forget it here (Delete); the folder itself is "
                                              "not touched"))
        self.remove_button.clicked.connect(self.remove_selected)
        self.open_selected_button = QPushButton(self.tr("&Open"))
        self.open_selected_button.setAccessibleName(self.tr("Open the selected library"))
        self.open_selected_button.setToolTip(self.tr("Or double-click it, or press Enter"))
        self.open_selected_button.clicked.connect(self.open_selected)
        QShortcut(QKeySequence.StandardKey.Delete, self.recent_list, self.remove_selected,
                  context=Qt.ShortcutContext.WidgetShortcut)
        QShortcut(QKeySequence("Ctrl+Q"), self, self.close)
        row = QHBoxLayout()
        row.addWidget(self.empty_label)
        row.addStretch(1)
        row.addWidget(self.remove_button)
        row.addWidget(self.open_selected_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 20)
        layout.setSpacing(10)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addWidget(self.note_label)
        layout.addSpacing(8)
        layout.addLayout(buttons)
        layout.addSpacing(10)
        layout.addWidget(recent_title)
        layout.addWidget(self.recent_list, 1)
        layout.addLayout(row)
        self.resize(640, 520)

    def _big_button(self, text: str, detail: str, keys: str,
                    slot: Callable[[], object]) -> QPushButton:
        """A tall button: what it does in bold, one grey line of what it means below."""
        button = QPushButton()
        button.setAccessibleName(text)
        button.setAccessibleDescription(detail)
        button.setToolTip(f"{detail} ({QKeySequence(keys).toString()})")
        button.setShortcut(QKeySequence(keys))
        button.setMinimumHeight(72)
        column = QVBoxLayout(button)
        column.setContentsMargins(16, 10, 16, 10)
        heading = QLabel(text)
        font = QFont(heading.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        heading.setFont(font)
        note = QLabel(detail)
        note.setWordWrap(True)
        set_text_tone(note, "muted")
        for label in (heading, note):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            column.addWidget(label)
        button.clicked.connect(slot)
        return button

    def reload(self) -> None:
        """Fill the recent list again from the settings."""
        self.recent_list.clear()
        for entry in self._recent.entries():
            self.recent_list.addItem(self._item(entry))
        has_items = self.recent_list.count() > 0
        self.empty_label.setVisible(not has_items)
        if has_items:
            self.recent_list.setCurrentRow(0)
        self._selection_changed(self.recent_list.currentItem())
        self._grey_unavailable()

    def _grey_unavailable(self) -> None:
        """Libraries that cannot be opened in the secondary text colour (still readable: the
        reason is in the text), recomputed when the palette changes."""
        grey = muted_colour(self.palette(), QPalette.ColorRole.Base)
        for i in range(self.recent_list.count()):
            item = self.recent_list.item(i)
            unavailable = bool(item.data(Qt.ItemDataRole.AccessibleDescriptionRole))
            if unavailable and item.foreground().color() != grey:
                item.setForeground(grey)

    def _item(self, entry: RecentLibrary) -> QListWidgetItem:
        text = f"{entry.path.name}\n{entry.path.parent}"
        if entry.problem is not None:  # the reason, without the path it starts with
            reason = sentence(entry.problem.removeprefix(f"{entry.path}: "))
            text = f"{entry.path.name}  —  {self.tr('not available')}\n{reason}"
        item = QListWidgetItem(text)
        item.setData(PATH_ROLE, str(entry.path))
        item.setToolTip(str(entry.path) if entry.available else sentence(entry.problem or ""))
        if not entry.available:
            item.setData(Qt.ItemDataRole.AccessibleDescriptionRole, sentence(entry.problem or ""))
        return item

    def recent_entries(self) -> list[tuple[str, bool]]:
        """(text, available) of each listed library, for tests and accessibility checks."""
        entries = self._recent.entries()
        return [(self.recent_list.item(i).text(), entries[i].available)
                for i in range(min(len(entries), self.recent_list.count()))]

    # -- actions -----------------------------------------------------------------------------
    def _selection_changed(self, item: QListWidgetItem | None) -> None:
        self.remove_button.setEnabled(item is not None)
        self.open_selected_button.setEnabled(item is not None)

    def _open_item(self, item: QListWidgetItem) -> None:
        path = Path(str(item.data(PATH_ROLE)))
        entry = RecentLibraries.entry(path)
        if entry.problem is not None:
            self.say(sentence(entry.problem), error=True)
            return
        self.open_chosen.emit(path)

    def open_selected(self) -> None:
        item = self.recent_list.currentItem()
        if item is not None:
            self._open_item(item)

    def remove_selected(self) -> None:
        item = self.recent_list.currentItem()
        if item is not None:
            self._recent.remove(Path(str(item.data(PATH_ROLE))))
            self.reload()

    def open_library(self) -> None:
        path = ask_for_library(self, start_folder(self._recent.paths(), self._default))
        if path is not None:
            self.open_chosen.emit(path)

    def create_library(self) -> CreateLibraryDialog:
        """Show the create dialog (window-modal); ``created`` is emitted when it succeeds."""
        dialog = CreateLibraryDialog(self._worker, self._default, kdf=self._kdf, parent=self)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.accepted.connect(lambda: self._created(dialog))
        dialog.finished.connect(dialog.deleteLater)
        self.create_dialog = dialog
        dialog.open()
        return dialog

    def _created(self, dialog: CreateLibraryDialog) -> None:
        self.create_dialog = None
        if dialog.library is not None:
            self.created.emit(dialog.library)

    def say(self, text: str, *, error: bool = False) -> None:
        set_text_tone(self.note_label, "error" if error else None)
        self.note_label.setText(text)
        self.note_label.setVisible(bool(text))

    # -- leaving -----------------------------------------------------------------------------
    def dismiss(self) -> None:
        """Close without meaning "quit" (a library was chosen or created)."""
        self._dismissed = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        event.accept()
        if not self._dismissed:
            self._dismissed = True
            self.closed.emit()
