"""Twenty SIGKILLs at random moments of the writing commands (bench/crash.py runs 200)."""

from __future__ import annotations

from pathlib import Path

import pytest
from bench_loader import load_bench


@pytest.mark.slow
def test_twenty_kills_leave_a_whole_library(tmp_path: Path) -> None:
    result = load_bench("crash.py").run(20, seed=11, workdir=tmp_path)
    assert result["failures"] == []
    assert sum(result["killed"].values()) >= 8  # most rounds really were interrupted
    # The writing commands really wrote: approvals committed and exports were checked.
    assert result["approved"] >= 1 and result["export_files"] >= 1
    assert set(result["finished"]) == {"media", "consent", "approve", "backup", "migration",
                                       "export"}
