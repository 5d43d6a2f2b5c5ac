"""The calendar as a spreadsheet for people (Excel, Numbers, LibreOffice, Google Sheets).

Unlike the scheduler files, this one is meant to be opened in a spreadsheet, so every cell a
spreadsheet would evaluate is neutralised as OWASP's CSV-injection guidance says: a cell that
starts (even after spaces) with = + - @, a tab or a line break, or their full-width forms, gets
a leading apostrophe, which spreadsheets take as "this is text". UTF-8 with a BOM so Excel
reads accents and emoji.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from studio.channels import channel as channel_spec
from studio.exporters.model import ExportPost

HEADER = ("Post", "Channel", "Scheduled", "Time zone", "Status", "Title", "Campaign", "Text",
          "Link", "Images", "Alt texts", "Approved by", "Approved at", "Revision")
_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def neutralise(cell: str) -> str:
    """The cell as text a spreadsheet will not evaluate."""
    if cell.startswith(_TRIGGERS) or cell.lstrip(" ").startswith(_TRIGGERS):
        return "'" + cell
    return cell


def spreadsheet_file(posts: Sequence[ExportPost], tz: ZoneInfo) -> bytes:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(HEADER)
    for p in sorted(posts, key=lambda p: (p.scheduled_at is None, p.scheduled_at, p.post_id)):
        at = p.scheduled_at.astimezone(tz) if p.scheduled_at else None
        approved = p.approved_at.astimezone(tz) if p.approved_at else None
        row = [p.display_id, channel_spec(p.channel).label,
               at.strftime("%Y-%m-%d %H:%M") if at else "", tz.key, p.status, p.title,
               p.campaign or "", p.composed, p.link or "", str(len(p.images)),
               " || ".join(i.alt_text for i in p.images), p.approved_by or "",
               approved.strftime("%Y-%m-%d %H:%M") if approved else "", str(p.revision)]
        writer.writerow([neutralise(c) for c in row])
    return "\ufeff".encode() + buf.getvalue().encode("utf-8")
