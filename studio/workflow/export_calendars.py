"""`export calendar`: one .ics, one spreadsheet CSV, or a scheduler's per-channel CSVs.

Scheduler tools get times moved to the slots they accept (rounded up, spaced, with notice), so
consent is checked again at each moved time. Files are written beside their final names under
hidden temporary names and renamed only after the export is recorded.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from studio.exporters import ics, scheduler_csv, spreadsheet_csv
from studio.exporters.files import PendingFiles
from studio.exporters.model import CancelFlag, ExportPost
from studio.library.library import Library
from studio.models import LibrarySetting
from studio.planning import ObservanceDates, observances_between
from studio.workflow import exports as ex
from studio.workflow.export_recovery import finish_interrupted_calendars
from studio.workflow.export_select import Blocked, Selection, consent_gap, still_exportable


def _scheduler_plan(lib: Library, fmt: scheduler_csv.SchedulerFormat, selection: Selection,
                    now: dt.datetime) -> dict[int, dt.datetime | None]:
    """Slot times for the tool; posts the tool or consent refuse move to the blocked list."""
    with lib.read() as session:
        while True:
            times, refused = scheduler_csv.plan_times(fmt, selection.ready, lib.timezone, now)
            for snap in selection.ready:
                at = times.get(snap.post_id)
                if snap.post_id not in refused and at is not None and at != snap.scheduled_at:
                    gap = consent_gap(session, snap.revision_id, at, lib.timezone)
                    if gap:
                        refused[snap.post_id] = gap
            if not refused:
                return times
            ex.late_blocked(selection, {s.display_id: refused[s.post_id]
                                        for s in selection.ready if s.post_id in refused})


def _observances(posts: list[ExportPost], tz: dt.tzinfo, date_from: dt.date | None,
                 date_to: dt.date | None) -> list[ObservanceDates]:
    days = [p.scheduled_at.astimezone(tz).date() for p in posts if p.scheduled_at]
    today = dt.datetime.now(tz).date()
    first = date_from or min([*days, today]).replace(day=1)
    last = date_to or max([*days, today])
    return observances_between(first, last)


def _calendar_name(lib: Library) -> str:
    with lib.read() as session:
        org = session.get(LibrarySetting, "organization")
    return f"{org.value if org else 'Patient Story Studio'}: content calendar"


def _render(lib: Library, fmt: str, out: Path, selection: Selection, now: dt.datetime,
            date_from: dt.date | None, date_to: dt.date | None,
            observances: bool) -> tuple[dict[Path, bytes], dict[int, Path], list[str]]:
    """The files to write, the file each post is in, and warnings."""
    posts = selection.ready
    if fmt == "ics":
        timed = [p for p in posts if p.scheduled_at is not None]
        for p in posts:
            if p.scheduled_at is None:
                selection.blocked.append(Blocked(p.display_id, p.channel, None,
                                                 "has no scheduled time (a calendar event "
                                                 "needs one)"))
        selection.ready = timed
        obs = _observances(timed, lib.timezone, date_from, date_to) if observances else []
        data = ics.build_calendar(timed, selection.cancelled, name=_calendar_name(lib),
                                  tz=lib.timezone, stamp=now, observances=obs)
        return {out: data}, {p.post_id: out for p in timed}, []
    if fmt == "csv":
        return ({out: spreadsheet_csv.spreadsheet_file(posts, lib.timezone)},
                {p.post_id: out for p in posts}, [])
    spec = scheduler_csv.FORMATS[fmt]
    times = _scheduler_plan(lib, spec, selection, now)
    suffix = out.suffix or ".csv"
    outputs, where = {}, {}
    for f in scheduler_csv.scheduler_files(spec, selection.ready, times):
        part = f"-{f.part}" if f.part > 1 else ""
        path = out.with_name(f"{out.stem}-{f.channel}{part}{suffix}")
        outputs[path] = f.data
        where.update(dict.fromkeys(f.post_ids, path))
    warnings = scheduler_csv.formula_warnings(selection.ready)
    if any(p.images for p in selection.ready):
        warnings.append(f"image columns are empty: {spec.label} takes pictures only by public "
                        "URL; attach them in the tool (export posts gives sized files)")
    return outputs, where, warnings


def write_calendar(lib: Library, fmt: str, out_file: Path, *, date_from: dt.date | None,
                   date_to: dt.date | None, observances: bool,
                   cancel: CancelFlag | None = None) -> ex.ExportResult:
    now = ex.begin(lib)
    out = ex.check_destination(lib, out_file, folder=False)
    selection = ex.select(lib, now, date_from, date_to, None)
    if not selection.ready and not (fmt == "ics" and selection.cancelled):
        return ex.ExportResult(None, "calendar", fmt, str(out),
                               blocked=tuple(selection.blocked))
    outputs, where, warnings = _render(lib, fmt, out, selection, now, date_from, date_to,
                                observances)
    if not outputs or not (selection.ready or selection.cancelled):
        return ex.ExportResult(None, "calendar", fmt, str(out),
                               blocked=tuple(selection.blocked))
    out.parent.mkdir(parents=True, exist_ok=True)
    finish_interrupted_calendars(lib, out.parent)  # before stale hidden copies are swept
    pending = PendingFiles()
    try:
        for path, data in outputs.items():
            pending.write(path, data)
        if cancel is not None and cancel.is_set():
            raise ex.ExportCancelled("export cancelled; nothing was recorded and no file "
                                     "was kept")
        with lib.write() as session:
            ex.refuse_if_changed(still_exportable(session, selection.ready, lib.timezone,
                                                  dt.datetime.now(dt.UTC)))
            params = {"out": str(out), "from": date_from.isoformat() if date_from else None,
                      "to": date_to.isoformat() if date_to else None,
                      "observances": observances,
                      "cancelled": [c.display_id for c in selection.cancelled],
                      "blocked": ex.blocked_params(selection.blocked), "warnings": warnings}
            export = ex.record(session, lib, kind="calendar", fmt=fmt, posts=selection.ready,
                               params=params)
            export_id = export.display_id
            files = {str(path): pending.files[path.name].sha256 for path in outputs}
            ex.finish_record(session, lib, export, files, selection.ready, selection.blocked)
    except BaseException:
        pending.discard()
        raise
    pending.publish()
    return ex.ExportResult(export_id, "calendar", fmt, str(next(iter(outputs))), files,
                           tuple(p.display_id for p in selection.ready),
                           tuple(selection.blocked),
                           tuple(c.display_id for c in selection.cancelled), tuple(warnings),
                           tuple(ex.ExportedItem(p.display_id, p.channel,
                                                 str(where.get(p.post_id, out)))
                                 for p in selection.ready))
