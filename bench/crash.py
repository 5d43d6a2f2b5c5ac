"""Crash safety: SIGKILL the studio at random moments of every writing command, then check.

    python bench/crash.py [--rounds 200] [--seed 7] [--keep]

Each round runs one writing command as a separate process (media import, consent add,
approve, export posts or calendar, backup, a schema migration), kills it with SIGKILL after a
random delay drawn from that command's measured duration, and then checks, with the key alone:
the library opens, `audit verify` passes (every page, the structure, the audit chain, every
media blob), nothing that had committed before is lost, no backup file stands complete-looking
under its final name unless it verifies, and every export under its final name is recorded
(E-n) with exactly the files and SHA-256s on disk, while every recorded export is on disk (or,
killed between its commit and its rename, still complete in its hidden staging place). The
test suite runs a 20-round version (tests/test_crash_commands.py).
"""

from __future__ import annotations

import argparse
import io
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import select, text  # noqa: E402

from studio.library import migrate  # noqa: E402
from studio.library.backup_container import verify_container  # noqa: E402
from studio.library.keyslots import MINIMUM_KDF, KeySlots  # noqa: E402
from studio.library.layout import LibraryLayout  # noqa: E402
from studio.library.library import create_library, open_library  # noqa: E402
from studio.library.verify import verify_library  # noqa: E402
from studio.models import Consent, MediaAsset, Post, Review, Story  # noqa: E402

AUTHOR, AUTHOR_PW = "alex", "alex crash password"
OFFICER, OFFICER_PW = "casey", "casey crash password"
COMMANDS = ("media", "consent", "approve", "backup", "migration", "export")


@dataclass
class Ledger:
    """What had committed before each kill; none of it may ever disappear."""

    media: dict[str, str] = field(default_factory=dict)       # M-n -> sha256
    consents: set[str] = field(default_factory=set)
    approved: set[str] = field(default_factory=set)
    stories: int = 0


def _png(seed: int) -> bytes:
    from PIL import Image

    rnd = random.Random(seed)
    img = Image.new("RGB", (800, 600), tuple(rnd.randrange(256) for _ in range(3)))
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def build(workdir: Path, posts_to_review: int) -> tuple[Path, dict[str, Path]]:
    """A library with a consented subject and posts waiting for review; the input files."""
    from studio.workflow import posts, review, stories, subjects, users
    from studio.workflow.consents import Signature, add_consent

    lib_path = workdir / "Crash.studio"
    with create_library(lib_path, admin="dana", password="dana crash password",
                        kdf=MINIMUM_KDF, organization="Crash Test Hospital") as lib:
        users.add_user(lib, AUTHOR, AUTHOR_PW, ["author"])
        users.add_user(lib, OFFICER, OFFICER_PW, ["compliance"])
    import datetime as dt

    today = dt.date.today()
    with open_library(lib_path, AUTHOR, password=AUTHOR_PW) as lib:
        person = subjects.add_subject(lib, "Crash Subject").display_id
        story = stories.add_story(lib, person, "Crash story", "A story.").display_id
        add_consent(lib, person, signed_on=today, expires_on=today + dt.timedelta(days=300),
                    channels="facebook", uses="first-name,photo",
                    signature=Signature(_png(1), "sig.png"))
        for i in range(posts_to_review):
            post = posts.draft_post(lib, story, "facebook", f"Crash post {i}. Thank you!")
            review.submit_post(lib, post.display_id)
    files = {"image": workdir / "photo.png", "signature": workdir / "signature.png"}
    files["image"].write_bytes(_png(2))
    files["signature"].write_bytes(_png(3))
    return lib_path, files


