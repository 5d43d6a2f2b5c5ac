"""Scheduler CSVs (exact columns, dates, limits, byte-exact text) and the people's spreadsheet."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest

from conftest import AUTHOR, AUTHOR_PW
from exporters.builders import PostSpec, build
from exporters.snapshots import CHICAGO, snap
from studio.exporters import scheduler_csv as sc
from studio.exporters.spreadsheet_csv import HEADER, neutralise, spreadsheet_file
from studio.library.library import open_library
from studio.workflow.exports import export_calendar

NOW = dt.datetime(2031, 3, 1, 8, 0, tzinfo=CHICAGO)
HEADERS = {
    "buffer": ["Text", "Image URL", "Tags", "Posting Time"],
    "sprout": ["date", "time_24hr", "message_text"],
    "publer": ["Date - Intl. format or prompt", "Text",
               "Link(s) - Separated by comma for FB carousels",
               "Media URL(s) - Separated by comma", "Title - For the video, pin, PDF ..",
               "Label(s) - Separated by comma", "Alt text(s) - Separated by ||",
               "Comment(s) - Separated by ||", "Pin board, FB album, or Google category",
               "Post subtype - I.e. story, reel, PDF ..", "CTA - For Facebook links or Google",
               "Reminder - For stories, reels, shorts, and TikToks"],
}
TEXTS = ['=HYPERLINK("http://x","y")', '+1 "quoted" text, with commas\nand lines\r\nCRLF',
         "-minus", "@mention 🎉 مرحبا", "plain"]


def _read(data: bytes) -> list[list[str]]:
    text = data.decode("utf-8")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


@pytest.mark.parametrize("name", ["hootsuite", "buffer", "sprout", "publer"])
def test_columns_dates_and_text_round_trip(name: str) -> None:
    fmt = sc.FORMATS[name]
    items = [snap(i, text=t, at=dt.datetime(2031, 3, 3, 9, 2, tzinfo=CHICAGO)
                  + dt.timedelta(minutes=30 * i)) for i, t in enumerate(TEXTS, start=1)]
    times, refused = sc.plan_times(fmt, items, CHICAGO, NOW)
    assert refused == {}
    (file,) = sc.scheduler_files(fmt, items, times)
    assert file.data.startswith(b"\xef\xbb\xbf") == fmt.bom
    rows = _read(file.data)
    if name == "hootsuite":
        assert all(len(r) == 3 for r in rows) and len(rows) == len(TEXTS)
        assert rows[0][0] == "03/03/2031 09:35" and [r[1] for r in rows] == TEXTS
    else:
        assert rows[0] == HEADERS[name]
        body = [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
        text_col = {"buffer": "Text", "sprout": "message_text", "publer": "Text"}[name]
        assert [r[text_col] for r in body] == TEXTS
        if name == "buffer":
            assert body[0]["Posting Time"] == "2031-03-03 09:32" and body[0]["Image URL"] == ""
        if name == "sprout":
            assert (body[0]["date"], body[0]["time_24hr"]) == ("03/03/2031", "09:35")
        if name == "publer":
            assert body[0]["Date - Intl. format or prompt"] == "2031-03-03 09:32"
            assert all(len(r) == 12 for r in rows)
    assert len(sc.formula_warnings(items)) == 4


@pytest.mark.parametrize("name", ["hootsuite", "buffer", "sprout", "publer"])
def test_row_limit_splits_files(name: str) -> None:
    fmt = sc.FORMATS[name]
    n = fmt.max_rows * 2 + 1
    items = [snap(i, at=dt.datetime(2031, 3, 3, tzinfo=CHICAGO) + dt.timedelta(minutes=15 * i))
             for i in range(1, n + 1)]
    times, refused = sc.plan_times(fmt, items, CHICAGO, NOW)
    assert not refused
    files = sc.scheduler_files(fmt, items, times)
    assert [f.part for f in files] == [1, 2, 3]
    assert [f.rows for f in files] == [fmt.max_rows, fmt.max_rows, 1]
    header = 0 if fmt.header is None else 1
    assert [len(_read(f.data)) - header for f in files] == [fmt.max_rows, fmt.max_rows, 1]


def test_slots_snap_space_and_need_notice() -> None:
    sprout, hoot = sc.FORMATS["sprout"], sc.FORMATS["hootsuite"]
    base = dt.datetime(2031, 3, 3, 9, 1, 30, tzinfo=CHICAGO)
    items = [snap(1, at=base), snap(2, at=base), snap(3, at=base + dt.timedelta(minutes=3)),
             snap(4, at=NOW + dt.timedelta(minutes=5)), snap(5, channel="x", at=base)]
    times, refused = sc.plan_times(sprout, items, CHICAGO, NOW)
    assert [times[i].strftime("%H:%M") for i in (1, 2, 3, 5)] == ["09:05", "09:15", "09:25",
                                                                   "09:05"]
    assert "15 minutes" in refused[4]
    times, _ = sc.plan_times(hoot, items, CHICAGO, NOW)
    assert [times[i].strftime("%H:%M") for i in (1, 2, 3)] == ["09:05", "09:10", "09:15"]
    assert all(t.minute % 5 == 0 for t in times.values() if t)


def test_blank_time_only_where_the_tool_allows_it() -> None:
    item = snap(1)
    unscheduled = type(item)(**{**item.__dict__, "scheduled_at": None})
    for name, allowed in (("buffer", True), ("publer", True), ("sprout", False),
                          ("hootsuite", False)):
        times, refused = sc.plan_times(sc.FORMATS[name], [unscheduled], CHICAGO, NOW)
        assert (1 in times and times[1] is None) == allowed
        assert (1 in refused) != allowed


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "\nx",
                                  "  =cmd|' /C calc'!A0", "＝1+1", "＠x"])
def test_spreadsheet_neutralises_formulas(cell: str) -> None:
    assert neutralise(cell) == "'" + cell
    data = spreadsheet_file([snap(1, text=cell, title=cell, campaign=cell)], CHICAGO)
    rows = _read(data)
    assert rows[0] == list(HEADER)
    for value in rows[1]:
        assert not value.lstrip(" ").startswith(("=", "+", "-", "@", "\t", "\r", "\n", "＝",
                                                 "＠")), value
    assert rows[1][HEADER.index("Text")] == "'" + cell


def test_spreadsheet_keeps_ordinary_text_exact() -> None:
    text = 'Rosa said "thanks", twice;\nthen left 🎉 مرحبا'
    rows = _read(spreadsheet_file([snap(1, text=text)], CHICAGO))
    assert rows[1][HEADER.index("Text")] == text
    assert rows[1][HEADER.index("Scheduled")] == "2031-03-03 10:00"


def test_workflow_writes_one_file_per_channel(library_path: Path, tmp_path: Path) -> None:
    build(library_path, [PostSpec(channel="instagram", days=3),
                         PostSpec(channel="facebook", days=4),
                         PostSpec(channel="instagram", days=5, text="-Rosa walks again.")])
    with open_library(library_path, AUTHOR, password=AUTHOR_PW) as lib:
        result = export_calendar(lib, "buffer", tmp_path / "plan.csv")
        sheet = export_calendar(lib, "csv", tmp_path / "plan-people.csv")
    names = sorted(Path(p).name for p in result.files)
    assert names == ["plan-facebook.csv", "plan-instagram.csv"]
    assert any("starts with '-'" in w for w in result.warnings)
    assert any("public URL" in w for w in result.warnings)
    rows = _read((tmp_path / "plan-instagram.csv").read_bytes())
    assert [r[0] for r in rows[1:]] == [
        "Rosa is walking again. Thank you to our physical therapy team!", "-Rosa walks again."]
    people = _read((tmp_path / "plan-people.csv").read_bytes())
    assert "'-Rosa walks again." in [r[HEADER.index("Text")] for r in people]
    assert sheet.export_id == "E-2"
    assert not list(tmp_path.glob(".*.part"))
