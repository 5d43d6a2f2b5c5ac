"""The desktop process around :class:`~studio.ui.app.StudioApp`: Qt's application object, where
the library is, who signs in, the error hook, and the exit code.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from studio.paths import default_library_path
from studio.ui.app import StudioApp
from studio.ui.compat import pyside_defect
from studio.ui.errors import install_excepthook
from studio.ui.recent_libraries import RecentLibraries
from studio.ui.settings import APPLICATION_NAME, ORGANIZATION_DOMAIN, ORGANIZATION_NAME, UiSettings
from studio.workflow.library_setup import why_not_a_library


def library_path(args: argparse.Namespace, settings: UiSettings | None = None) -> Path:
    """--library, else $STUDIO_LIBRARY, else the default library (same order as the CLI).

    When none is given and the default place holds no library, the library used last on this
    computer is opened instead (it may live anywhere the person chose to create it).
    """
    given = getattr(args, "library", None) or os.environ.get("STUDIO_LIBRARY")
    if given:
        return Path(given).expanduser()
    default = default_library_path()
    if settings is not None and why_not_a_library(default) is not None:
        usable = [e.path for e in RecentLibraries(settings).entries() if e.available]
        if usable:
            return usable[0]
    return default


def initial_user(args: argparse.Namespace, settings: UiSettings) -> str:
    """--user, else $STUDIO_USER, else whoever signed in last on this computer."""
    return str(getattr(args, "user", None) or os.environ.get("STUDIO_USER")
               or settings.last_user)


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


class QuitRequest:
    """A quit asked before ``app.exec()`` runs, kept until it does.

    Qt drops a quit asked while no event loop runs (``quit()`` does nothing, and ``exec()``
    clears the flag ``exit()`` sets), so a Ctrl+C during start-up was forgotten and the app
    stayed open. :meth:`exec` carries such a request out as the loop's first event.
    """

    def __init__(self, app: QApplication) -> None:
        self.app = app
        self.asked = False

    def ask(self) -> None:
        """Quit now if the loop runs, else as soon as it starts."""
        self.asked = True
        self.app.quit()

    def exec(self) -> int:
        QTimer.singleShot(0, lambda: self.asked and self.app.quit())
        return int(self.app.exec())


def run_app(args: argparse.Namespace) -> int:
    """Run the desktop app until the person quits; returns the process exit code."""
    debug = bool(getattr(args, "debug", False))
    logging.basicConfig(level=logging.DEBUG if debug else logging.WARNING)
    app = _make_qapp()
    defect = pyside_defect()
    if defect is not None:
        QMessageBox(QMessageBox.Icon.Critical, APPLICATION_NAME, defect).exec()
        return 1
    quit_request = QuitRequest(app)
    previous_hook = install_excepthook(debug=debug, on_interrupt=quit_request.ask)
    studio: StudioApp | None = None
    try:
        try:
            settings = UiSettings()
            studio = StudioApp(library_path(args, settings), settings,
                               user=initial_user(args, settings))
            studio.finished.connect(app.quit)
            studio.start()
        except KeyboardInterrupt:  # Ctrl+C while starting, outside any slot: quit as well
            quit_request.ask()
        if os.environ.get("STUDIO_SMOKE_TEST") == "1":  # tests/test_packaging.py: built app starts
            QTimer.singleShot(1000, lambda: app.exit(_smoke_test_result(app)))
        code = quit_request.exec()
        if studio is not None:
            studio.finished.disconnect(app.quit)
            studio.quit()  # the loop can also end from outside (the desktop session ending)
        return code
    finally:
        sys.excepthook = previous_hook
