"""The take-down list after a revocation, as a CSV for spreadsheets or a PDF to print and sign off.

The list names every post that relied on the revoked consent: the ones already sent out (in an
export E-n, or published) must be taken down where they went, by a person, who initials the
row on the printed copy. Only display ids, channels, times and statuses are on it: no story
text and no patient name, so it can be handed to whoever manages the scheduler.

The CSV is opened in spreadsheets, so every cell is neutralised the way the calendar
spreadsheet is (OWASP's CSV-injection advice).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol
from zoneinfo import ZoneInfo

from fpdf import FontFace

from studio.channels import all_channels
from studio.exporters.pdf_pages import FONT, StudioPDF, new_pdf
from studio.exporters.spreadsheet_csv import neutralise

HEADER = ("post", "channel", "scheduled_at", "status_before", "exports", "must_act")
PDF_COLUMNS = ("Post", "Channel", "Scheduled", "Status it was in", "Exports",
               "Action needed", "Done by (initials, date)")
_WIDTHS = (16, 26, 30, 26, 34, 40, 50)   # proportions of the table width, in column order
_INK = (20, 40, 80)


class TakedownLine(Protocol):
    """One withdrawn post (the workflow's ``TakedownItem`` is one)."""

    @property
    def post(self) -> str: ...
    @property
    def channel(self) -> str: ...
    @property
    def scheduled_at(self) -> dt.datetime | None: ...
    @property
    def status_before(self) -> str: ...
    @property
    def exports(self) -> tuple[str, ...]: ...
    @property
    def must_act(self) -> bool: ...


@dataclass(frozen=True)
class TakedownSheet:
    """What the printed list says around its rows."""

    consent_id: str
    organization: str
    received_on: dt.date | None        # when the revocation arrived (effective that day)
    received_how: str
    generated_at: dt.datetime          # aware; printed in ``zone``
    zone: ZoneInfo
    items: Sequence[TakedownLine]


def _when(moment: dt.datetime | None, zone: ZoneInfo, empty: str) -> str:
    """A moment as a clock time in the library's zone, as the screens show it."""
    if moment is None:
        return empty
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def _channel_label(name: str) -> str:
    spec = all_channels().get(name)
    return spec.label if spec else name


def takedown_csv(items: Sequence[TakedownLine], zone: ZoneInfo) -> bytes:
    """UTF-8 with a BOM (Excel then reads accents), CRLF rows, every cell neutralised."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for item in items:
        row = (item.post, item.channel, _when(item.scheduled_at, zone, ""),
               item.status_before, " ".join(item.exports), "yes" if item.must_act else "no")
        writer.writerow([neutralise(str(cell)) for cell in row])
    return out.getvalue().encode("utf-8-sig")


def takedown_pdf(sheet: TakedownSheet) -> bytes:
    """The list on Letter landscape: heading, the facts of the revocation, one row per post
    with an empty cell for the initials of the person who took it down."""
    generated = sheet.generated_at.astimezone(sheet.zone)
    pdf = new_pdf(f"Take-down list {sheet.consent_id}",
                  f"Take-down list {sheet.consent_id} · generated "
                  f"{generated:%Y-%m-%d %H:%M} {sheet.zone.key}",
                  created=sheet.generated_at, landscape=True)
    pdf.set_font(FONT, "B", 16)
    pdf.set_text_color(*_INK)
    pdf.multi_cell(0, 8, f"Take-down list for consent {sheet.consent_id}",
                   new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "B", 12)
    pdf.multi_cell(0, 7, sheet.organization or "(organization not set)",
                   new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    pdf.set_font(FONT, size=10.5)
    received = sheet.received_on.isoformat() if sheet.received_on else "not recorded"
    for line in (f"Revocation received on {received}, {sheet.received_how or 'how not recorded'}.",
                 f"Generated {generated:%Y-%m-%d %H:%M} ({sheet.zone.key}).",
                 _summary(sheet.items)):
        pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    if sheet.items:
        _table(pdf, sheet)
        pdf.ln(4)
        pdf.set_font(FONT, size=9.5)
        pdf.multi_cell(0, 5, "Whoever takes a post down (in the scheduler, or on the channel if "
                       "it was published) initials and dates its row. Keep this sheet with "
                       "the revocation.", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _summary(items: Sequence[TakedownLine]) -> str:
    if not items:
        return "No post relied on this consent, so nothing needs taking down."
    act = sum(1 for i in items if i.must_act)
    return (f"{len(items)} post(s) were withdrawn; {act} of them already left the library and "
            "must be taken down where they were sent.")


def _table(pdf: StudioPDF, sheet: TakedownSheet) -> None:
    pdf.set_font(FONT, size=9.5)
    heading = FontFace(emphasis="BOLD", color=(255, 255, 255), fill_color=_INK)
    with pdf.table(col_widths=_WIDTHS, headings_style=heading, line_height=7,
                   text_align="LEFT", repeat_headings=1) as table:
        row = table.row()
        for title in PDF_COLUMNS:
            row.cell(title)
        for item in sheet.items:
            row = table.row()
            for value in (item.post, _channel_label(item.channel),
                          _when(item.scheduled_at, sheet.zone, "not scheduled"),
                          item.status_before, ", ".join(item.exports) or "none",
                          "Take it down" if item.must_act else "None: it never left",
                          ""):
                row.cell(value)
