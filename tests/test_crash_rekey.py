"""SIGKILLs during a re-key, at every step and at random moments (bench/crash_rekey.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from bench_loader import load_bench


@pytest.mark.slow
def test_a_kill_at_any_step_of_a_rekey_leaves_a_library_the_others_open(tmp_path: Path) -> None:
    result = load_bench("crash_rekey.py").run(4, seed=5, workdir=tmp_path)
    assert result["failures"] == []
    states = result["states"]
    # Killed before the commit point: undone; after it: finished. Both really happened.
    assert {"exact:0", "exact:1", "exact:2"} <= set(states["old"])
    assert {"exact:3", "exact:4", "measure"} <= set(states["new"])
