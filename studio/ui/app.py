"""The desktop app: start Qt, find the library, sign in, show the main window, lock, quit.

``studio`` with no sub-command lands in :func:`studio.ui.launch.run_app`, which starts this
object. Without a library at the path, the welcome window offers to create one or open an
existing one (staff never need the command line). The :class:`StudioApp` object is the only
place that holds the open library between windows, and the only place that closes it, so
locking, switching library and quitting cannot leave the single-writer lock behind.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication

from studio.paths import default_library_path
from studio.ui.dialogs import show_info
from studio.ui.errors import log_if_unexpected, sentence
from studio.ui.recent_libraries import RecentLibraries
from studio.ui.settings import UiSettings
from studio.ui.sign_in import SignInDialog
from studio.ui.unsaved import discarded_note
from studio.ui.worker import DatabaseWorker
from studio.workflow.library_setup import why_not_a_library

if TYPE_CHECKING:
    from studio.library.kdf import KdfParams
    from studio.library.library import Library
    from studio.ui.context import UiContext
    from studio.ui.create_library import CreateLibraryDialog
    from studio.ui.main_window import MainWindow
    from studio.ui.welcome import WelcomeWindow


# What the main window needs below the UI, loaded on the worker while the first window shows
# (SQLAlchemy and the ORM take longer to import than Qt): by the time a password is typed, the
# library layer is ready and the main window follows the sign-in at once.
LIBRARY_LAYER = ("studio.library.library", "studio.workflow.stories", "studio.workflow.access",
                 "studio.library.search")


def load_library_layer() -> None:
    """Import :data:`LIBRARY_LAYER` (on the worker: plain Python, no Qt objects made)."""
    for name in LIBRARY_LAYER:
        importlib.import_module(name)


class StudioApp(QObject):
    """Welcome or sign-in, then the main window; Lock goes back to sign-in, Quit emits
    ``finished``; switching library closes the open one the way Lock does, then signs in."""

    finished = Signal()

    def __init__(self, path: Path | None, settings: UiSettings, *, user: str = "",
                 kdf: KdfParams | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.settings = settings
        self.recent = RecentLibraries(settings)
        self.worker = DatabaseWorker(self)
        self.library: Library | None = None
        self.dialog: SignInDialog | None = None
        self.welcome: WelcomeWindow | None = None
        self.window: MainWindow | None = None
        self.context: UiContext | None = None
        self._user = user
        self._kdf = kdf  # argon2 cost for new libraries; None calibrates (tests pass the minimum)
        self._back_to_welcome = False  # Cancel on sign-in: back to the welcome window, or quit
        self._pending: Library | None = None
        # Names (never text) of the edits an idle lock discarded, for (library, user): told
        # after that person's next sign-in there, kept in memory only.
        self._discarded: tuple[Path, str, list[str]] | None = None
        # Once the event loop runs, that is after the first window (made by start()) has
        # painted: an import on the worker holds the interpreter lock most of the time and
        # would slow that paint down.
        QTimer.singleShot(0, self, self._load_library_layer)

    # -- choosing a library ------------------------------------------------------------------
    def start(self, *, auto: bool = True) -> None:
        """Sign in to ``path``; without a library there, show the welcome window instead.

        With ``auto`` a remembered key may skip the sign-in dialog.
        """
        problem = why_not_a_library(self.path) if self.path is not None else None
        if self.path is None or problem is not None:
            self.show_welcome(self._welcome_note(problem))
            return
        dialog = SignInDialog(self.path, self.worker, user=self._user, auto=auto)
        dialog.accepted.connect(self._signed_in)
        dialog.rejected.connect(self._sign_in_cancelled)
        dialog.other_library_requested.connect(self._other_library)
        self.dialog = dialog
        dialog.show()

    def _load_library_layer(self) -> None:
        if self.worker.running():  # not after a quit: a job queued then would never run
            self.worker.submit(load_library_layer, lambda _none: None, log_if_unexpected)

    def _welcome_note(self, problem: str | None) -> str:
        tr = QApplication.translate
        if self.path is None or problem is None:
            return ""
        if self.path.exists():
            return sentence(problem)
        if self.path == default_library_path():
            return tr("app", "There is no library on this computer yet. Create one, or open "
                      "a library folder you already have.")
        return tr("app", "There is no library at {path}. Create one there, or open a library "
                  "folder you already have.").format(path=self.path)

    def show_welcome(self, note: str = "") -> WelcomeWindow:
        """The welcome window: create, open or pick a recent library; closing it quits."""
        if self.welcome is None:
            from studio.ui.welcome import WelcomeWindow  # only without a library to sign in to

            missing = self.path is not None and not self.path.exists()
            suggested = self.path if missing and self.path else default_library_path()
            welcome = WelcomeWindow(self.worker, self.recent, suggested, note=note,
                                    kdf=self._kdf)
            welcome.open_chosen.connect(self._open_chosen)
            welcome.created.connect(self._created)
            welcome.closed.connect(self.quit)
            self.welcome = welcome
        else:
            self.welcome.reload()
            self.welcome.say(note)
        self.welcome.show()
        self.welcome.raise_()
        self.welcome.activateWindow()
        return self.welcome

    def _dismiss_welcome(self) -> None:
        if self.welcome is not None:
            welcome, self.welcome = self.welcome, None
            welcome.dismiss()
            welcome.deleteLater()

    def _open_chosen(self, path: Path) -> None:
        self._dismiss_welcome()
        self.path = path
        self._back_to_welcome = True
        self.start()

    def _created(self, library: Library) -> None:
        self._dismiss_welcome()
        self._show_main(library)

    def _other_library(self) -> None:
        self._back_to_welcome = True
        self._sign_in_cancelled()

    def _sign_in_cancelled(self) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
            self.dialog = None
        if self._back_to_welcome:
            self.show_welcome()
        else:
            self.quit()

    # -- signed in ---------------------------------------------------------------------------
    def _signed_in(self) -> None:
        dialog = self.dialog
        if dialog is None or dialog.library is None:
            return
        self.dialog = None
        dialog.deleteLater()
        self._show_main(dialog.library, remember_failed=dialog.remember_failed)

    def _show_main(self, library: Library, *, remember_failed: bool = False) -> None:
        self.library = library
        self.path = library.layout.root
        self._back_to_welcome = False
        self.recent.add(self.path)
        self._user = library.actor.username
        self.settings.last_user = self._user
        self.settings.sync()
        # The main window and the library layer under it (SQLAlchemy, the ORM) are imported
        # only now: the sign-in dialog or welcome window is on screen before they load.
        from studio.ui.context import UiContext
        from studio.ui.main_window import MainWindow

        self.context = UiContext(library, self.worker, self.settings)
        window = MainWindow(self.context)
        window.lock_requested.connect(self.lock)
        window.idle_lock_requested.connect(lambda lines: self._idle_lock(window, lines))
        window.quit_requested.connect(self.quit)
        window.open_library_requested.connect(lambda path: self._switch_to(path, window))
        window.new_library_requested.connect(lambda: self._new_library(window))
        if remember_failed:
            window.statusBar().showMessage(window.tr(
                "Your sign-in could not be remembered on this computer: the system keyring "
                "refused it."), 10000)
        self.window = window
        window.show()
        self._tell_discarded(window)
        if not self.settings.tour_seen(self._user):  # first sign-in here: the guided tour
            self.settings.mark_tour_seen(self._user)
            self.settings.sync()
            QTimer.singleShot(0, lambda: window is self.window and window.start_tour())

    # -- switching library from the main window ----------------------------------------------
    def _switch_to(self, path: Path, window: MainWindow) -> None:
        """Close this library (releasing its writer lock), then sign in to ``path``."""
        if window is not self.window:
            return  # the window was locked away while the folder dialog was open
        self._close_window_and_library()
        self.path = path
        self._back_to_welcome = True
        self.start()

    def _new_library(self, window: MainWindow) -> CreateLibraryDialog | None:
        if window is not self.window or self.path is None:
            return None
        from studio.ui.create_library import CreateLibraryDialog

        dialog = CreateLibraryDialog(self.worker, self.path.parent / "Library.studio",
                                     kdf=self._kdf, parent=window)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.accepted.connect(lambda: self._created_from_window(dialog, window))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def _created_from_window(self, dialog: CreateLibraryDialog, window: MainWindow) -> None:
        # The new library replaces the open one once the dialog's own signal has returned.
        self._pending, dialog.library = dialog.library, None
        QTimer.singleShot(0, lambda: self._use_pending(window))

    def _use_pending(self, window: MainWindow) -> None:
        library, self._pending = self._pending, None
        if library is None:
            return
        if window is not self.window:  # locked or quit meanwhile: do not open it behind that
            library.close()
            return
        # Unsaved edits in this window are asked about now, once the new library exists;
        # Cancel keeps working here (the new library stays on disk, closed).
        self._pending = library
        window.settle(window.tr("switching library"),
                      lambda: self._switch_to_created(window), self._drop_pending)

    def _switch_to_created(self, window: MainWindow) -> None:
        library, self._pending = self._pending, None
        if library is None:
            return
        if window is not self.window:
            library.close()
            return
        self._close_window_and_library()
        self._show_main(library)

    def _drop_pending(self) -> None:
        library, self._pending = self._pending, None
        if library is not None:
            library.close()

    # -- locking and quitting ----------------------------------------------------------------
    def lock(self) -> None:
        """Close the library and ask for the password again (a remembered key is not used)."""
        self.start(auto=False)
        self._close_window_and_library()

    def _idle_lock(self, window: MainWindow, lines: list[str]) -> None:
        """Lock without asking (nobody may be at the screen). The library closes, so edits
        not saved cannot be kept, encrypted or otherwise: they go with the window, and their
        names are told after the next sign-in."""
        if window is not self.window or self.library is None:
            return
        self._discarded = (self.library.layout.root, self.library.actor.username,
                           list(lines)) if lines else None
        self.lock()

    def _tell_discarded(self, window: MainWindow) -> None:
        if self._discarded is None or self.library is None:
            return
        root, user, lines = self._discarded
        if (root, user) != (self.library.layout.root, self.library.actor.username):
            return  # someone else signed in: keep it for the person whose edits they were
        self._discarded = None
        note = discarded_note(lines)
        window.statusBar().showMessage(note, 30000)
        window.discarded_box = show_info(window, window.tr("Unsaved changes discarded"), note)

    def quit(self) -> None:
        """Close everything this object opened; the caller ends the event loop."""
        self._close_window_and_library()
        if self.dialog is not None:
            self.dialog.deleteLater()
            self.dialog = None
        self._dismiss_welcome()
        self.worker.stop()
        if self._pending is not None:
            pending, self._pending = self._pending, None
            pending.close()
        self.finished.emit()

    def _close_window_and_library(self) -> None:
        """Nothing of the library may stay on screen: close the window and its dialogs first."""
        if self.context is not None:
            self.context.close()
        if self.window is not None:
            window, self.window = self.window, None
            window.leave()
            window.deleteLater()
        self.worker.wait()
        if self.context is not None:
            context, self.context = self.context, None
            context.deleteLater()
        if self.library is not None:
            library, self.library = self.library, None
            library.close()
