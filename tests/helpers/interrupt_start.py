"""Start the desktop app and take a Ctrl+C before its event loop runs (test_ui_interrupt.py).

``interrupt_start.py MODE LIBRARY``: run_app on LIBRARY (a missing one: the welcome window).
Right after StudioApp.start() shows the first window, the helper prints "ready" and sleeps;
the test then sends a real SIGINT, which lands as a KeyboardInterrupt either in run_app's own
start-up code (MODE ``startup``) or inside a Qt slot called during start-up (MODE ``slot``,
where the app's excepthook gets it). Either way app.exec() has not started yet. After run_app
returns the helper prints what was still on screen and exits with run_app's code.
"""

from __future__ import annotations

import argparse
import sys
import time

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication

from studio.ui import launch
from studio.ui.app import StudioApp


class _Starting(QObject):
    started = Signal()


def _wait_for_the_signal() -> None:
    print("ready", flush=True)
    time.sleep(60)  # the SIGINT interrupts this sleep with KeyboardInterrupt
    print("no SIGINT came", flush=True)


def main() -> int:
    mode, library = sys.argv[1], sys.argv[2]
    original = StudioApp.start
    relay = _Starting()
    relay.started.connect(_wait_for_the_signal)

    def start(self: StudioApp, *, auto: bool = True) -> None:
        original(self, auto=auto)
        if mode == "slot":
            relay.started.emit()      # a slot, as a paint or a timer would be
        else:
            _wait_for_the_signal()    # run_app's own frames

    StudioApp.start = start  # type: ignore[method-assign]
    code = launch.run_app(argparse.Namespace(library=library, user=None, debug=False))
    app = QApplication.instance()
    shown = [w.windowTitle() for w in app.topLevelWidgets() if w.isVisible()] \
        if isinstance(app, QApplication) else []
    print(f"run_app returned {code}; shown: {shown}", flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
