"""Acceptance: SIGKILL an `export posts` run at random moments (seeded). After every kill, each
visible file belongs to a recorded export and matches its recorded SHA-256, no export is
recorded for files that never appeared (except in the instant between commit and rename, when
the finished files sit in the hidden staging folder), and no worker process outlives the kill.
"""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from conftest import AUTHOR, AUTHOR_PW
from exporters.builders import PostSpec, build
from studio.library.library import open_library
from studio.models import Export

ROOT = Path(__file__).resolve().parents[2]
SEED = 20260705
ROUNDS = 5


def _run(library: Path, out: Path) -> subprocess.Popen[bytes]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), STUDIO_PASSWORD=AUTHOR_PW,
               PYTHONDONTWRITEBYTECODE="1")
    return subprocess.Popen([sys.executable, "-m", "studio.cli", "--library", str(library),
                             "--user", AUTHOR, "--json", "export", "posts", "--out", str(out)],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _children(pid: int) -> set[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return set()
    kids = {int(x) for x in text.split()}
    return kids | {g for k in kids for g in _children(k)}


def _check(library: Path, out: Path) -> int:
    """Every visible file is a recorded, intact export; returns how many exports exist."""
    with open_library(library, AUTHOR, password=AUTHOR_PW, read_only=True) as lib, \
            lib.read() as session:
        exports = session.scalars(select(Export).order_by(Export.id)).all()
        recorded = {e.params["folder"]: e for e in exports}
        staging = {e.params["folder"]: e.params["staging"] for e in exports}
    visible = [p for p in out.iterdir() if not p.name.startswith(".")] if out.exists() else []
    for folder in visible:
        assert folder.is_dir() and folder.name in recorded, folder.name
        files = {f"{folder.name}/{p.relative_to(folder).as_posix()}":
                 hashlib.sha256(p.read_bytes()).hexdigest()
                 for p in folder.rglob("*") if p.is_file()}
        assert files == recorded[folder.name].files
    for name in set(recorded) - {p.name for p in visible}:
        # Killed between the commit and the rename: the complete export is still hidden.
        assert (out / staging[name]).is_dir(), name
    return len(exports)


@pytest.mark.slow
def test_sigkill_during_export_leaves_no_unrecorded_or_partial_file(
        library_path: Path, tmp_path: Path) -> None:
    build(library_path, [PostSpec(channel=c, days=3 + i)
                         for i, c in enumerate(["instagram", "facebook", "x", "linkedin"] * 4)])
    out = tmp_path / "exports"
    start = time.monotonic()
    full = _run(library_path, out)
    assert full.wait(timeout=120) == 0, full.stderr.read() if full.stderr else ""
    duration = time.monotonic() - start
    assert _check(library_path, out) == 1
    rng = random.Random(SEED)
    kills = 0
    for _ in range(ROUNDS):
        proc = _run(library_path, out)
        time.sleep(rng.uniform(0.05, duration))
        workers = _children(proc.pid)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        kills += proc.returncode == -signal.SIGKILL
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and any(Path(f"/proc/{w}").exists() for w in workers):
            time.sleep(0.1)
        alive = [w for w in workers if Path(f"/proc/{w}/stat").exists()
                 and Path(f"/proc/{w}/stat").read_text().split()[2] != "Z"]
        assert alive == [], "worker processes outlived the killed export"
        _check(library_path, out)
    assert kills >= ROUNDS - 1          # the kills landed while the export ran
    # The next export sweeps the dead runs' staging folders and still works.
    last = _run(library_path, out)
    assert last.wait(timeout=120) == 0
    _check(library_path, out)
    assert not [p for p in out.iterdir() if p.name.startswith(".")]
