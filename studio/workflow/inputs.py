"""Reading files a person points us at, with one set of messages for what can go wrong."""

from __future__ import annotations

from pathlib import Path

from studio.errors import BadInput


def read_input_file(path: Path | str, *, max_bytes: int, what: str = "") -> bytes:
    """The whole file, or BadInput naming the file and the problem (never a traceback)."""
    p = Path(path)
    label = f"{what}: {p}" if what else str(p)
    try:
        size = p.stat().st_size
        if size > max_bytes:
            raise BadInput(f"{label}: is {size:,} bytes; the limit is {max_bytes:,}")
        return p.read_bytes()
    except FileNotFoundError as exc:
        raise BadInput(f"{label}: no such file") from exc
    except IsADirectoryError as exc:
        raise BadInput(f"{label}: is a folder, not a file") from exc
    except OSError as exc:
        raise BadInput(f"{label}: cannot be read ({exc.strerror})") from exc


def check_output_file(path: Path | str) -> Path:
    """A file path we may write: not a folder, in a folder that exists."""
    p = Path(path)
    if p.is_dir():
        raise BadInput(f"{p}: is a folder; give a file name")
    if not p.parent.is_dir():
        raise BadInput(f"{p.parent}: no such folder")
    return p
