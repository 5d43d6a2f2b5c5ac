"""Helpers for the hostile corpus: the library's state, and running the `studio` command.

Refusing an input must change nothing: :func:`library_state` counts the rows of every table a
command could add to and the encrypted files in media/, and runs `audit verify`; a refused
case compares it before and after. CLI cases run concurrently on their own copies of the
library (each `studio` process costs about a second to start; one after another, the corpus
would take half a minute).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from conftest import AUTHOR, AUTHOR_PW
from studio.library.library import open_library
from studio.models import (
    AuditEvent,
    Consent,
    Export,
    MediaAsset,
    Post,
    PostRevision,
    Story,
    Subject,
)
from studio.workflow.maintenance import verify

ROOT = Path(__file__).resolve().parents[2]
TABLES = (Subject, Story, MediaAsset, Consent, Post, PostRevision, Export, AuditEvent)


def library_state(path: Path) -> dict[str, int]:
    """Rows per table and encrypted files in media/; asserts `audit verify` passes."""
    with open_library(path, AUTHOR, password=AUTHOR_PW, read_only=True) as lib:
        report = verify(lib)
        assert report.ok, report.problems
        with lib.read() as session:
            state = {t.__tablename__: session.scalar(select(func.count()).select_from(t)) or 0
                     for t in TABLES}
    state["media files"] = sum(1 for p in (path / "media").rglob("*") if p.is_file())
    return state


def studio_env(library: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("STUDIO_")}
    env.update(STUDIO_LIBRARY=str(library), STUDIO_USER=AUTHOR, STUDIO_PASSWORD=AUTHOR_PW,
               PYTHONPATH=str(ROOT), PYTHONDONTWRITEBYTECODE="1")
    return env


def run_studio(library: Path, argv: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """`python -m studio.cli ARGV` as a person would run it, in ``cwd``."""
    return subprocess.run([sys.executable, "-m", "studio.cli", *argv], env=studio_env(library),
                          cwd=cwd, capture_output=True, text=True, timeout=120, check=False)


@dataclass
class CliRun:
    """One CLI case after it ran: the process, its library copy and folder, state before."""

    done: subprocess.CompletedProcess[str]
    library: Path
    folder: Path
    before: dict[str, int]


# A case writes its input files into the folder it is given and returns the argv.
CliCase = Callable[[Path], list[str]]


def run_cases(template: Path, root: Path, cases: dict[str, CliCase]) -> dict[str, CliRun]:
    """Run every case in its own folder on its own library copy, a few at a time."""
    before = library_state(template)
    jobs = {}
    for name, case in cases.items():
        folder = root / name
        folder.mkdir(parents=True)
        library = folder / "Lib.studio"
        shutil.copytree(template, library)
        jobs[name] = (library, folder, case(folder))
    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = {name: pool.submit(run_studio, lib, argv, folder)
                   for name, (lib, folder, argv) in jobs.items()}
        return {name: CliRun(futures[name].result(), jobs[name][0], jobs[name][1], before)
                for name in cases}


def assert_one_line_refusal(done: subprocess.CompletedProcess[str], *named: str) -> str:
    """Exit 1 or 2, one `studio:` line on stderr naming the problem, nothing on stdout."""
    assert done.returncode in (1, 2), (done.returncode, done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("studio: "), lines
    for fragment in named:
        assert fragment in lines[0], lines[0]
    assert done.stdout == ""
    return lines[0]
