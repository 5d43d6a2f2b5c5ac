"""Scale benchmark: a five-year library (100,000 stories, 300,000 posts, 20,000 images, 50,000
audit events), then what a person waits for on it.

Builds the library with bench/scale_build.py (bulk inserts, valid for the workflow; not part of
the figures but timed), then measures, each phase with its own peak memory (VmHWM, reset
between phases through /proc/self/clear_refs):
  open     a fresh process opens the library with the raw key (what unlock hands over), runs
           the expiry sweep a writing open runs, counts the stories and loads the first page
           of 200; median of 5 after one that writes the .pyc files;
  search   story full text (the FTS index, as bench/library.py) and the desktop's global
           search (ids, people by name, stories as you type), p50/p95 of 200 each;
  paging   the stories list as the UI pages it (200 ids + rows, first page and deep), the
           posts list (1,000 rows, all and approved only) and the media list;
  verify   `audit verify` (every page, integrity, the audit chain, every media blob);
  backup   `studio backup`: time and size;
  export   `export posts` of the approved posts of the next two weeks (1,000, one picture
           each) against raw Pillow on the same pictures in the same run (bench/export.py's
           baseline), with each core's utilisation during the export.
See bench/README.md for the targets.
"""

# ruff: noqa: E402  (the imports follow the sys.path lines that make them importable)
from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))  # the sibling benchmarks' generators and helpers

from export import AUTHOR, PASSWORD, TARGET_RATIO, cpu_times, raw_job, utilisation
from library import (
    CHILD_PRELUDE,
    COMMON,
    QUERIES,
    RARE,
    TARGET_PEAK_MB,
    add_folder_options,
    machine,
    peak_mb,
    run_child,
    search,
    timings,
    work_folder,
)
from scale_build import Built, Sizes, build

from studio.channels import channel
from studio.exporters.channel_images import usable_cores
from studio.library.library import Library, open_library
from studio.models import Subject
from studio.workflow.exports import export_posts
from studio.workflow.library_views import list_media
from studio.workflow.maintenance import backup_library, verify
from studio.workflow.posts import list_posts
from studio.workflow.search_views import search_library
from studio.workflow.stories import count_stories, story_ids, story_rows
from studio.workflow.story_listing import StoryListing

TARGET_OPEN_S, TARGET_SEARCH_S, TARGET_BUSY = 0.5, 0.010, 0.8
TARGET_PAGE_S, TARGET_LIST_S = 0.050, 0.5   # a fetchMore on scrolling; a list on the worker
UI_PAGE, POSTS_LIMIT, LIST_REPS = 200, 1000, 10

OPEN_CHILD = CHILD_PRELUDE + """
from studio.library.library import open_library
from studio.workflow.maintenance import sweep_expiries
from studio.workflow.stories import count_stories, story_ids, story_rows
t_import = time.time() - t0
lib = open_library(Path(os.environ["BENCH_LIB"]), os.environ["BENCH_USER"],
                   key=bytes.fromhex(os.environ["BENCH_KEY"]))
t_open = time.time() - t0
swept = sweep_expiries(lib)
t_sweep = time.time() - t0
total = count_stories(lib)
rows = story_rows(lib, story_ids(lib, limit=200))
t_page = time.time() - t0
lib.close()
print(json.dumps({"import": t_import, "open": t_open, "sweep": t_sweep, "page": t_page,
                  "swept": swept, "stories": total, "rows": len(rows), "peak_mb": peak_mb()}))
"""


