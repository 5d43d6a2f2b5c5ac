"""Crash safety of re-keying: SIGKILL `studio user disable` at every step and at random moments.

    python bench/crash_rekey.py [--rounds 40] [--seed 7]

Two kinds of round, each on a fresh copy of one small library (admin dana, author alex,
compliance casey, one photo):

- exact: a child process disables casey and SIGKILLs itself right after the Nth rename of the
  re-key (0 = while the copy is being encrypted; 1 = the copy named library.db.rekeyed;
  2 = keys.json.rekeyed written; 3 = the database renamed in, the commit point; 4 = keys.json
  renamed in), so every state the ordering allows is visited;
- random: the real CLI (`studio user disable casey`) killed after a random delay drawn from
  its measured duration.

After each kill, with passwords only: dana and alex open the library and `audit verify`
passes, the photo still decrypts, no re-key leftovers remain, and casey is either still
enabled (the re-key was undone) or has no slot, with her old key file opening nothing
(it finished). The test suite runs every exact point and a few random rounds
(tests/test_crash_rekey.py).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from studio.errors import AuthError, LibraryDamaged  # noqa: E402
from studio.library.keyslots import MINIMUM_KDF, KeySlots  # noqa: E402
from studio.library.layout import LibraryLayout  # noqa: E402
from studio.library.library import create_library, open_library  # noqa: E402
from studio.library.rekey_files import NEW_DB, NEW_KEYS  # noqa: E402
from studio.library.verify import verify_library  # noqa: E402

USERS = {"dana": "dana crash password", "alex": "alex crash password",
         "casey": "casey crash password"}
EXACT_POINTS = (0, 1, 2, 3, 4)


def build(workdir: Path) -> Path:
    """The library every round starts from (a copy of it)."""
    import datetime as dt
    import io

    from PIL import Image

    from studio.workflow import consents, media, stories, subjects, users

    path = workdir / "Pristine.studio"
    with create_library(path, admin="dana", password=USERS["dana"], kdf=MINIMUM_KDF,
                        organization="Crash Test Hospital") as lib:
        users.add_user(lib, "alex", USERS["alex"], ["author"])
        users.add_user(lib, "casey", USERS["casey"], ["compliance"])
    buf = io.BytesIO()
    Image.new("RGB", (640, 480), "teal").save(buf, "PNG")
    today = dt.date.today()
    with open_library(path, "alex", password=USERS["alex"]) as lib:
        person = subjects.add_subject(lib, "Crash Subject").display_id
        story = stories.add_story(lib, person, "Crash story", "A story.").display_id
        consents.add_consent(lib, person, signed_on=today,
                             expires_on=today + dt.timedelta(days=300), channels="facebook",
                             uses="first-name,photo",
                             signature=consents.Signature(buf.getvalue(), "sig.png"))
        media.import_media(lib, story, buf.getvalue(), name="p.png", alt_text="a photo",
                           depicts=[person])
    return path


def child(path: Path, kill_at: int) -> None:
    """Disable casey as dana, SIGKILLing this process at exact point ``kill_at``."""
    from studio.workflow import users

    real_replace, renames = os.replace, [0]

    def replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        real_replace(src, dst)
        renames[0] += 1
        if renames[0] == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)

    def progress(step: str) -> None:
        if kill_at == 0 and step.startswith("encrypting"):
            os.kill(os.getpid(), signal.SIGKILL)

    with open_library(path, "dana", password=USERS["dana"]) as lib:
        os.replace = replace  # only the re-key's renames are counted
        users.disable_user(lib, "casey", progress=progress)


def check(path: Path, old_keys: bytes) -> tuple[str, list[str]]:
    """('old' or 'new', problems) for the library after a kill."""
    problems: list[str] = []
    for who in ("dana", "alex"):
        try:
            with open_library(path, who, password=USERS[who]) as lib:
                key = lib.raw_key
                with lib.read() as session:
                    from sqlalchemy import select

                    from studio.models import MediaAsset

                    blob = session.scalar(select(MediaAsset.blob_name))
                if blob is None or not lib.vault.get(blob):
                    problems.append(f"{who}: the photo is gone")
            report = verify_library(LibraryLayout(path), key)
            if not report.ok:
                problems.append(f"{who}: verify: {report.problems[0]}")
        except Exception as exc:  # any failure to open is exactly what must never happen
            problems.append(f"{who} cannot open: {type(exc).__name__}: {exc}")
    for leftover in (NEW_DB, NEW_KEYS):
        if (path / leftover).exists():
            problems.append(f"{leftover} left behind")
    problems += [f"{p.name} left behind" for p in path.glob(".library.db.*")]
    state = "new" if KeySlots.load(path / "keys.json").generation else "old"
    try:
        open_library(path, "casey", password=USERS["casey"], read_only=True).close()
        if state == "new":
            problems.append("casey still opens the re-keyed library")
    except AuthError:
        if state == "old":
            problems.append("casey lost access although the re-key was undone")
    if state == "new":
        mixed = path.with_name(path.name + "-mixed")
        shutil.copytree(path, mixed)
        (mixed / "keys.json").write_bytes(old_keys)
        try:
            open_library(mixed, "casey", password=USERS["casey"], read_only=True).close()
            problems.append("casey's old key file opens the re-keyed database")
        except LibraryDamaged:
            pass
        shutil.rmtree(mixed)
    return state, problems


def _cli(path: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "STUDIO_LIBRARY": str(path),
           "STUDIO_USER": "dana", "STUDIO_PASSWORD": USERS["dana"]}
    return subprocess.Popen([sys.executable, "-m", "studio.cli", "user", "disable", "casey"],
                            env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


def run(rounds: int, seed: int, workdir: Path) -> dict[str, object]:
    """Every exact point once, then ``rounds`` random kills; a summary with any failures."""
    rnd = random.Random(seed)
    pristine = build(workdir)
    old_keys = (pristine / "keys.json").read_bytes()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    states: dict[str, list[str]] = {"old": [], "new": []}
    failures: list[str] = []
    duration = 0.0
    plan = [f"exact:{n}" for n in EXACT_POINTS] + ["measure"] + ["random"] * rounds
    for i, kind in enumerate(plan):
        target = workdir / f"Round{i}.studio"
        shutil.copytree(pristine, target)
        if kind.startswith("exact:"):
            subprocess.run([sys.executable, __file__, "--child", str(target), kind[6:]],
                           env=env, cwd=ROOT, check=False, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
        else:
            start = time.monotonic()
            proc = _cli(target)
            if kind == "measure":
                proc.wait()
                duration = time.monotonic() - start
            else:
                try:
                    proc.wait(timeout=rnd.uniform(duration * 0.6, duration * 1.05))
                except subprocess.TimeoutExpired:
                    proc.send_signal(signal.SIGKILL)
                    proc.wait()
        state, problems = check(target, old_keys)
        states[state].append(kind)
        failures += [f"round {i} ({kind}): {p}" for p in problems]
        shutil.rmtree(target)
    return {"states": states, "failures": failures, "disable_seconds": round(duration, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--child", nargs=2, metavar=("LIBRARY", "KILL_AT"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(Path(args.child[0]), int(args.child[1]))
        return
    with tempfile.TemporaryDirectory(prefix="crash-rekey-") as tmp:
        start = time.monotonic()
        result = run(args.rounds, args.seed, Path(tmp))
    states = result["states"]
    assert isinstance(states, dict)
    print(f"{args.rounds} random rounds + {len(EXACT_POINTS)} exact kill points, seed "
          f"{args.seed}, {time.monotonic() - start:.0f} s; disable takes "
          f"{result['disable_seconds']} s")
    print(f"after the kill: old key {len(states['old'])} times, new key "
          f"{len(states['new'])} times")
    failures = result["failures"]
    assert isinstance(failures, list)
    print("FAILURES:\n" + "\n".join(failures) if failures else "no failures")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
