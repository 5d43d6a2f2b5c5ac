"""Library benchmark: a synthetic library of stories, encrypted (SQLCipher) against plain SQLite.

Both sides run the real Alembic schema (FTS5 triggers included) through the same SQLite build
(sqlcipher3's bundled one, left unkeyed for the plain side) with the same pragmas, so the only
difference is encryption. Prints a table of figures against the targets (see bench/README.md).
"""

# ruff: noqa: E402  (the studio imports follow the sys.path line that makes them importable)
from __future__ import annotations

import argparse
import contextlib
import inspect
import itertools
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import sqlcipher3
from sqlalchemy import Engine, create_engine, event, insert
from sqlalchemy.orm import Session
from sqlalchemy.pool import QueuePool

from studio.library import migrate
from studio.library.keyslots import MINIMUM_KDF
from studio.library.library import create_library
from studio.library.search import search_story_ids
from studio.models import Story, Subject, User
from studio.workflow.stories import story_ids, story_rows
from studio.workflow.story_listing import NEWEST_FIRST, StoryListing

USER, PASSWORD = "bench", "bench-password-123"
COMMON, RARE = "xandrel", "quorvix"  # 'x'/'q' never occur in the vocabulary: no prefix clashes
BATCH, ROWS_PER_TXN, QUERIES, PAGE_REPS, PAGE_SIZE = 1000, 10_000, 200, 30, 50
SORTED_PAGES = ("title", "subject", "updated")  # the story list's header sorts (0002)
TARGET_RATIO, TARGET_SEARCH_S, TARGET_PAGE_S, TARGET_PEAK_MB = 1.25, 0.010, 0.5, 250


def peak_mb() -> float:
    """Peak RSS of this process: VmHWM, since ru_maxrss after vfork+exec carries the parent's."""
    try:
        with open("/proc/self/status") as status:
            return next(int(x.split()[1]) for x in status if x.startswith("VmHWM")) / 1024
    except OSError:
        import resource
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# Child processes: fresh interpreters, timed from the parent's spawn (BENCH_T0, epoch seconds).
CHILD_PRELUDE = "import json, os, time\nfrom pathlib import Path\n" + \
    "t0 = float(os.environ['BENCH_T0'])\nt_start = time.time() - t0\n" + inspect.getsource(peak_mb)
FIRST_PAGE_CHILD = CHILD_PRELUDE + """
from studio.library.library import open_library
from studio.workflow.stories import story_ids, story_rows
t_import = time.time() - t0
lib = open_library(Path(os.environ["BENCH_LIB"]), os.environ["BENCH_USER"],
                   key=bytes.fromhex(os.environ["BENCH_KEY"]))
t_open = time.time() - t0
rows = story_rows(lib, story_ids(lib, limit=50))
t_page = time.time() - t0
lib.close()
print(json.dumps({"start": t_start, "import": t_import, "open": t_open, "page": t_page,
                  "rows": len(rows), "peak_mb": peak_mb()}))
"""
UNLOCK_CHILD = CHILD_PRELUDE + """
import tempfile
from dataclasses import asdict
import studio.library.library, studio.workflow.stories  # the app's own imports, as a baseline
from studio.library.crypto import new_key
from studio.library.keyslots import KeySlots, calibrate_kdf
kdf, times = calibrate_kdf(), []
with tempfile.TemporaryDirectory() as folder:
    KeySlots.create(Path(folder) / "keys.json", kdf).add("u", "unlock-password-123", new_key())
    for slots in [KeySlots.load(Path(folder) / "keys.json") for _ in range(3)]:
        t = time.perf_counter(); slots.unlock("u", "unlock-password-123")
        times.append(time.perf_counter() - t)
print(json.dumps({"kdf": asdict(kdf), "times": times, "peak_mb": peak_mb()}))
"""