class Report:
    """The figures, printed as a table at the end: value, target, PASS/MISS."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, bool | None]] = []
        self.peaks: dict[str, float] = {}
        self.starts: dict[str, float] = {}      # RSS when the phase began (what it inherits)
        self.loads: dict[str, float] = {}

    def add(self, name: str, value: str, target: str = "", ok: bool | None = None) -> None:
        self.rows.append((name, value, target, ok))
        verdict = "" if ok is None else ("PASS" if ok else "MISS")
        print(f"  {name:<54}{value:>16}  {target:<24}{verdict}".rstrip(), flush=True)

    @contextlib.contextmanager
    def phase(self, name: str) -> Iterator[None]:
        reset_peak()
        self.starts[name] = rss_mb()
        print(f"{name} …", flush=True)
        yield
        self.peaks[name] = peak_mb()
        self.loads[name] = os.getloadavg()[0]


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        return next(int(x.split()[1]) for x in status if x.startswith("VmRSS")) / 1024


def reset_peak() -> None:
    """Start VmHWM again from the current RSS, so each phase reports its own peak."""
    with contextlib.suppress(OSError), open("/proc/self/clear_refs", "w") as fh:
        fh.write("5")


class ChildPeak:
    """The largest VmHWM among this process's children (the export's pool workers), sampled."""

    def __init__(self) -> None:
        self.mb, self._stop = 0.0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> ChildPeak:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        me = str(os.getpid())
        while not self._stop.wait(0.1):
            for pid in filter(str.isdigit, os.listdir("/proc")):
                with contextlib.suppress(OSError, ValueError, StopIteration):
                    with open(f"/proc/{pid}/stat") as fh:
                        if fh.read().rsplit(")", 1)[1].split()[1] != me:
                            continue
                    with open(f"/proc/{pid}/status") as fh:
                        kb = next(int(x.split()[1]) for x in fh if x.startswith("VmHWM"))
                    self.mb = max(self.mb, kb / 1024)


def quantile(times: list[float], p: int) -> float:
    return statistics.quantiles(times, n=100)[p - 1]


def measure_open(rep: Report, built: Built, key: str, out: Path) -> None:
    env = {"BENCH_LIB": str(built.path), "BENCH_USER": AUTHOR, "BENCH_KEY": key,
           "PYTHONPYCACHEPREFIX": str(out / "pycache")}
    run_child(OPEN_CHILD, env)  # writes the .pyc files first, as an install has them
    runs = sorted((run_child(OPEN_CHILD, env)[0] for _ in range(5)), key=lambda r: r["page"])
    r = runs[2]
    total = r["page"] - r["import"]
    rep.add("open after unlock: key -> first page (s)", f"{total:.3f}",
            f"<= {TARGET_OPEN_S} s (median of 5)", total <= TARGET_OPEN_S)
    rep.add("  open_library with the key (s)", f"{r['open'] - r['import']:.3f}")
    rep.add(f"  expiry sweep ({r['swept']} withdrawn) (s)", f"{r['sweep'] - r['open']:.3f}")
    rep.add(f"  count {r['stories']:,} + first {r['rows']} rows (s)",
            f"{r['page'] - r['sweep']:.3f}")
    rep.add("  imports before it (s)", f"{r['import']:.3f}")
    rep.peaks["open (child process)"] = r["peak_mb"]


def measure_search(rep: Report, lib: Library, first_name: str) -> None:
    def global_search(words: str) -> Callable[[], object]:
        return lambda: search_library(lib, words)

    cases = {f"story text '{COMMON}' (common)": search(lib, COMMON),
             f"story text '{RARE}' (rare)": search(lib, RARE),
             f"global search '{first_name}' (a name)": global_search(first_name),
             f"global search '{COMMON[:4]}' (as you type)": global_search(COMMON[:4]),
             "global search 'P-123' (an id)": global_search("P-123")}
    for name, times in zip(cases, timings(list(cases.values()), QUERIES), strict=True):
        p50, p95 = quantile(times, 50), quantile(times, 95)
        rep.add(f"search {name} p50/p95 ms", f"{p50 * 1e3:.2f} / {p95 * 1e3:.2f}",
                f"p50 <= {TARGET_SEARCH_S * 1e3:.0f} ms", p50 <= TARGET_SEARCH_S)


def measure_paging(rep: Report, lib: Library, stories: int) -> None:
    deep = max(0, stories // 2)
    pages = {"stories page of 200, first": lambda: story_rows(lib, story_ids(
                 lib, limit=UI_PAGE, as_you_type=True)),
             f"stories page of 200 at offset {deep:,}": lambda: story_rows(lib, story_ids(
                 lib, limit=UI_PAGE, offset=deep, as_you_type=True))}
    for name, times in zip(pages, timings(list(pages.values()), 30, 2),
                                 strict=True):
        p50 = statistics.median(times)
        rep.add(f"{name} p50 ms", f"{p50 * 1e3:.1f}", f"<= {TARGET_PAGE_S * 1e3:.0f} ms",
                p50 <= TARGET_PAGE_S)
    measure_consent_filter(rep, lib, deep)
    lists = {f"posts list ({POSTS_LIMIT:,} rows, all)": lambda: list_posts(
                 lib, limit=POSTS_LIMIT),
             f"posts list ({POSTS_LIMIT:,} rows, approved)": lambda: list_posts(
                 lib, status="approved", limit=POSTS_LIMIT),
             "media list (1,000 rows)": lambda: list_media(lib)}
    for name, times in zip(lists, timings(list(lists.values()), LIST_REPS, 1), strict=True):
        p50 = statistics.median(times)
        rep.add(f"{name} p50 s", f"{p50:.3f}", f"<= {TARGET_LIST_S} s", p50 <= TARGET_LIST_S)


def measure_consent_filter(rep: Report, lib: Library, deep: int) -> None:
    """The story list filtered by the consent badge's state: the ids and the count the Stories
    screen reads on the database worker (a correlated look-up of each story's consents)."""
    def page(state: str, offset: int = 0) -> Callable[[], object]:
        listing = StoryListing(consent=state)
        return lambda: story_rows(lib, story_ids(lib, limit=UI_PAGE, offset=offset,
                                                 listing=listing))

    def count(state: str) -> Callable[[], object]:
        return lambda: count_stories(lib, StoryListing(consent=state))

    half = deep // 2
    cases = {"stories page of 200, consent active, first": page("active"),
             f"stories page of 200, consent active, at offset {half:,}": page("active", half),
             "stories page of 200, consent expiring, first": page("expiring"),
             "stories count, consent expiring": count("expiring")}
    for name, times in zip(cases, timings(list(cases.values()), LIST_REPS, 1), strict=True):
        p50 = statistics.median(times)
        rep.add(f"{name} p50 s", f"{p50:.3f}", f"<= {TARGET_LIST_S} s", p50 <= TARGET_LIST_S)
    expiring = count_stories(lib, StoryListing(consent="expiring"))
    rep.add("stories with consent expiring (of the filter above)", f"{expiring:,}")


def measure_verify_backup(rep: Report, lib: Library, out: Path) -> None:
    start = time.perf_counter()
    result = verify(lib)
    rep.add(f"audit verify ({result.events:,} events, {result.media:,} media) s",
            f"{time.perf_counter() - start:.1f}", "passes", result.ok)
    for problem in result.problems:
        print(f"    {problem}")
    dest = out / "scale.studio-backup"
    start = time.perf_counter()
    backup_library(lib, dest)
    seconds = time.perf_counter() - start
    size = sum(f.stat().st_size for f in lib.layout.root.rglob("*") if f.is_file())
    rep.add("backup (s)", f"{seconds:.1f}")
    rep.add("  backup size / library folder size (MB)",
            f"{dest.stat().st_size / 1e6:,.0f} / {size / 1e6:,.0f}")
    rep.add("  backup throughput (MB/s)", f"{dest.stat().st_size / 1e6 / seconds:.0f}")
    dest.unlink()


def measure_export(rep: Report, lib: Library, built: Built, out: Path) -> None:
    cores = usable_cores()
    jobs = [(built.photos[p], channel(c).recommended_size) for p, c in built.export_jobs]
    start = time.perf_counter()
    with ProcessPoolExecutor(cores, mp_context=get_context("spawn")) as pool:
        assert len(list(pool.map(raw_job, jobs, chunksize=1))) == len(jobs)
    raw_s = time.perf_counter() - start
    date_from, date_to = built.window
    before = cpu_times()
    with ChildPeak() as workers:
        start = time.perf_counter()
        result = export_posts(lib, out / "exports", date_from=date_from, date_to=date_to)
        export_s = time.perf_counter() - start
    busy = utilisation(before, cpu_times())
    assert len(result.posts) == built.sizes.exported, (len(result.posts), result.blocked[:3])
    n = len(result.posts)
    rep.add(f"raw Pillow, {len(jobs):,} pictures ({cores} processes) s",
            f"{raw_s:.1f}", f"{len(jobs) / raw_s:.1f} outputs/s")
    rep.add(f"export posts {date_from}..{date_to}: {n:,} posts s", f"{export_s:.1f}",
            f"{n / export_s:.1f} posts/s; {len(result.blocked)} blocked")
    rep.add("  export throughput / raw Pillow", f"{raw_s / export_s:.2f}",
            f">= {TARGET_RATIO}", raw_s / export_s >= TARGET_RATIO)
    rep.add("  CPU during export", ", ".join(f"{k} {v:.0%}" for k, v in busy.items()),
            f"each >= {TARGET_BUSY:.0%}", all(v >= TARGET_BUSY for v in busy.values()))
    rep.peaks["export pool worker (largest)"] = workers.mb


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0,
                        help="multiply every count (0.01 for a quick run)")
    for name in ("stories", "posts", "images", "events", "exported"):
        parser.add_argument(f"--{name}", type=int, help=f"{name} (overrides --scale)")
    add_folder_options(parser)
    args = parser.parse_args()
    sizes = Sizes.scaled(args.scale, **{k: getattr(args, k) for k in (
        "stories", "posts", "images", "events", "exported")})
    with work_folder(args.out, args.keep, "studio-bench-scale-") as out:
        run(sizes, out)
    return 0


