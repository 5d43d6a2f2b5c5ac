"""The desktop app: start Qt, find the library, sign in, show the main window, lock, quit.

``studio`` with no sub-command lands in :func:`run_app`. The :class:`StudioApp` object is the
only place that holds the open library between windows, and the only place that closes it, so
locking and quitting cannot leave the single-writer lock behind.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMessageBox

from studio.library.layout import LibraryLayout
from studio.library.library import Library
from studio.paths import default_library_path
from studio.ui.compat import pyside_defect
from studio.ui.context import UiContext
from studio.ui.errors import install_excepthook
from studio.ui.main_window import MainWindow
from studio.ui.settings import APPLICATION_NAME, ORGANIZATION_DOMAIN, ORGANIZATION_NAME, UiSettings
from studio.ui.sign_in import SignInDialog
from studio.ui.worker import DatabaseWorker


def library_path(args: argparse.Namespace) -> Path:
    """--library, else $STUDIO_LIBRARY, else the default library (same order as the CLI)."""
    given = getattr(args, "library", None) or os.environ.get("STUDIO_LIBRARY")
    return Path(given).expanduser() if given else default_library_path()


def initial_user(args: argparse.Namespace, settings: UiSettings) -> str:
    """--user, else $STUDIO_USER, else whoever signed in last on this computer."""
    return str(getattr(args, "user", None) or os.environ.get("STUDIO_USER")
               or settings.last_user)


def library_problem(path: Path) -> tuple[str, str] | None:
    """Why ``path`` cannot be signed into at all, as (message, how to fix it); else None."""
    tr = QApplication.translate
    how = tr("app", "To create a library, run in a terminal:\n\n    studio init \"{path}\" "
             "--admin YOUR-NAME\n\nor, to try the studio with fictional people:\n\n    "
             "studio demo \"{path}\"\n\nthen start the studio again.").format(path=path)
    if not path.is_dir():
        return tr("app", "There is no library at {path}.").format(path=path), how
    if not LibraryLayout(path).looks_like_library():
        return tr("app", "{path} is not a Patient Story Studio library (library.db or "
                  "keys.json is missing).").format(path=path), how
    return None


class StudioApp(QObject):
    """Sign-in, then the main window; Lock goes back to sign-in, Quit emits ``finished``."""

    finished = Signal()

    def __init__(self, path: Path, settings: UiSettings, *, user: str = "",
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.settings = settings
        self.worker = DatabaseWorker(self)
        self.library: Library | None = None
        self.dialog: SignInDialog | None = None
        self.window: MainWindow | None = None
        self.context: UiContext | None = None
        self._user = user

    def start(self, *, auto: bool = True) -> None:
        """Show the sign-in dialog; with ``auto`` a remembered key may skip it."""
        dialog = SignInDialog(self.path, self.worker, user=self._user, auto=auto)
        dialog.accepted.connect(self._signed_in)
        dialog.rejected.connect(self.quit)
        self.dialog = dialog
        dialog.show()

    def _signed_in(self) -> None:
        dialog = self.dialog
        if dialog is None or dialog.library is None:
            return
        self.library = dialog.library
        self._user = self.library.actor.username
        self.settings.last_user = self._user
        self.settings.sync()
        self.context = UiContext(self.library, self.worker, self.settings)
        window = MainWindow(self.context)
        window.lock_requested.connect(self.lock)
        window.quit_requested.connect(self.quit)
        if dialog.remember_failed:
            window.statusBar().showMessage(window.tr(
                "Your sign-in could not be remembered on this computer: the system keyring "
                "refused it."), 10000)
        self.window = window
        self.dialog = None
        dialog.deleteLater()
        window.show()

    def lock(self) -> None:
        """Close the library and ask for the password again (a remembered key is not used)."""
        self.start(auto=False)
        self._close_window_and_library()

    def quit(self) -> None:
        """Close everything this object opened; the caller ends the event loop."""
        self._close_window_and_library()
        if self.dialog is not None:
            self.dialog.deleteLater()
            self.dialog = None
        self.worker.stop()
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


def _make_qapp() -> QApplication:
    QApplication.setOrganizationName(ORGANIZATION_NAME)
    QApplication.setOrganizationDomain(ORGANIZATION_DOMAIN)
    QApplication.setApplicationName(APPLICATION_NAME)
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setQuitOnLastWindowClosed(False)  # between Lock and sign-in no window is shown
    return app


def _smoke_test_result(app: QApplication) -> int:
    """STUDIO_SMOKE_TEST=1: name the windows on screen after a second; 0 when there is one."""
    shown = [w.windowTitle() for w in app.topLevelWidgets() if w.isVisible()]
    print("smoke test: shown:", "; ".join(shown) or "nothing", flush=True)
    return 0 if shown else 1


def run_app(args: argparse.Namespace) -> int:
    """Run the desktop app until the person quits; returns the process exit code."""
    debug = bool(getattr(args, "debug", False))
    logging.basicConfig(level=logging.DEBUG if debug else logging.WARNING)
    app = _make_qapp()
    defect = pyside_defect()
    if defect is not None:
        QMessageBox(QMessageBox.Icon.Critical, APPLICATION_NAME, defect).exec()
        return 1
    previous_hook = install_excepthook(debug=debug)
    try:
        path = library_path(args)
        problem = library_problem(path)
        if problem is not None:
            box = QMessageBox(QMessageBox.Icon.Warning, APPLICATION_NAME, problem[0])
            box.setInformativeText(problem[1])
            box.exec()
            return 1
        settings = UiSettings()
        studio = StudioApp(path, settings, user=initial_user(args, settings))
        studio.finished.connect(app.quit)
        studio.start()
        if os.environ.get("STUDIO_SMOKE_TEST") == "1":  # tests/test_packaging.py: built app starts
            QTimer.singleShot(1000, lambda: app.exit(_smoke_test_result(app)))
        code = app.exec()
        studio.finished.disconnect(app.quit)
        studio.quit()  # the loop can also end from outside (the desktop session ending)
        return int(code)
    finally:
        sys.excepthook = previous_hook
