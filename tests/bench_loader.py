"""Load a bench/ script as a module, so a test can run a small version of its loop."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]


def load_bench(filename: str) -> ModuleType:
    name = f"bench_{Path(filename).stem}"
    spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / filename)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module
