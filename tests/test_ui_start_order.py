"""The first window comes before the library layer: start-up order, in a fresh interpreter.

SQLAlchemy and the ORM take about three times as long to import as Qt, so the app shows the
sign-in dialog (or the welcome window) first and loads the library layer on the database
worker meanwhile. These tests start the real app objects in a new process (a test process has
long since imported everything), look at ``sys.modules`` the moment the window is on screen,
then sign in through the dialog to show that the layer loaded in the background is the one
the main window then uses.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import AUTHOR, AUTHOR_PW

REPO = Path(__file__).resolve().parents[1]

CHILD = r"""
import json, os, sys, threading
from pathlib import Path

importers = {}  # module -> the thread that imported it first


class Watch:
    def find_spec(self, name, path=None, target=None):
        if name in ("sqlalchemy", "studio.library.library", "keyring"):
            importers.setdefault(name, threading.current_thread() is threading.main_thread())
        return None


sys.meta_path.insert(0, Watch())
from PySide6.QtWidgets import QApplication
from studio.ui.app import StudioApp
from studio.ui.settings import UiSettings

app = QApplication(sys.argv[:1])
report = {}
settings = UiSettings.at(Path(os.environ["START_INI"]))
library = Path(os.environ["START_LIBRARY"])
studio = StudioApp(library, settings, user=os.environ.get("START_USER", ""))
studio.start(auto=False)
shown = studio.dialog if studio.dialog is not None else studio.welcome
app.processEvents()
report["first_window"] = type(shown).__name__ if shown is not None and shown.isVisible() else ""
studio.worker.wait(30_000)
app.processEvents()
report["on_ui_thread"] = sorted(name for name, ui in importers.items() if ui)
report["on_worker"] = sorted(name for name, ui in importers.items() if not ui)
if studio.dialog is not None and os.environ.get("START_PASSWORD"):
    studio.dialog.password_edit.setText(os.environ["START_PASSWORD"])
    studio.dialog.accept()
    for _ in range(3000):
        studio.worker.wait(10)
        app.processEvents()
        if studio.window is not None and studio.window.isVisible():
            break
    window = studio.window
    report["main_window"] = window is not None and window.isVisible()
    report["status"] = window.status_text() if window is not None else ""
studio.quit()
print(json.dumps(report))
"""


def _start(library: Path, tmp_path: Path, **extra: str) -> dict[str, object]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO),
           "START_LIBRARY": str(library), "START_INI": str(tmp_path / "ui.ini"), **extra}
    proc = subprocess.run([sys.executable, "-c", CHILD], env=env, cwd=REPO,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    result: dict[str, object] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def test_the_sign_in_dialog_is_on_screen_before_sqlalchemy_is_imported(
        library_path: Path, tmp_path: Path) -> None:
    report = _start(library_path, tmp_path, START_USER=AUTHOR, START_PASSWORD=AUTHOR_PW)
    assert report["first_window"] == "SignInDialog"
    assert report["on_ui_thread"] == []  # not before the dialog showed, nor after: keyring too
    assert {"sqlalchemy", "studio.library.library"} <= set(report["on_worker"])  # type: ignore[arg-type]
    assert report["main_window"] is True
    assert f"Signed in as {AUTHOR}" in str(report["status"])


def test_the_welcome_window_is_on_screen_before_sqlalchemy_is_imported(
        tmp_path: Path) -> None:
    report = _start(tmp_path / "Nothing here.studio", tmp_path)
    assert report["first_window"] == "WelcomeWindow"
    assert report["on_ui_thread"] == []
    assert {"sqlalchemy", "studio.library.library"} <= set(report["on_worker"])  # type: ignore[arg-type]
