"""bench/scale.py at a tiny scale, so the benchmark cannot rot between full runs."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIGURES = ("open after unlock: key -> first page", "open_library with the key",
           "expiry sweep", "search story text 'xandrel'", "search story text 'quorvix'",
           "search global search", "stories page of 200, first", "stories page of 200 at offset",
           "posts list (1,000 rows, all)", "posts list (1,000 rows, approved)", "media list",
           "audit verify", "backup (s)", "backup size / library folder size",
           "raw Pillow", "export posts", "export throughput / raw Pillow",
           "CPU during export", "peak memory (VmHWM) by phase", "load average")


@pytest.mark.slow
def test_a_tiny_scale_run_prints_every_figure_and_passes_verify(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, str(ROOT / "bench" / "scale.py"), "--scale", "0.002",
                           "--exported", "4", "--out", str(tmp_path / "work")],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = proc.stdout
    missing = [f for f in FIGURES if f not in out]
    assert not missing, out
    # The library it built is valid: verify passes, the export carried every approved post.
    assert re.search(r"audit verify \(100 events, 40 media\) s\s+[\d.]+\s+passes\s+PASS", out), out
    assert re.search(r"export posts \S+: 4 posts", out), out
    assert "SQLCipher" in out and "cpus" in out
    assert not (tmp_path / "work").exists()  # no --keep: the work folder is removed
