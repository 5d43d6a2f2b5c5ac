"""Build the one-folder app (`make package`) and tell whether an existing build is current.

The bundle records a fingerprint of everything that goes into it (the studio's code, assets/,
the spec, pyproject.toml) in ``build-info.json``. tests/test_packaging.py compares it with the
checkout so it smoke-tests the app that the sources make today, never a stale one, and
rebuilds only when something changed. Run it with the interpreter that has PyInstaller:

    .venv/bin/python packaging/build.py            # build (prints the time and the size)
    .venv/bin/python packaging/build.py --check    # exit 0 when dist/ is current, else 1
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NAME = "PatientStoryStudio"
DIST = ROOT / "dist"
WORK = ROOT / "build"
SPEC = ROOT / "packaging" / "studio.spec"
BUNDLE = DIST / NAME
INFO = "build-info.json"
INPUTS = ("studio", "assets", "packaging/studio.spec", "packaging/studio_main.py",
          "pyproject.toml")


def executable(bundle: Path = BUNDLE) -> Path:
    """The `studio` program inside a bundle (studio.exe on Windows)."""
    return bundle / ("studio.exe" if sys.platform == "win32" else "studio")


def version() -> str:
    """studio.__version__, read from the source (this script runs without the studio)."""
    text = (ROOT / "studio" / "__init__.py").read_text(encoding="utf-8")
    found = re.search(r'^__version__ = "([^"]+)"', text, re.MULTILINE)
    if found is None:
        raise SystemExit("studio/__init__.py has no __version__")
    return found.group(1)


def fingerprint(root: Path = ROOT) -> str:
    """SHA-256 over the path and bytes of every input file (caches ignored)."""
    digest = hashlib.sha256()
    for name in INPUTS:
        top = root / name
        files = [top] if top.is_file() else sorted(p for p in top.rglob("*") if p.is_file())
        for path in files:
            if "__pycache__" in path.parts or path.suffix == ".pyc":
                continue
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def is_current(bundle: Path = BUNDLE) -> bool:
    """True when ``bundle`` was built from exactly the sources in this checkout."""
    try:
        info = json.loads((bundle / INFO).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return executable(bundle).is_file() and info.get("fingerprint") == fingerprint()


def size_of(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def build() -> dict[str, object]:
    """Run PyInstaller on the spec; returns what build-info.json records."""
    sources = fingerprint()  # taken first: an edit during the build makes the result stale
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
                    "--distpath", str(DIST), "--workpath", str(WORK), str(SPEC)],
                   cwd=ROOT, check=True)
    seconds = round(time.monotonic() - started, 1)
    info: dict[str, object] = {"version": version(), "fingerprint": sources,
                               "build_seconds": seconds, "size_bytes": size_of(BUNDLE),
                               "platform": sys.platform}
    (BUNDLE / INFO).write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    return info


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only say whether dist/ is current")
    if parser.parse_args().check:
        current = is_current()
        print(f"{BUNDLE}: {'current' if current else 'missing or stale'}")
        return 0 if current else 1
    info = build()
    size = int(str(info["size_bytes"])) / 2**20
    print(f"Built {executable()} (studio {info['version']}) in {info['build_seconds']} s; "
          f"{size:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
