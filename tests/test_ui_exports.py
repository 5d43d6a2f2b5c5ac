"""The Exports screen through its real widgets, on real libraries with approved posts.

The native file dialogs are pointed at tmp paths (they are Qt, not our library layer); the
exports themselves run the workflow on the database worker, with the picture work in its
process pool, and the files they write are read back with real parsers.
"""

from __future__ import annotations

from pathlib import Path

import icalendar
import pytest
from exporters.builders import PostSpec, build
from factories import draft
from PIL import Image
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from pytestqt.qtbot import QtBot
from ui_fixtures import WAIT_MS, UiHarness
from ui_flows import answer_file_dialogs, click_option, exports_page, run_export, tick

from conftest import ADMIN, AUTHOR, AUTHOR_PW, COMPLIANCE
from studio.channels import channel as channel_spec
from studio.exporters.ics import post_uid
from studio.library.library import open_library
from studio.ui.exports.options_form import CALENDAR
from studio.ui.pages.exports import ExportsPage
from studio.workflow.export_history import recent_exports
from studio.workflow.post_queries import show_post


@pytest.fixture
def approved(library_path: Path) -> Path:
    """P-1 Instagram and P-2 Facebook approved with a real photo; P-3 a draft (blocked)."""
    build(library_path, [PostSpec(channel="instagram", title="Rosa on Instagram", days=3),
                         PostSpec(channel="facebook", title="Rosa on Facebook", days=4)])
    with open_library(library_path, AUTHOR, password=AUTHOR_PW) as lib:
        draft(lib, "S-1", days=5)
    return library_path


def _choose(qtbot: QtBot, page: ExportsPage) -> None:
    qtbot.mouseClick(page.form.browse_button, Qt.MouseButton.LeftButton)


def _calendar(qtbot: QtBot, page: ExportsPage, fmt: str) -> None:
    click_option(qtbot, page.form.calendar_radio)
    assert page.form.kind() == CALENDAR
    page.form.format_combo.setCurrentIndex(page.form.format_combo.findData(fmt))


def _calendar_page(qtbot: QtBot, harness: UiHarness, path: Path, fmt: str) -> ExportsPage:
    page = exports_page(harness.window(path, AUTHOR))
    _calendar(qtbot, page, fmt)
    return page


def _start_packages(qtbot: QtBot, harness: UiHarness, library_path: Path, channels: list[str],
                    out: Path, monkeypatch: pytest.MonkeyPatch) -> ExportsPage:
    """Approved posts with a photo each, and a package export of them under way."""
    build(library_path, [PostSpec(channel=c, days=2 + i) for i, c in enumerate(channels)])
    page = exports_page(harness.window(library_path, AUTHOR))
    answer_file_dialogs(monkeypatch, folder=out)
    _choose(qtbot, page)
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    # the picture work has begun: one step per picture and one per post
    qtbot.waitUntil(lambda: page.run.bar.maximum() == 2 * len(channels), timeout=WAIT_MS)
    return page