def _argv(cmd: str, lib_path: Path, files: dict[str, Path], rnd: random.Random,
          pending: list[str], workdir: Path) -> tuple[list[str], str, str]:
    cli = [sys.executable, "-m", "studio.cli"]
    if cmd == "media":
        return [*cli, "media", "add", "S-1", str(files["image"]), "--alt", "a photo",
                "--depicts", "PT-1"], AUTHOR, AUTHOR_PW
    if cmd == "consent":
        import datetime as dt

        today = dt.date.today()
        return [*cli, "consent", "add", "PT-1", "--signed-on", today.isoformat(),
                "--expires", (today + dt.timedelta(days=200)).isoformat(), "--channels",
                # As much as the first consent covers: the posts stay approvable (a narrower
                # consent would withdraw them and every approve round would be a refusal).
                "facebook", "--uses", "first-name,photo", "--signature",
                str(files["signature"])], \
            AUTHOR, AUTHOR_PW
    if cmd == "approve":
        post = pending[rnd.randrange(len(pending))] if pending else "P-1"
        return [*cli, "post", "approve", post], OFFICER, OFFICER_PW
    if cmd == "backup":
        dest = workdir / "backups" / f"b{rnd.randrange(10**9)}.studio-backup"
        return [*cli, "backup", str(dest)], AUTHOR, AUTHOR_PW
    if cmd == "export":
        out = workdir / "exports"
        if rnd.random() < 0.5:
            return [*cli, "export", "posts", "--out", str(out)], AUTHOR, AUTHOR_PW
        return [*cli, "export", "calendar", "--format", "csv", "--out",
                str(out / f"plan-{rnd.randrange(10**9)}.csv")], AUTHOR, AUTHOR_PW
    return [sys.executable, str(ROOT / "bench" / "crash_migration.py"), str(lib_path),
            AUTHOR], AUTHOR, AUTHOR_PW


def _check(lib_path: Path, ledger: Ledger, workdir: Path, migrated_copy: bool) -> list[str]:
    """Problems found (empty when the library is whole); updates the ledger."""
    layout = LibraryLayout(lib_path)
    key = KeySlots.load(layout.keys).unlock(AUTHOR, AUTHOR_PW)
    if not migrated_copy:  # opens for writing: the killed process's lock is gone
        with open_library(lib_path, AUTHOR, key=key):
            pass
    report = verify_library(layout, key)
    if not report.ok:
        return [f"verify: {report.problems[0]}"]
    problems: list[str] = []
    from studio.library.engine import make_engine
    from studio.library.vault import MediaVault

    engine = make_engine(layout.db, key, read_only=True)
    vault = MediaVault(layout.media, KeySlots.load(layout.keys).media_keys(key))
    from sqlalchemy.orm import Session

    with Session(engine) as s:
        media = {m.display_id: (m.sha256, m.blob_name) for m in s.scalars(select(MediaAsset))
                 if m.kind == "image"}
        consents = set(s.scalars(select(Consent.display_id)))
        approved = set(s.scalars(select(Post.display_id).join(Review, Review.post_id == Post.id)
                                 .where(Review.decision == "approve")))
        stories = len(s.scalars(select(Story.id)).all())
        version = s.execute(text("SELECT version_num FROM alembic_version")).scalar()
    engine.dispose()
    for mid, sha in ledger.media.items():
        if media.get(mid, ("",))[0] != sha:
            problems.append(f"lost committed media {mid}")
    for mid, (sha, blob) in media.items():
        import hashlib

        if hashlib.sha256(vault.get(blob)).hexdigest() != sha:
            problems.append(f"{mid} decrypts to other bytes")
    problems += [f"lost consent {c}" for c in ledger.consents - consents]
    problems += [f"lost approval of {p}" for p in ledger.approved - approved]
    if stories < ledger.stories:
        problems.append("lost a story")
    if migrated_copy and version not in (migrate.HEAD, f"{int(migrate.HEAD) + 1:04d}"):
        problems.append(f"unexpected schema {version}")
    for backup in (workdir / "backups").glob("*.studio-backup"):
        with open(backup, "rb") as fh:
            try:
                verify_container(fh, key=key)
            except Exception as exc:  # a final-named backup must be whole
                problems.append(f"{backup.name} under its final name does not verify: {exc}")
    if not migrated_copy:  # a migration copy has none of the main library's exports
        problems += _check_exports(lib_path, key, workdir / "exports")
    ledger.media.update({m: v[0] for m, v in media.items()})
    ledger.consents |= consents
    ledger.approved |= approved
    ledger.stories = max(ledger.stories, stories)
    return problems


