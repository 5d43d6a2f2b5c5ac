"""A full disk during export and backup: one clear line, nothing half-written, library whole.

The disk fills up in a child process only: ``RLIMIT_FSIZE`` caps every file it writes (the
export, the backup, and the library's own database and write-ahead log), with SIGXFSZ ignored
so a write past the cap fails with EFBIG as it would with ENOSPC. The limits are chosen so
each command fails in the middle of its work: while writing the output, or while writing the
library itself. Afterwards the library opens, `audit verify` passes, and the log records no
export or backup whose files are not there.
"""

from __future__ import annotations

import hashlib
import io
import os
import random
import resource
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from exporters.builders import approve_all, at, submit
from factories import consented_copy
from PIL import Image
from sqlalchemy import func, select

from conftest import AUTHOR, AUTHOR_PW
from studio.library.library import open_library
from studio.models import AuditEvent, Export
from studio.workflow import media, posts
from studio.workflow.maintenance import verify

ROOT = Path(__file__).resolve().parents[1]
LONG_TEXT = "Rosa is walking again. Thank you to our physical therapy team! " * 900  # ~56 KB


def _noise_jpeg(size: tuple[int, int] = (1400, 1400)) -> bytes:
    """A picture that does not compress: its channel-sized copy is far bigger than the cap."""
    rnd = random.Random(5)
    img = Image.frombytes("RGB", size, rnd.randbytes(size[0] * size[1] * 3))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=90)
    return buf.getvalue()


@pytest.fixture(scope="module")
def full_library(template_library: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _two_big_posts(template_library, tmp_path_factory.mktemp("full") / "Full.studio")


def _two_big_posts(template: Path, path: Path) -> Path:
    """Two approved Facebook posts of ~56 KB text, each with an incompressible picture."""
    subject, story = consented_copy(template, path, channels="facebook",
                                    uses="first-name,photo")
    with open_library(path, AUTHOR, password=AUTHOR_PW) as lib:
        pic = media.import_media(lib, story, _noise_jpeg(), name="noise.jpg",
                                 alt_text="A patient on a trail", depicts=[subject]).display_id
        ids = []
        for days in (3, 4):
            row = posts.draft_post(lib, story, "facebook", LONG_TEXT,
                                   media=[posts.MediaChoice(pic)], scheduled_at=at(days))
            submit(lib, row.display_id)
            ids.append(row.display_id)
    approve_all(path, ids)
    return path


def _capped(limit: int) -> Callable[[], None]:
    def apply() -> None:  # runs in the child between fork and exec
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


def _studio(library: Path, *args: str, limit: int | None = None
            ) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("STUDIO_")}
    env.update(STUDIO_LIBRARY=str(library), STUDIO_USER=AUTHOR, STUDIO_PASSWORD=AUTHOR_PW,
               PYTHONPATH=str(ROOT), PYTHONDONTWRITEBYTECODE="1")
    return subprocess.run([sys.executable, "-m", "studio.cli", *args], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=120, check=False,
                          preexec_fn=_capped(limit) if limit else None)


def _library_state(library: Path) -> tuple[int, list[str]]:
    with open_library(library, AUTHOR, password=AUTHOR_PW, read_only=True) as lib, \
            lib.read() as session:
        exports = session.scalar(select(func.count()).select_from(Export)) or 0
        actions = list(session.scalars(select(AuditEvent.action).order_by(AuditEvent.seq)))
    return exports, actions


# (command, cap): 100 kB is below each output (the ~120 kB calendar, the ~1 MB pictures,
# the ~500 kB database snapshot) and above what the library writes to record the export (the
# CSV calendar shares the ICS's file writer); 25 kB is below even the library's own
# shared-memory index; "db+" lets the backup's snapshot through and stops the backup stream
# in the middle of the pictures.
CASES = [
    pytest.param(["export", "posts", "--out", "{out}/posts"], 100_000, id="export-posts"),
    pytest.param(["export", "calendar", "--format", "ics", "--out", "{out}/cal.ics"],
                 100_000, id="export-calendar-ics"),
    pytest.param(["export", "calendar", "--format", "ics", "--out", "{out}/cal.ics"],
                 25_000, id="export-calendar-library-cannot-grow"),
    pytest.param(["backup", "{out}/lib.studio-backup"], 100_000, id="backup-snapshot"),
    pytest.param(["backup", "{out}/lib.studio-backup"], "db+", id="backup-stream"),
]


@pytest.mark.parametrize(("argv", "cap"), CASES)
def test_full_disk_says_so_and_leaves_nothing_half_written(
        full_library: Path, tmp_path: Path, argv: list[str], cap: int | str) -> None:
    import shutil

    library = tmp_path / "Lib.studio"
    shutil.copytree(full_library, library)
    out = tmp_path / "out"
    out.mkdir()
    exports_before, actions_before = _library_state(library)
    limit = cap if isinstance(cap, int) else (library / "library.db").stat().st_size + 200_000
    assert limit < len(_noise_jpeg())  # the cap really is below what the command writes

    done = _studio(library, *[a.format(out=out) for a in argv], limit=limit)

    assert done.returncode == 1, (done.stdout, done.stderr)
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    assert lines[0].startswith("studio: the disk is full or a file size limit was reached"), \
        lines[0]
    assert "nothing half-written was kept" in lines[0]
    # Nothing under a final name, and no hidden partial copy of patient text either (the
    # folder --out names may be created, empty).
    assert [p.relative_to(out) for p in out.rglob("*")
            if p.is_file() or p.name.startswith(".")] == []

    with open_library(library, AUTHOR, password=AUTHOR_PW) as lib:  # opens for writing
        assert not lib.read_only
        report = verify(lib)  # what `studio audit verify` runs
    assert report.ok, report.problems
    exports_after, actions_after = _library_state(library)
    assert exports_after == exports_before == 0
    assert "export.run" not in actions_after
    new = actions_after[len(actions_before):]
    assert actions_after[:len(actions_before)] == actions_before
    if "library.backup" in new:  # a backup that was begun is recorded as failed too
        assert new[new.index("library.backup") + 1] == "library.backup_failed"


def test_after_the_disk_is_freed_the_same_export_works(full_library: Path,
                                                       tmp_path: Path) -> None:
    """The failed run left nothing in the way, and the export it then records is on disk."""
    import json
    import shutil

    library = tmp_path / "Lib.studio"
    shutil.copytree(full_library, library)
    out = tmp_path / "out"
    assert _studio(library, "export", "calendar", "--format", "ics", "--out",
                   str(out / "cal.ics"), limit=100_000).returncode == 1
    again = _studio(library, "--json", "export", "calendar", "--format", "ics", "--out",
                    str(out / "cal.ics"))
    assert again.returncode == 0, again.stderr
    data = (out / "cal.ics").read_bytes()
    assert len(data) > 100_000  # the file the capped run could not finish
    assert json.loads(again.stdout)["files"] == {
        str(out / "cal.ics"): hashlib.sha256(data).hexdigest()}
    assert _library_state(library)[0] == 1
