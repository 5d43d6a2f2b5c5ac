"""The first window comes before the library layer: start-up order, in a fresh interpreter.

SQLAlchemy and the ORM take about three times as long to import as Qt, so the app shows the
sign-in dialog (or the welcome window) first and loads the library layer on the database
worker meanwhile. These tests start the app the way ``studio`` does (``studio.cli.main`` with
no command) in a new process (a test process has long since imported everything). They note
which watched modules are loaded at the first window's Show event and which thread imported
each, then sign in through the dialog (or let a remembered key do it) to show that the layer
loaded in the background is the one the main window then uses. The child's keyring is an
in-memory one filled by this process (tests/helpers/env_keyring.py), never the computer's.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from helpers.env_keyring import BACKEND, VARIABLE, encode

from conftest import AUTHOR, AUTHOR_PW, MemoryKeyring
from studio.library.library import open_library

REPO = Path(__file__).resolve().parents[1]
WATCHED = ("sqlalchemy", "studio.models", "studio.library.library", "keyring", "cryptography")
LIBRARY_LAYER = ["sqlalchemy", "studio.library.library", "studio.models"]

CHILD = r"""
import json, os, sys, threading

WATCHED = tuple(os.environ["START_WATCHED"].split(","))
importers = {}  # module -> whether the UI (main) thread imported it first


class Watch:
    def find_spec(self, name, path=None, target=None):
        if name in WATCHED:
            importers.setdefault(name, threading.current_thread() is threading.main_thread())
        return None


sys.meta_path.insert(0, Watch())
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

app = QApplication(sys.argv[:1])
report = {"first_window": "", "loaded_at_first_show": None}


class FirstShow(QObject):
    def eventFilter(self, obj, event):
        if (event.type() == QEvent.Type.Show and not report["first_window"]
                and type(obj).__name__ in ("SignInDialog", "WelcomeWindow", "MainWindow")):
            report["first_window"] = type(obj).__name__
            report["loaded_at_first_show"] = sorted(m for m in WATCHED if m in sys.modules)
        return False


first_show = FirstShow()
app.installEventFilter(first_show)
state = {"typed": False}


def visible(name):
    return next((w for w in app.topLevelWidgets() if type(w).__name__ == name and w.isVisible()),
                None)


def step():
    password = os.environ.get("START_PASSWORD")
    dialog, window, welcome = visible("SignInDialog"), visible("MainWindow"), visible(
        "WelcomeWindow")
    if window is not None and "studio.library.search" in sys.modules:
        report["main_window"] = True
        report["status"] = window.status_text()
        window.close()  # quitting: the app ends its loop
    elif welcome is not None and "studio.library.search" in sys.modules:
        welcome.close()
    elif dialog is not None and password and not state["typed"] and (
            dialog.password_edit.isEnabled()):
        state["typed"] = True
        dialog.remember_box.setChecked(True)  # whether a keyring exists: asked on the worker
        dialog.password_edit.setText(password)
        dialog.accept()


poll = QTimer()
poll.setInterval(20)
poll.timeout.connect(step)
poll.start()
QTimer.singleShot(60_000, lambda: app.exit(3))  # never hang the suite
from studio.cli import main

code = main(["--library", os.environ["START_LIBRARY"], "--user", os.environ.get("START_USER", "")])
report["exit_code"] = code
report["on_ui_thread"] = sorted(name for name, ui in importers.items() if ui)
report["on_worker"] = sorted(name for name, ui in importers.items() if not ui)
print(json.dumps(report))
"""


def _start(library: Path, tmp_path: Path, *, remembered: dict[tuple[str, str], str] | None = None,
           **extra: str) -> dict[str, object]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO),
           "START_LIBRARY": str(library), "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "PYTHON_KEYRING_BACKEND": BACKEND, VARIABLE: encode(remembered or {}),
           "START_WATCHED": ",".join(WATCHED), **extra}
    proc = subprocess.run([sys.executable, "-c", CHILD], env=env, cwd=REPO,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    result: dict[str, object] = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["exit_code"] == 0, result
    return result


def _assert_layer_came_later(report: dict[str, object], first_window: str, *,
                             at_show: bool = True) -> None:
    assert report["first_window"] == first_window
    if at_show:
        loaded = set(report["loaded_at_first_show"])  # type: ignore[arg-type]
        assert not loaded & set(LIBRARY_LAYER), loaded
    assert report["on_ui_thread"] == []  # not before the window showed, nor after
    assert set(LIBRARY_LAYER) <= set(report["on_worker"])  # type: ignore[arg-type]


def test_the_sign_in_dialog_is_on_screen_before_sqlalchemy_is_imported(
        library_path: Path, tmp_path: Path) -> None:
    report = _start(library_path, tmp_path, START_USER=AUTHOR, START_PASSWORD=AUTHOR_PW)
    _assert_layer_came_later(report, "SignInDialog")
    assert {"keyring", "cryptography"} <= set(report["on_worker"])  # type: ignore[arg-type]
    assert report["main_window"] is True
    assert f"Signed in as {AUTHOR}" in str(report["status"])


def test_a_remembered_key_signs_in_by_itself_after_the_dialog_is_shown(
        library_path: Path, tmp_path: Path, memory_keyring: MemoryKeyring) -> None:
    with open_library(library_path, AUTHOR, password=AUTHOR_PW) as lib:
        assert lib.remember_me()
    report = _start(library_path, tmp_path, remembered=memory_keyring.store, START_USER=AUTHOR)
    # The remembered-key sign-in starts on the worker as the dialog is made (keyring first,
    # then the library layer), so what is loaded at its Show event is a race; that every
    # import happened on the worker is not.
    _assert_layer_came_later(report, "SignInDialog", at_show=False)
    assert report["main_window"] is True  # no password was typed
    assert f"Signed in as {AUTHOR}" in str(report["status"])


def test_the_welcome_window_is_on_screen_before_sqlalchemy_is_imported(
        tmp_path: Path) -> None:
    report = _start(tmp_path / "Nothing here.studio", tmp_path)
    _assert_layer_came_later(report, "WelcomeWindow")