def _sha(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def _check_exports(lib_path: Path, key: bytes, out: Path) -> list[str]:
    """Every export file under a final name is recorded with its digest, and the reverse."""
    from sqlalchemy.orm import Session

    from studio.library.engine import make_engine
    from studio.models import Export

    engine = make_engine(LibraryLayout(lib_path).db, key, read_only=True)
    with Session(engine) as s:
        exports = [(e.display_id, e.kind, dict(e.params), dict(e.files))
                   for e in s.scalars(select(Export).order_by(Export.id))]
    engine.dispose()
    problems = []
    recorded: dict[Path, str] = {}
    for eid, kind, params, files in exports:
        if kind == "posts":
            base = out / params["folder"]
            if not base.exists():  # killed between commit and rename: whole, but hidden
                staged = out / params["staging"]
                if not staged.is_dir():
                    problems.append(f"{eid} is recorded but its folder is nowhere")
                continue
            recorded.update({out / name: sha for name, sha in files.items()})
        else:
            for name, sha in files.items():
                if Path(name).exists():
                    recorded[Path(name)] = sha
                elif not any(p.name.startswith(f".{Path(name).name}.")
                             for p in Path(name).parent.iterdir()):
                    problems.append(f"{eid} is recorded but {Path(name).name} is nowhere")
    if not out.is_dir():
        return problems
    visible = [p for p in out.rglob("*") if p.is_file()
               and not any(part.startswith(".") for part in p.relative_to(out).parts)]
    for path in visible:
        if path not in recorded:
            problems.append(f"{path.relative_to(out)} is under a final name but no export "
                            "records it (half-written?)")
        elif _sha(path) != recorded[path]:
            problems.append(f"{path.relative_to(out)} differs from its recorded SHA-256")
    problems += [f"{p.relative_to(out)} is recorded but missing"
                 for p in recorded if not p.exists()]
    return problems


def run(rounds: int, seed: int, workdir: Path) -> dict[str, object]:
    rnd = random.Random(seed)
    (workdir / "backups").mkdir(parents=True, exist_ok=True)
    (workdir / "exports").mkdir(parents=True, exist_ok=True)
    lib_path, files = build(workdir, posts_to_review=max(5, rounds // 3))
    pristine = workdir / "Pristine.studio"
    shutil.copytree(lib_path, pristine)
    ledger = Ledger()
    _check(lib_path, ledger, workdir, False)
    pending = [f"P-{i}" for i in range(1, rounds // 3 + 1)]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "STUDIO_LIBRARY": str(lib_path)}
    durations: dict[str, float] = {}
    killed, finished, failures = Counter[str](), Counter[str](), []
    for i in range(rounds):
        cmd = COMMANDS[i % len(COMMANDS)] if i < len(COMMANDS) else rnd.choice(COMMANDS)
        target = lib_path
        if cmd == "migration":  # each migration round works on a fresh copy at the old schema
            target = workdir / f"Migrate{i}.studio"
            shutil.copytree(pristine, target)
        argv, user, password = _argv(cmd, target, files, rnd, pending, workdir)
        run_env = {**env, "STUDIO_USER": user, "STUDIO_PASSWORD": password,
                   "STUDIO_LIBRARY": str(target)}
        start = time.monotonic()
        proc = subprocess.Popen(argv, env=run_env, cwd=ROOT, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        if cmd in durations:
            try:
                proc.wait(timeout=rnd.uniform(0.05, durations[cmd] * 1.1))
            except subprocess.TimeoutExpired:
                proc.send_signal(signal.SIGKILL)
                killed[cmd] += 1
        proc.wait()
        if proc.returncode >= 0:
            finished[cmd] += 1
            durations.setdefault(cmd, time.monotonic() - start)
        ledger_for = ledger if cmd != "migration" else Ledger(stories=ledger.stories)
        problems = _check(target, ledger_for, workdir, cmd == "migration")
        failures += [f"round {i} ({cmd}): {p}" for p in problems]
        if cmd == "migration":
            shutil.rmtree(target, ignore_errors=True)
    return {"rounds": rounds, "killed": dict(killed), "finished": dict(finished),
            "failures": failures, "durations": durations,
            "media": len(ledger.media), "approved": len(ledger.approved),
            "export_files": sum(1 for p in (workdir / "exports").rglob("*") if p.is_file())}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="studio-crash-"))
    started = time.monotonic()
    try:
        result = run(args.rounds, args.seed, workdir)
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    print(f"crash bench: {result['rounds']} rounds, seed {args.seed}, "
          f"{time.monotonic() - started:.0f} s on {os.cpu_count()} cores")
    print(f"killed mid-command: {result['killed']}")
    print(f"ran to completion:  {result['finished']}")
    print("command durations (s): " + ", ".join(
        f"{k} {v:.2f}" for k, v in result["durations"].items()))  # type: ignore[attr-defined]
    failures = result["failures"]
    assert isinstance(failures, list)
    print(f"committed: {result['media']} media, {result['approved']} approvals, "
          f"{result['export_files']} export files on disk")
    print(f"after every kill: library opens and verifies, nothing committed lost, every "
          f"export under its final name recorded with its digests: "
          f"{'PASS' if not failures else 'FAIL'}")
    for failure in failures[:20]:
        print("  " + failure)
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())