def vocabulary(size: int = 5000) -> tuple[list[str], list[float]]:
    """Made-up words from syllables (no 'q'/'x'), with Zipf (1/rank) cumulative weights."""
    rng = random.Random(1)
    syllables = [c + v for c in "bcdfghjklmnprstvw" for v in "aeiou"]
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choices(syllables, k=rng.randint(2, 4))))
    ordered = sorted(words)
    rng.shuffle(ordered)
    return ordered, list(itertools.accumulate(1.0 / rank for rank in range(1, size + 1)))


def story_batches(n: int) -> Iterator[list[dict[str, Any]]]:
    """Seeded stories, a batch at a time: ~1 KB narratives, COMMON in ~90%, RARE in 10."""
    vocab, cum = vocabulary()
    rng = random.Random(42)
    rare_at = set(rng.sample(range(n), min(10, n)))
    lines = ["Cardiology", "Oncology", "Pediatrics", "Orthopedics", "Maternity", "Neurology"]
    batch: list[dict[str, Any]] = []
    for i in range(n):
        words = rng.choices(vocab, cum_weights=cum, k=150)
        if rng.random() < 0.9:
            words[rng.randrange(150)] = COMMON
        if i in rare_at:
            words[rng.randrange(150)] = RARE
        batch.append({"title": " ".join(rng.choices(vocab, cum_weights=cum, k=5)).capitalize(),
                      "narrative": " ".join(words).capitalize() + ".",
                      "service_line": rng.choice(lines), "source": "bench",
                      "tags": sorted(set(rng.choices(vocab[:50], k=2)))})
        if len(batch) == BATCH or i == n - 1:
            yield batch
            batch = []


def plain_engine(db: Path) -> Engine:
    """connect_keyed/make_engine without the key: same driver, SQLite build and pragmas."""
    def connect() -> Any:
        conn = sqlcipher3.connect(str(db), check_same_thread=False, isolation_level=None)
        conn.executescript("PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL; "
                           "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;")
        return conn

    engine = create_engine("sqlite://", module=sqlcipher3, creator=connect,
                           poolclass=QueuePool, pool_size=2, max_overflow=2)

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN")

    migrate.upgrade(engine)
    return engine


def insert_stories(engines: list[Engine], n: int) -> list[float]:
    """Bulk insert through Core executemany (FTS triggers fire), batches alternating between
    the databases so both see the same machine load; returns rows per second for each."""
    statements = []
    for engine in engines:
        with engine.begin() as conn:
            user_id = conn.execute(insert(User).returning(User.id), {
                "username": "importer", "display_name": "Importer"}).scalar_one()
            subject_id = conn.execute(insert(Subject).returning(Subject.id), {
                "name": "Ann Lee", "first_name": "Ann", "created_by_id": user_id}).scalar_one()
        statements.append(insert(Story).values(subject_id=subject_id, created_by_id=user_id))
    elapsed, done = [0.0] * len(engines), 0
    with contextlib.ExitStack() as stack:
        conns = [stack.enter_context(engine.connect()) for engine in engines]
        for rows in story_batches(n):  # generation is not timed
            done += len(rows)
            for i, (conn, statement) in enumerate(zip(conns, statements, strict=True)):
                start = time.perf_counter()
                conn.execute(statement, rows)
                if done % ROWS_PER_TXN == 0 or done == n:
                    conn.commit()
                elapsed[i] += time.perf_counter() - start
    return [n / t for t in elapsed]


def timings(fns: list[Callable[[], object]], reps: int, warmup: int = 5) -> list[list[float]]:
    """Seconds per call of each function, calls interleaved (same machine load for each)."""
    out: list[list[float]] = [[] for _ in fns]
    for i in range(warmup + reps):
        for fn, times in zip(fns, out, strict=True):
            start = time.perf_counter()
            fn()
            if i >= warmup:
                times.append(time.perf_counter() - start)
    return out


def search(lib: Any, word: str) -> Callable[[], list[int]]:
    def run() -> list[int]:
        with lib.read() as session:  # one session per query, as the app does
            return search_story_ids(session, word, limit=PAGE_SIZE)
    return run