def test_calendar_export_to_ics_holds_the_approved_posts(
        qtbot: QtBot, harness: UiHarness, approved: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    page = _calendar_page(qtbot, harness, approved, "ics")
    assert "Google Calendar" in page.form.format_help.text()
    assert page.form.observances_box.isEnabled()
    tick(qtbot, page.form.observances_box)
    target = tmp_path / "out" / "content-calendar"            # the dialog adds the ending
    target.parent.mkdir()
    asked = answer_file_dialogs(monkeypatch, file=target)
    _choose(qtbot, page)
    assert asked[0].endswith("|.ics files (*.ics)") and "content-calendar.ics" in asked[0]
    assert page.form.destination.text() == f"{target}.ics"
    run_export(qtbot, page)
    assert page.outcome == "done", page.message.text()
    assert page.summary.title.text() == "E-1: 2 post(s) exported in 1 file(s); 1 blocked."
    cal = icalendar.Calendar.from_ical((tmp_path / "out" / "content-calendar.ics").read_bytes())
    events = {str(e["UID"]): e for e in cal.walk("VEVENT")}
    lib = page.ctx.lib
    for number, channel in ((1, "Instagram"), (2, "Facebook")):
        event = events[post_uid(lib.library_id, number)]
        assert str(event["SUMMARY"]) == f"{channel}: Rosa on {channel}"
        assert str(event["DESCRIPTION"]).startswith("Rosa is walking again.")
    assert post_uid(lib.library_id, 3) not in events      # the draft stays home
    assert len(events) > 2                                # the observances came along
    model = page.summary.exported.model()
    assert [[model.index(r, c).data() for c in range(3)] for r in range(model.rowCount())] == [
        ["P-1", "Instagram", "content-calendar.ics"], ["P-2", "Facebook", "content-calendar.ics"]]
    history = page.history.model
    qtbot.waitUntil(lambda: history.rowCount() == 1, timeout=WAIT_MS)
    assert [history.item(0, c).text() for c in (0, 2, 3, 4)] == ["E-1", AUTHOR,
                                                                 "calendar: ics", "2"]


def test_package_export_writes_sized_pictures_and_opens_its_folder(
        qtbot: QtBot, harness: UiHarness, approved: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    window = harness.window(approved, COMPLIANCE)        # compliance may export too
    page = exports_page(window)
    tick(qtbot, page.form.channel_boxes["instagram"])
    out = tmp_path / "packages"
    asked = answer_file_dialogs(monkeypatch, folder=out)
    _choose(qtbot, page)
    assert asked == ["Export packages to"]
    run_export(qtbot, page)
    assert page.outcome == "done", page.message.text()
    assert page.summary.title.text() == "E-1: 1 post(s) exported in 5 file(s); 1 blocked."
    folder = out / "E-1" / "P-1-instagram-rosa-on-instagram"
    with Image.open(folder / "image-1.jpg") as im:
        assert im.size == channel_spec("instagram").recommended_size
    assert (folder / "post.txt").read_text().startswith("Rosa is walking again.")
    assert (folder / "image-1.alt.txt").read_text() == "A patient on a trail"
    model = page.summary.exported.model()
    assert [model.index(0, c).data() for c in range(3)] == [
        "P-1", "Instagram", "E-1/P-1-instagram-rosa-on-instagram"]
    assert show_post(window.ctx.lib, "P-1").row.status == "exported"
    assert show_post(window.ctx.lib, "P-2").row.status == "approved"  # filtered out
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(opened.append))
    qtbot.mouseClick(page.summary.open_button, Qt.MouseButton.LeftButton)
    assert [u.toLocalFile() for u in opened] == [str((out / "E-1").resolve())]
    qtbot.mouseClick(page.summary.copy_button, Qt.MouseButton.LeftButton)
    copied = QGuiApplication.clipboard().text()
    assert copied.startswith("E-1: 1 post(s) exported")
    assert "P-1\tInstagram\tE-1/P-1-instagram-rosa-on-instagram" in copied


def test_blocked_posts_are_listed_with_their_reasons(
        qtbot: QtBot, harness: UiHarness, approved: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    page = _calendar_page(qtbot, harness, approved, "buffer")
    assert not page.form.observances_box.isEnabled()
    assert page.form.observances_box.toolTip() == "Only the ics format carries observances."
    answer_file_dialogs(monkeypatch, file=tmp_path / "buffer.csv")
    _choose(qtbot, page)
    run_export(qtbot, page)
    assert page.outcome == "done", page.message.text()
    assert (tmp_path / "buffer-instagram.csv").is_file()
    assert (tmp_path / "buffer-facebook.csv").is_file()
    blocked = page.summary.blocked.model()
    assert page.summary.blocked.isVisible() and blocked.rowCount() == 1
    assert [blocked.index(0, c).data() for c in (0, 1, 3)] == [
        "P-3", "Instagram", "Not approved (status draft)."]
    files = page.summary.exported.model()
    assert {files.index(r, 2).data() for r in range(files.rowCount())} == {
        "buffer-instagram.csv", "buffer-facebook.csv"}
    assert "P-3\tInstagram\t" in page.summary.text()
    assert page.summary.text().endswith("Not approved (status draft).") or \
        "Not approved (status draft).\n" in page.summary.text()


def test_cancel_mid_export_leaves_no_final_files_and_records_nothing(
        qtbot: QtBot, harness: UiHarness, library_path: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "packages"
    page = _start_packages(qtbot, harness, library_path, ["instagram", "facebook", "x",
                                                          "linkedin", "threads",
                                                          "google-business"], out, monkeypatch)
    assert not page.export_button.isEnabled() and not page.form.isEnabled()
    qtbot.mouseClick(page.run.cancel_button, Qt.MouseButton.LeftButton)
    assert page.run.label.text() == "Cancelling…"
    qtbot.waitUntil(lambda: page.outcome != "", timeout=60_000)
    assert page.outcome == "failed"
    assert page.message.text() == ("Export cancelled: nothing was recorded and no file was "
                                   "kept.")
    assert list(out.iterdir()) == []                     # no E-1, no staging folder
    assert recent_exports(page.ctx.lib) == []
    assert show_post(page.ctx.lib, "P-1").row.status == "approved"
    assert page.export_button.isEnabled() and not page.run.isVisible()


def test_a_bad_destination_or_range_is_refused_before_any_work(
        qtbot: QtBot, harness: UiHarness, approved: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    window = harness.window(approved, AUTHOR)
    page = exports_page(window)
    run_export(qtbot, page)
    assert page.form.destination_error.text() == "Choose where to save the export first."
    inside = approved / "exports"
    answer_file_dialogs(monkeypatch, folder=inside)
    _choose(qtbot, page)                                  # judged as soon as it is chosen
    qtbot.waitUntil(lambda: page.form.destination_error.text() != "", timeout=WAIT_MS)
    assert page.form.destination_error.text() == (
        f"{inside.resolve()} is inside the library folder; exports must go elsewhere (the "
        "library is the only place patient data may rest).")
    run_export(qtbot, page)
    assert page.outcome == "refused" and not inside.exists()
    _calendar(qtbot, page, "ics")
    page.form.destination.setText(str(tmp_path))          # typed: a folder, not a file
    run_export(qtbot, page)
    assert page.form.destination_error.text() == f"{tmp_path.resolve()} is a folder; give a " \
                                                 "file name."
    page.form.destination.setText(str(tmp_path / "cal.ics"))
    tick(qtbot, page.form.from_box, page.form.to_box)
    page.form.to_date.setDate(page.form.from_date.date().addDays(-3))
    run_export(qtbot, page)
    assert page.outcome == "refused"
    assert page.message.text().startswith("The last day ")
    assert "is before the first day" in page.message.text() and "--" not in page.message.text()
    assert not (tmp_path / "cal.ics").exists() and recent_exports(window.ctx.lib) == []


def test_a_user_without_the_role_sees_why_and_no_working_button(
        qtbot: QtBot, harness: UiHarness, approved: Path) -> None:
    page = exports_page(harness.window(approved, ADMIN))  # administrator only
    reason = "Export run needs the author or compliance role, which dana lacks."
    assert page.reason_label.isVisible() and page.reason_label.text() == reason
    assert not page.export_button.isEnabled() and page.export_button.toolTip() == reason
    assert not page.form.isEnabled()


def test_a_read_only_window_cannot_export(
        qtbot: QtBot, harness: UiHarness, approved: Path) -> None:
    page = exports_page(harness.window(approved, AUTHOR, read_only=True))
    assert not page.export_button.isEnabled()
    assert page.reason_label.text().startswith("This library is open read-only")


def test_locking_during_an_export_cancels_it(
        qtbot: QtBot, harness: UiHarness, library_path: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "packages"
    page = _start_packages(qtbot, harness, library_path, ["instagram", "facebook", "x",
                                                          "linkedin"], out, monkeypatch)
    page.window().leave()                                 # what the app does on Ctrl+L
    assert harness.worker.wait(20_000)                    # cancelled, not run to the end
    assert list(out.iterdir()) == []
    with open_library(library_path, AUTHOR, password=AUTHOR_PW, read_only=True) as lib:
        assert recent_exports(lib) == []
