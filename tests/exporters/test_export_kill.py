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
from studio.workflow.exports import export_calendar, export_posts

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


_DIE_AT_RENAME = """
import os, sys
from pathlib import Path
real_rename, real_replace = os.rename, os.replace
def dying(real):
    def call(src, dst, *args, **kwargs):
        if str(dst).endswith(sys.argv[4]):  # the commit is done; SIGKILL before the rename
            os.kill(os.getpid(), 9)
        return real(src, dst, *args, **kwargs)
    return call
os.rename, os.replace = dying(real_rename), dying(real_replace)
from studio.library.library import open_library
from studio.workflow.exports import export_calendar, export_posts
with open_library(sys.argv[1], "alex", password=os.environ["STUDIO_PASSWORD"]) as lib:
    if sys.argv[3] == "posts":
        export_posts(lib, Path(sys.argv[2]))
    else:
        export_calendar(lib, "ics", Path(sys.argv[2]) / "plan.ics")
"""


@pytest.mark.parametrize(("kind", "final"), [("posts", "E-1"), ("calendar", "plan.ics")])
def test_an_export_killed_between_its_record_and_its_rename_is_finished_by_the_next(
        library_path: Path, tmp_path: Path, kind: str, final: str) -> None:
    """The record is committed, the files complete but hidden: the next export into the
    same place publishes them under their recorded names instead of sweeping them away."""
    build(library_path, [PostSpec(days=3, with_photo=False)])
    out = tmp_path / "exports"
    env = dict(os.environ, PYTHONPATH=str(ROOT), STUDIO_PASSWORD=AUTHOR_PW)
    child = subprocess.run([sys.executable, "-c", _DIE_AT_RENAME, str(library_path), str(out),
                            kind, final], env=env, cwd=ROOT, capture_output=True, timeout=120)
    assert child.returncode == -signal.SIGKILL, child.stderr
    with open_library(library_path, AUTHOR, password=AUTHOR_PW) as lib:
        with lib.read() as session:
            (first,) = session.scalars(select(Export)).all()
        assert not (out / final).exists()
        hidden = [p for p in out.iterdir() if p.name.startswith(".")]
        assert len(hidden) == 1
        if kind == "posts":
            again = export_posts(lib, out)
            assert again.export_id == "E-2"
            _check(library_path, out)  # E-1 is now visible, whole, as recorded
        else:
            os.utime(hidden[0], (0, 0))  # old enough for the sweep of killed runs' leftovers
            again = export_calendar(lib, "ics", out / "other.ics")
            assert again.export_id == "E-2"
    assert (out / final).exists()
    assert not [p for p in out.iterdir() if p.name.startswith(".")]
    for name, sha in first.files.items():
        path = out / name if kind == "posts" else Path(name)
        assert hashlib.sha256(path.read_bytes()).hexdigest() == sha
