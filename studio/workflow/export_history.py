"""The record of what left the library, newest first: the Exports screen's history list.

Read-only. Each row is one E-n with who ran it, when, what and in which format, how many posts
it carried and where it was written (as recorded at the time; the files may have moved since).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from studio.library.library import Library
from studio.models import Export, ExportItem, User


@dataclass(frozen=True)
class ExportRow:
    display_id: str                   # E-n
    at: dt.datetime
    username: str
    kind: str                         # posts | calendar
    format: str                       # package | ics | hootsuite | ...
    posts: int
    location: str


def recent_exports(lib: Library, *, limit: int = 20) -> list[ExportRow]:
    """The last ``limit`` exports, newest first, so staff can see what already went out."""
    counts = (select(ExportItem.export_id, func.count().label("n"))
              .group_by(ExportItem.export_id).subquery())
    query = (select(Export, User.username, func.coalesce(counts.c.n, 0))
             .join(User, User.id == Export.user_id)
             .outerjoin(counts, counts.c.export_id == Export.id)
             .order_by(Export.id.desc()).limit(limit))
    with lib.read() as session:
        return [ExportRow(export.display_id, export.at, username, export.kind, export.format,
                          int(n), _location(export.params, export.files))
                for export, username, n in session.execute(query)]


def _location(params: dict[str, object], files: dict[str, str]) -> str:
    out = str(params.get("out") or "")
    folder = params.get("folder")
    if folder:
        return str(Path(out) / str(folder))
    return next(iter(files), out)
