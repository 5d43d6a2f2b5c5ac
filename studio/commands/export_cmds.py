"""studio export posts | calendar: approved posts out to folders, calendars and schedulers."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from studio.commands.context import Context, table

FORMATS = ("ics", "hootsuite", "buffer", "sprout", "publer", "csv")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    export = sub.add_parser("export", help="export approved posts and the content calendar") \
        .add_subparsers(dest="action", required=True, metavar="ACTION")
    p = export.add_parser("posts", help="a folder per post: text, sized pictures, manifest")
    p.add_argument("--out", required=True, metavar="DIR")
    p.add_argument("--channel", action="append", metavar="NAME", help="only this channel "
                   "(repeat for more)")
    _range(p)
    p.set_defaults(func=export_posts, writes=True)

    p = export.add_parser("calendar", help="the calendar as .ics, a spreadsheet, or a "
                          "scheduler's bulk-upload CSVs (one per channel)")
    p.add_argument("--format", required=True, choices=FORMATS)
    p.add_argument("--out", required=True, metavar="FILE",
                   help="the file; scheduler formats write FILE-CHANNEL.csv beside it")
    p.add_argument("--observances", action="store_true",
                   help="ics only: add US health observances as all-day events")
    _range(p)
    p.set_defaults(func=export_calendar, writes=True)


def _range(p: argparse.ArgumentParser) -> None:
    p.add_argument("--from", dest="date_from", metavar="DATE", help="first day (scheduled)")
    p.add_argument("--to", dest="date_to", metavar="DATE", help="last day (scheduled)")


def _dates(ctx: Context) -> dict[str, Any]:
    from studio.workflow.dates import parse_date

    a = ctx.args
    return {"date_from": parse_date(a.date_from, what="--from") if a.date_from else None,
            "date_to": parse_date(a.date_to, what="--to") if a.date_to else None}


def _progress(done: int, total: int) -> None:
    sys.stderr.write(f"\rexporting: {done}/{total}")
    if done == total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def export_posts(ctx: Context) -> int:
    from pathlib import Path

    from studio.workflow.exports import export_posts as run

    dates = _dates(ctx)
    with ctx.open(writes=True) as lib:
        result = run(lib, Path(ctx.args.out), channels=ctx.args.channel,
                     progress=_progress if sys.stderr.isatty() and not ctx.json else None,
                     **dates)
    return _report(ctx, result)


def export_calendar(ctx: Context) -> int:
    from pathlib import Path

    from studio.workflow.exports import export_calendar as run

    dates = _dates(ctx)
    with ctx.open(writes=True) as lib:
        result = run(lib, ctx.args.format, Path(ctx.args.out),
                     observances=ctx.args.observances, **dates)
    return _report(ctx, result)


def _report(ctx: Context, result: Any) -> int:
    """E-n, what was written, and the blocked list; exit 1 when everything was blocked."""
    blocked = [{"post": b.post, "channel": b.channel,
                "scheduled_at": b.scheduled_at.isoformat() if b.scheduled_at else None,
                "reason": b.reason} for b in result.blocked]
    data = {"export": result.export_id, "kind": result.kind, "format": result.format,
            "location": result.location, "posts": list(result.posts),
            "files": result.files, "blocked": blocked, "cancelled": list(result.cancelled),
            "warnings": list(result.warnings)}
    lines = []
    if result.export_id:
        lines.append(f"{result.export_id}: {len(result.posts)} post(s) exported, "
                     f"{len(result.files)} file(s), {len(blocked)} blocked")
        lines += [f"  {path}" for path in (result.files if result.kind == "calendar"
                                           else [result.location])]
    else:
        lines.append(f"nothing exported: {len(blocked)} post(s) in range, none exportable"
                     if blocked else "nothing exported: no posts in range")
    if result.cancelled:
        lines.append("cancelled in the calendar (withdrawn after an earlier export): "
                     + ", ".join(result.cancelled))
    lines += [f"warning: {w}" for w in result.warnings]
    if blocked:
        lines += ["", "blocked:", table([[b["post"], b["channel"], b["reason"]]
                                         for b in blocked], ["post", "channel", "reason"])]
    ctx.emit("\n".join(lines), data)
    return 1 if not result.export_id and blocked else 0
