"""Ctrl+C during start-up quits the desktop app once its event loop starts (a real process,
offscreen, a real SIGINT): Qt forgets a quit asked before app.exec(), so the app used to stay
open (or, outside a slot, end in a traceback)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HELPER = ROOT / "tests" / "helpers" / "interrupt_start.py"
PROMPT_S = 20  # generous on a loaded 2-core machine; the quit itself takes milliseconds


@pytest.mark.parametrize("where", ["startup", "slot"])
def test_ctrl_c_before_the_event_loop_quits_once_it_starts(tmp_path: Path, where: str) -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen",
               HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path / "config"),
               XDG_DATA_HOME=str(tmp_path / "data"), PYTHONDONTWRITEBYTECODE="1")
    env.pop("STUDIO_LIBRARY", None)
    proc = subprocess.Popen([sys.executable, str(HELPER), where, str(tmp_path / "None.studio")],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    assert proc.stdout is not None
    try:
        assert proc.stdout.readline() == "ready\n"  # the welcome window is up, exec() is not
        proc.send_signal(signal.SIGINT)
        sent = time.monotonic()
        out, err = proc.communicate(timeout=PROMPT_S)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        pytest.fail(f"still running {PROMPT_S} s after Ctrl+C; stdout={out!r} stderr={err!r}")
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert time.monotonic() - sent < PROMPT_S
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    assert "no SIGINT came" not in out
    assert "run_app returned 0; shown: []" in out, out   # quit, as closing the window does
    assert proc.returncode == 0
