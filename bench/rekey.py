"""How long disabling a user takes, now that it re-keys the library.

    python bench/rekey.py [--stories 100000] [--out DIR] [--keep]

Builds a library of ~1 KB stories (the insert of bench/library.py), then times
`users.disable_user` (copy with VACUUM INTO, PRAGMA rekey on the copy, publish) and prints
the database size, the time of each step and the peak memory of this process.
"""

# ruff: noqa: E402  (the studio imports follow the sys.path line that makes them importable)
from __future__ import annotations

import importlib.util
import itertools
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from studio.library.library import open_library
from studio.workflow import users


def _library_bench():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("bench_library", ROOT / "bench" / "library.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_library"] = module
    spec.loader.exec_module(module)
    return module


def report(n: int, out: Path) -> None:
    bench = _library_bench()
    lib = bench.create_library(out / "Rekey.studio", admin=bench.USER, password=bench.PASSWORD,
                               kdf=bench.MINIMUM_KDF)
    users.add_user(lib, "leaver", "leaver long password", ["author"])
    users.add_user(lib, "stayer", "stayer long password", ["compliance"])
    bench.insert_stories([lib.engine], n)
    lib.close()
    db = out / "Rekey.studio" / "library.db"
    print(f"{n:,} stories, library.db {db.stat().st_size / 2**20:.0f} MiB")
    with open_library(out / "Rekey.studio", bench.USER, password=bench.PASSWORD) as lib:
        marks: list[tuple[str, float]] = [("checks and key-file lock", time.perf_counter())]
        result = users.disable_user(
            lib, "leaver", progress=lambda step: marks.append((step, time.perf_counter())))
        marks.append(("done", time.perf_counter()))
    for (step, at), (_, nxt) in itertools.pairwise(marks):
        print(f"  {step:<40} {nxt - at:6.2f} s")
    print(f"disable_user total {marks[-1][1] - marks[0][1]:.2f} s (re-key {result.generation}); "
          f"peak RSS {bench.peak_mb():.0f} MB")
    with open_library(out / "Rekey.studio", "stayer", password="stayer long password") as lib:
        assert lib.raw_key  # the remaining user still opens it


if __name__ == "__main__":
    sys.exit(_library_bench().run_main(__doc__ or "", report, "studio-rekey-"))