def page_at(lib: Any, offset: int, listing: StoryListing = NEWEST_FIRST
            ) -> Callable[[], object]:
    return lambda: story_rows(lib, story_ids(lib, limit=PAGE_SIZE, offset=offset,
                                             listing=listing))


def run_child(code: str, env: dict[str, str]) -> tuple[dict[str, Any], float]:
    """Run ``code`` in a fresh interpreter; .pyc files are allowed, but kept out of the repo."""
    env = {**os.environ, "PYTHONPATH": str(REPO), **env, "BENCH_T0": repr(time.time())}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", code], env=env, cwd=REPO,
                          capture_output=True, text=True)
    if proc.returncode:
        raise RuntimeError(f"a benchmark child process failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1]), time.perf_counter() - start


def machine(lib_engine: Engine) -> list[str]:
    with lib_engine.connect() as conn:
        cipher, sqlite, cache = [conn.exec_driver_sql(sql).scalar() for sql in (
            "PRAGMA cipher_version", "SELECT sqlite_version()", "PRAGMA cache_size")]
    ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3
    return [f"cpus {os.cpu_count()}, RAM {ram:.1f} GiB, {platform.platform()}",
            f"Python {platform.python_version()}, SQLCipher {cipher} (SQLite {sqlite}, "
            f"cache_size {cache}), SQLAlchemy {__import__('sqlalchemy').__version__}"]


def main() -> int:
    return run_main(__doc__ or "", report, "studio-bench-")


def run_main(doc: str, report: Callable[[int, Path], None], prefix: str) -> int:
    """The command line every story-library benchmark shares: --stories, --out, --keep."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--stories", type=int, default=100_000)
    add_folder_options(parser)
    args = parser.parse_args()
    with work_folder(args.out, args.keep, prefix) as out:
        report(args.stories, out)
    return 0


def add_folder_options(parser: argparse.ArgumentParser) -> None:
    """--out DIR and --keep, as every benchmark that builds a library takes them."""
    parser.add_argument("--out", type=Path, help="work folder (default: a temporary one)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")


@contextlib.contextmanager
def work_folder(out: Path | None, keep: bool, prefix: str) -> Iterator[Path]:
    """The benchmark's folder (a new temporary one by default), deleted at the end unless
    ``keep``."""
    folder = Path(out or tempfile.mkdtemp(prefix=prefix))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        yield folder
    finally:
        if keep:
            print(f"kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


def report(n: int, out: Path) -> None:
    lib = create_library(out / "encrypted", admin=USER, password=PASSWORD, kdf=MINIMUM_KDF)
    plain = plain_engine(out / "plain.db")
    plib = SimpleNamespace(read=lambda: Session(plain))  # all story_ids/story_rows use
    print(*machine(lib.engine), f"work folder {out} ({n:,} stories)", sep="\n", flush=True)
    load_before = os.getloadavg()[0]
    enc_rate, plain_rate = insert_stories([lib.engine, plain], n)
    searches = {word: (len(search(lib, word)()), timings([search(lib, word), search(plib, word)],
                                                         QUERIES)) for word in (COMMON, RARE)}
    offset = min(50_000, n // 2)
    pages = [statistics.median(t) for t in timings(
        [page_at(lib, offset), page_at(plib, offset)], PAGE_REPS, warmup=2)]
    sorted_pages = {sort: [statistics.median(t) for t in timings(
        [page_at(lib, offset, StoryListing(sort, False)),
         page_at(plib, offset, StoryListing(sort, False))], PAGE_REPS, warmup=2)]
        for sort in SORTED_PAGES}
    builder_peak = peak_mb()
    key = lib.raw_key.hex()  # what a remembered key would give the app
    lib.close()  # the child takes the write lock
    plain.dispose()
    sizes = [sum(f.stat().st_size for f in p.parent.glob(p.name + "*")) / 1024**2
             for p in (out / "encrypted" / "library.db", out / "plain.db")]
    env = {"BENCH_LIB": str(out / "encrypted"), "BENCH_USER": USER, "BENCH_KEY": key,
           "PYTHONPYCACHEPREFIX": str(out / "pycache")}
    run_child(FIRST_PAGE_CHILD, env)  # writes the .pyc files first, as an install does
    runs = sorted((run_child(FIRST_PAGE_CHILD, env) for _ in range(5)), key=lambda r: r[0]["page"])
    child, wall = runs[2]
    unlock, _ = run_child(UNLOCK_CHILD, env)

    def row(name: str, enc: str = "", pln: str = "", ratio: str = "", target: str = "",
            ok: bool | None = None) -> None:
        verdict = "" if ok is None else ("PASS" if ok else "MISS")
        print(f"{name:<35}{enc:>10}{pln:>10}{ratio:>7}  {target:<24}{verdict}".rstrip())

    print()
    row("measure", "encrypted", "plain", "ratio", "target")
    row("-" * 34, "-" * 9, "-" * 9, "-" * 6, "-" * 23)
    ratio = plain_rate / enc_rate  # as a time ratio: how much longer the encrypted side takes
    row("bulk insert (rows/s)", f"{enc_rate:,.0f}", f"{plain_rate:,.0f}", f"{ratio:.2f}",
        f"time ratio <= {TARGET_RATIO}", ratio <= TARGET_RATIO)
    for word, (hits, (enc_t, pln_t)) in searches.items():
        for p in (50, 95):
            enc, pln = (statistics.quantiles(t, n=100)[p - 1] for t in (enc_t, pln_t))
            target = f"ratio <= {TARGET_RATIO}" + (", <= 10 ms" if p == 50 else "")
            ok = enc / pln <= TARGET_RATIO and (p == 95 or enc <= TARGET_SEARCH_S)
            row(f"search '{word}' ({hits} hits) p{p} ms", f"{enc * 1e3:.2f}",
                f"{pln * 1e3:.2f}", f"{enc / pln:.2f}", target, ok)
    row(f"page of 50 at offset {offset:,} p50 ms", f"{pages[0] * 1e3:.1f}",
        f"{pages[1] * 1e3:.1f}", f"{pages[0] / pages[1]:.2f}")
    for sort, (enc_p, pln_p) in sorted_pages.items():
        row(f"  sorted by {sort} p50 ms", f"{enc_p * 1e3:.1f}", f"{pln_p * 1e3:.1f}",
            f"{enc_p / pln_p:.2f}")
    row("database size MB (with WAL)", f"{sizes[0]:.0f}", f"{sizes[1]:.0f}",
        f"{sizes[0] / sizes[1]:.2f}")
    print()
    row("process start -> first page (s)", f"{child['page']:.3f}", "", "",
        f"<= {TARGET_PAGE_S} s (median of 5)", child["page"] <= TARGET_PAGE_S)
    row("  interpreter up, imports done", f"{child['start']:.3f}", f"{child['import']:.3f}")
    row("  library open (no argon2) done", f"{child['open']:.3f}")
    row("  process exit (parent's wall time)", f"{wall:.3f}")
    kdf = unlock["kdf"]
    row("argon2 unlock alone (s)", f"{statistics.median(unlock['times']):.3f}", "", "",
        f"t={kdf['time_cost']} m={kdf['memory_cost_kib'] // 1024}MiB p={kdf['parallelism']}")
    for name, peak in (("peak RSS builder (MB)", builder_peak),
                       ("peak RSS first-page child (MB)", child["peak_mb"]),
                       ("peak RSS app imports + unlock (MB)", unlock["peak_mb"])):
        row(name, f"{peak:.0f}", "", "", f"<= {TARGET_PEAK_MB} MB", peak <= TARGET_PEAK_MB)
    print(f"\nfirst page {child['rows']} rows; load average {load_before:.2f} at start, "
          f"{os.getloadavg()[0]:.2f} at end (other work on the machine skews the figures)")


if __name__ == "__main__":
    sys.exit(main())
