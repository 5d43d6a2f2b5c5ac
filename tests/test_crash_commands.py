"""Twenty SIGKILLs at random moments of the writing commands (bench/crash.py runs 200)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _bench():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("crash_bench", ROOT / "bench" / "crash.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["crash_bench"] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_twenty_kills_leave_a_whole_library(tmp_path: Path) -> None:
    result = _bench().run(20, seed=11, workdir=tmp_path)
    assert result["failures"] == []
    assert sum(result["killed"].values()) >= 8  # most rounds really were interrupted
    # The writing commands really wrote: approvals committed and exports were checked.
    assert result["approved"] >= 1 and result["export_files"] >= 1
    assert set(result["finished"]) == {"media", "consent", "approve", "backup", "migration",
                                       "export"}