def run(sizes: Sizes, out: Path) -> None:
    rep, load_start = Report(), os.getloadavg()
    print(f"building {sizes} in {out}", flush=True)
    with rep.phase("build"):
        built = build(out / "Scale.studio", sizes)
    with open_library(built.path, AUTHOR, password=PASSWORD) as lib:
        key = lib.raw_key.hex()
        print(*machine(lib.engine), sep="\n")
        with lib.read() as session:
            first_name = session.get_one(Subject, 1).first_name
    print(f"  built in {sum(built.seconds.values()):.0f} s: {built.counts}")
    with rep.phase("open"):
        measure_open(rep, built, key, out)
    with open_library(built.path, AUTHOR, key=bytes.fromhex(key)) as lib:
        with rep.phase("search"):
            measure_search(rep, lib, first_name)
        with rep.phase("paging"):
            measure_paging(rep, lib, sizes.stories)
        with rep.phase("verify + backup"):
            measure_verify_backup(rep, lib, out)
        with rep.phase("export"):
            measure_export(rep, lib, built, out)
    print("\npeak memory (VmHWM) by phase, MB (in this process: + the rise over what the phase"
          " inherited from the ones before)")
    for name, mb in rep.peaks.items():
        rise = f"(+{mb - rep.starts[name]:.0f})" if name in rep.starts else ""
        verdict = "" if name == "build" else \
            f"<= {TARGET_PEAK_MB} MB  {'PASS' if mb <= TARGET_PEAK_MB else 'MISS'}"
        print(f"  {name:<34}{mb:8.0f} {rise:>7}  {verdict}".rstrip())
    print("load average (1 min) " + ", ".join(f"{k} {v:.2f}" for k, v in rep.loads.items())
          + f"; at start {load_start[0]:.2f}")


if __name__ == "__main__":
    sys.exit(main())
