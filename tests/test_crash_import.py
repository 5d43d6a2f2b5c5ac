"""Acceptance: SIGKILL in the middle of importing 500 images leaves a library that opens,
verifies, and holds every image whose import had committed.

tests/helpers/import_many.py imports generated JPEGs one by one with the studio's own
import_media and prints each display id and SHA-256 once the call has returned. The test
kills it with SIGKILL at a seeded random point, then checks the library from this process.
"""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from conftest import AUTHOR, AUTHOR_PW
from studio.library.library import open_library
from studio.library.verify import verify_library
from studio.models import MediaAsset, Story
from studio.workflow.media import media_bytes, sweep_orphans

ROOT = Path(__file__).resolve().parents[1]
HELPER = ROOT / "tests" / "helpers" / "import_many.py"
IMAGES_PER_RUN = 500
SEED = 20240611
HANG_LIMIT_S = 60  # a helper that stops printing is killed, and the test then fails


def _import_then_kill(library: Path, run_seed: int, kill_after: int,
                      delay: float) -> tuple[str, dict[str, str]]:
    """Start the importer, read ``kill_after`` import lines, wait ``delay`` s, SIGKILL it.

    Returns the story id and every import it reported, including lines it wrote to the pipe
    after the ones read here but before the kill landed: those imports had committed too.
    """
    env = dict(os.environ, PYTHONPATH=str(ROOT), STUDIO_PASSWORD=AUTHOR_PW,
               PYTHONDONTWRITEBYTECODE="1")
    proc = subprocess.Popen(
        [sys.executable, str(HELPER), str(library), AUTHOR, str(IMAGES_PER_RUN), str(run_seed)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    watchdog = threading.Timer(HANG_LIMIT_S, proc.kill)
    watchdog.start()
    try:
        lines = [proc.stdout.readline()]
        while len(lines) <= kill_after and lines[-1].endswith("\n"):
            lines.append(proc.stdout.readline())
        time.sleep(delay)  # land the kill anywhere in the next import (one takes ~15 ms)
        proc.send_signal(signal.SIGKILL)
        rest, err = proc.communicate(timeout=30)
    finally:
        watchdog.cancel()
    assert len(lines) == kill_after + 1 and lines[-1].endswith("\n"), f"helper stopped: {err}"
    assert proc.returncode == -signal.SIGKILL, "the importer finished before it was killed"
    complete = "".join(lines) + rest
    complete = complete[: complete.rfind("\n") + 1]  # a torn last line reports nothing
    first, *imports = complete.splitlines()
    assert first.startswith("story S-")
    printed = dict(line.split(" ") for line in imports)
    assert len(printed) == len(imports) >= kill_after
    return first.removeprefix("story "), printed


def _part_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.name.endswith(".part")]


@pytest.mark.slow
def test_sigkill_during_import_keeps_every_committed_image(library_path: Path) -> None:
    rng = random.Random(SEED)
    # Round one dies within its first few imports; the others somewhere in the middle.
    kill_points = [rng.randint(0, 3), rng.randint(40, 300), rng.randint(40, 300)]
    committed: dict[str, str] = {}  # every reported import so far, across all rounds
    for run, kill_after in enumerate(kill_points):
        story_id, printed = _import_then_kill(library_path, SEED + run, kill_after,
                                              rng.uniform(0, 0.03))
        committed |= printed

        # The OS lock died with the process, so this open (for writing) succeeds.
        with open_library(library_path, AUTHOR, password=AUTHOR_PW) as lib:
            report = verify_library(lib.layout, lib.raw_key)
            assert report.ok, report.problems
            for display_id, digest in committed.items():
                row, data = media_bytes(lib, display_id)
                assert hashlib.sha256(data).hexdigest() == digest == row.sha256, display_id
            with lib.read() as session:
                story = session.scalars(select(Story).where(Story.display_id == story_id)).one()
                in_story = session.scalars(select(MediaAsset.display_id)
                                           .where(MediaAsset.story_id == story.id)).all()
                assets = session.execute(select(MediaAsset.display_id, MediaAsset.blob_name,
                                                MediaAsset.thumb_blob_name)).all()
            # At most one import committed after the last line the helper wrote.
            assert set(printed) <= set(in_story)
            assert len(printed) <= len(in_story) <= len(printed) + 1
            assert len(assets) == report.media
            assert len(committed) <= len(assets) <= len(committed) + 1
            unreported = {a.display_id for a in assets} - set(committed)
            assert unreported <= set(in_story)
            for display_id in unreported:  # committed, but killed before it was printed
                row, data = media_bytes(lib, display_id)
                assert hashlib.sha256(data).hexdigest() == row.sha256
                committed[display_id] = row.sha256

            # Rows name complete blobs only; a killed write leaves at most an orphan .part.
            referenced = {n for a in assets for n in (a.blob_name, a.thumb_blob_name) if n}
            assert len(referenced) == 2 * len(assets)  # every image has its thumbnail
            assert not any(n.endswith(".part") for n in referenced)
            parts = _part_files(library_path)
            assert not {p.name for p in parts} & referenced
            for name in referenced:
                assert (lib.layout.media / name[:2] / name).is_file(), name
            orphans = set(lib.vault.names()) - referenced

            removed = sweep_orphans(lib)
            assert removed == len(orphans) + len(parts)
            assert _part_files(library_path) == []
            assert set(lib.vault.names()) == referenced
            report = verify_library(lib.layout, lib.raw_key)
            assert report.ok and report.media == len(assets), report.problems
    assert len(committed) >= sum(kill_points)
