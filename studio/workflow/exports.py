"""Exports: the one way approved posts leave the library, and the record of what left.

Order of work, so a crash or a kill can never let content out unrecorded: (1) select what the
gate allows; (2) write every file under hidden temporary names; (3) in ONE transaction, ask the
gate again, record the Export (E-n) with each file's SHA-256, its items, an audit event and the
posts' move to "exported"; (4) only then rename the files to their final names. A failure or a
cancel before (3) records nothing and leaves no file under a final name; a kill between (3) and
(4) leaves a recorded export whose files are still hidden (the safe side: a take-down list may
name a post that never reached a scheduler, never the reverse).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from studio.errors import BadInput, LibraryError, RuleRefused, StudioError
from studio.exporters.model import CancelFlag, ExportPost, Progress
from studio.library import audit
from studio.library.library import Library
from studio.models import Export, ExportItem, Post
from studio.workflow.access import require
from studio.workflow.export_select import Blocked, Selection, check_range, select_posts

CALENDAR_FORMATS = ("ics", "hootsuite", "buffer", "sprout", "publer", "csv")


class ExportCancelled(StudioError):
    """The person cancelled; nothing was recorded and no file was left under a final name."""

    exit_code = 1


@dataclass(frozen=True)
class ExportedItem:
    """One post that left, and where: its package folder, or the calendar file holding it."""

    post: str                         # P-n
    channel: str
    file: str


@dataclass(frozen=True)
class ExportResult:
    export_id: str | None             # E-n, or None when nothing could be exported
    kind: str                         # posts | calendar
    format: str
    location: str                     # the export's folder, or the first file written
    files: dict[str, str] = field(default_factory=dict)       # final path -> sha256
    posts: tuple[str, ...] = ()
    blocked: tuple[Blocked, ...] = ()
    cancelled: tuple[str, ...] = ()   # withdrawn posts sent as calendar cancellations
    warnings: tuple[str, ...] = ()
    items: tuple[ExportedItem, ...] = ()


def calendar_suffix(fmt: str) -> str:
    """The file name ending a calendar export in ``fmt`` is given (scheduler CSVs add the
    channel before it)."""
    return ".ics" if fmt == "ics" else ".csv"


def why_not_observances(fmt: str) -> str | None:
    """None when a calendar in ``fmt`` can carry health observances; otherwise why not."""
    return None if fmt == "ics" else "only the ics format carries observances"


def check_destination(lib: Library, path: Path, *, folder: bool) -> Path:
    """Refuse a destination inside the encrypted library, or of the wrong kind."""
    path = Path(path).expanduser().resolve()
    if path.is_relative_to(lib.layout.root.resolve()):
        raise BadInput(f"{path} (--out) is inside the library folder; exports must go "
                       "elsewhere (the library is the only place patient data may rest)")
    if folder and path.exists() and not path.is_dir():
        raise BadInput(f"{path} (--out) exists and is not a folder")
    if not folder and path.is_dir():
        raise BadInput(f"{path} (--out) is a folder; give a file name")
    return path


def begin(lib: Library) -> dt.datetime:
    require(lib.actor, "export.run")
    if lib.read_only:
        raise LibraryError("this library is open read-only; an export must be recorded, so "
                           "open it for writing")
    return dt.datetime.now(dt.UTC)


def select(lib: Library, now: dt.datetime, date_from: dt.date | None,
           date_to: dt.date | None, channels: Sequence[str] | None) -> Selection:
    check_range(date_from, date_to)
    with lib.read() as session:
        return select_posts(session, lib.library_id, lib.timezone, now, date_from=date_from,
                            date_to=date_to, channels=channels)


def record(session: Session, lib: Library, *, kind: str, fmt: str, posts: Sequence[ExportPost],
           params: dict[str, Any]) -> Export:
    """The Export row (E-n), its items and the posts' move to "exported", in the caller's
    transaction; :func:`finish_record` adds the file digests and the audit event.
    """
    export = Export(user_id=lib.actor.id, kind=kind, format=fmt, params=params, files={})
    session.add(export)
    session.flush()
    session.refresh(export)
    for snap in posts:
        session.add(ExportItem(export_id=export.id, post_id=snap.post_id,
                               revision_id=snap.revision_id, channel=snap.channel,
                               scheduled_at=snap.scheduled_at, detail=snap.digest))
        post = session.get_one(Post, snap.post_id)
        if post.status == "approved":
            post.status = "exported"
    session.flush()
    return export


def finish_record(session: Session, lib: Library, export: Export,
                  files: dict[str, str], posts: Sequence[ExportPost],
                  blocked: Sequence[Blocked]) -> None:
    export.files = files
    audit.record(session, lib.actor.username, "export.run", export.display_id,
                 {"kind": export.kind, "format": export.format,
                  "posts": [p.display_id for p in posts], "files": files,
                  "blocked": len(blocked)})


def blocked_params(blocked: Sequence[Blocked]) -> list[dict[str, str]]:
    return [{"post": b.post, "reason": b.reason} for b in blocked]


def late_blocked(selection: Selection, late: dict[str, str]) -> list[ExportPost]:
    """Move posts the gate refused at the last moment to the blocked list; return the rest."""
    kept = []
    for snap in selection.ready:
        if snap.display_id in late:
            selection.blocked.append(Blocked(snap.display_id, snap.channel,
                                             snap.scheduled_at, late[snap.display_id]))
        else:
            kept.append(snap)
    selection.ready = kept
    return kept


def export_posts(lib: Library, out_dir: Path, *, channels: Sequence[str] | None = None,
                 date_from: dt.date | None = None, date_to: dt.date | None = None,
                 progress: Progress | None = None,
                 cancel: CancelFlag | None = None) -> ExportResult:
    """Channel-ready folders for every exportable post in range, as out_dir/E-n/P-n-.../."""
    from studio.workflow.export_packages import write_packages

    return write_packages(lib, out_dir, channels=channels, date_from=date_from,
                          date_to=date_to, progress=progress, cancel=cancel)


def export_calendar(lib: Library, fmt: str, out_file: Path, *,
                    date_from: dt.date | None = None, date_to: dt.date | None = None,
                    observances: bool = False,
                    cancel: CancelFlag | None = None) -> ExportResult:
    """The content calendar as .ics, a people's spreadsheet, or a scheduler's bulk CSVs.

    ``cancel`` is asked once the files are written, before anything is recorded.
    """
    from studio.workflow.export_calendars import write_calendar

    if fmt not in CALENDAR_FORMATS:
        raise BadInput(f"--format {fmt!r}: choose from {', '.join(CALENDAR_FORMATS)}")
    refusal = why_not_observances(fmt)
    if observances and refusal:
        raise BadInput(f"--observances: {refusal}")
    return write_calendar(lib, fmt, out_file, date_from=date_from, date_to=date_to,
                          observances=observances, cancel=cancel)


def refuse_if_changed(late: dict[str, str]) -> None:
    if late:
        first = next(iter(late.items()))
        raise RuleRefused(f"export.changed: {first[0]} {first[1]} while the files were being "
                          "written; nothing was exported, run the export again")
