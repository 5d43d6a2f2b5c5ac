"""SIGKILLs during a re-key, at every step and at random moments (bench/crash_rekey.py)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _bench():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("crash_rekey_bench",
                                                  ROOT / "bench" / "crash_rekey.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["crash_rekey_bench"] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_a_kill_at_any_step_of_a_rekey_leaves_a_library_the_others_open(tmp_path: Path) -> None:
    result = _bench().run(4, seed=5, workdir=tmp_path)
    assert result["failures"] == []
    states = result["states"]
    # Killed before the commit point: undone; after it: finished. Both really happened.
    assert {"exact:0", "exact:1", "exact:2"} <= set(states["old"])
    assert {"exact:3", "exact:4", "measure"} <= set(states["new"])
