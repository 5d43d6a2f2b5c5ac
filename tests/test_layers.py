"""The layer rules of ARCHITECTURE.md, checked on the source so they cannot quietly erode."""

from __future__ import annotations

import ast
from pathlib import Path

STUDIO = Path(__file__).resolve().parents[1] / "studio"


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def _modules(exclude: str | None = None) -> list[Path]:
    return [p for p in STUDIO.rglob("*.py") if exclude is None or exclude not in p.parts]


def test_nothing_below_ui_imports_qt() -> None:
    offenders = [str(p.relative_to(STUDIO)) for p in _modules(exclude="ui")
                 if any(n.split(".")[0] in {"PySide6", "shiboken6", "PyQt6"}
                        for n in _imports(p))]
    assert offenders == []


def test_core_layers_do_not_import_upwards() -> None:
    rules = {"library": ("studio.workflow", "studio.commands", "studio.cli", "studio.ui",
                         "studio.exporters", "studio.checks"),
             "models": ("studio.library", "studio.workflow", "studio.commands", "studio.ui"),
             "workflow": ("studio.commands", "studio.cli", "studio.ui")}
    offenders = []
    for layer, banned in rules.items():
        for path in (STUDIO / layer).rglob("*.py"):
            bad = [n for n in _imports(path) if n.startswith(banned)]
            if bad:
                offenders.append(f"{path.relative_to(STUDIO)} imports {bad}")
    assert offenders == []


def test_cli_and_ui_do_not_import_each_other() -> None:
    cli_side = [STUDIO / "cli.py", *(STUDIO / "commands").rglob("*.py")]
    for path in cli_side:
        assert not [n for n in _imports(path) if n.startswith("studio.ui")
                    and path.name != "cli.py"], path
    for path in (STUDIO / "ui").rglob("*.py"):
        assert not [n for n in _imports(path) if n.startswith(("studio.commands",
                                                                "studio.cli"))], path
