"""Acceptance: no plaintext of a marker leaves the library; `media get` returns no metadata.

Everything runs through the `studio` command in subprocesses, as a person or script would
use it, with TMPDIR pointed at a fresh folder that is byte-searched along with the library.
"""

from __future__ import annotations

import base64
import io
import logging
import os
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from conftest import AUTHOR, AUTHOR_PW
from studio.library.library import open_library
from studio.ui.app import StudioApp
from studio.ui.errors import install_excepthook
from studio.ui.pages.search import SearchPage
from studio.ui.settings import UiSettings
from studio.workflow.stories import add_story
from studio.workflow.subjects import add_subject

ROOT = Path(__file__).resolve().parents[1]
FIELDS = ("name", "title", "narrative", "alt", "filename", "description", "usercomment",
          "gps", "xmp", "comment")


def _studio(env: dict[str, str], *args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "studio.cli", *map(str, args)], env=env,
                          cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)


def _ok(env: dict[str, str], *args: str | Path) -> str:
    done = _studio(env, *args)
    assert done.returncode == 0, f"studio {args}: {done.returncode}: {done.stderr}"
    return done.stdout


def _forms(marker: str) -> list[bytes]:
    """The marker as ASCII, UTF-16-LE, and base64 at each of the three byte alignments."""
    raw = marker.encode("ascii")
    # Only the middle of each encoding is fixed by the marker alone, not by its neighbours.
    b64 = [base64.b64encode(b"\0" * pad + raw)[4:-4] for pad in range(3)]
    return [raw, marker.encode("utf-16-le"), *b64]


def _hits(roots: list[Path], markers: dict[str, str],
          skip: Path | tuple[Path, ...] = ()) -> list[tuple[str, str]]:
    """(file, field) for every marker form found in any file under ``roots``."""
    found = []
    skipped = (skip,) if isinstance(skip, Path) else skip
    for root in roots:
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            if any(path.is_relative_to(s) for s in skipped):
                continue
            data = path.read_bytes()
            found += [(str(path), field) for field, marker in markers.items()
                      for form in _forms(marker) if form in data]
    return found


def _photo_with_metadata(m: dict[str, str]) -> bytes:
    """A small JPEG with EXIF (description, user comment, GPS), an XMP packet and a COM."""
    im = Image.new("RGB", (64, 48), (30, 90, 160))
    im.paste((200, 40, 40), (8, 8, 24, 24))
    exif = Image.Exif()
    exif[0x010E] = m["description"]  # ImageDescription
    exif.get_ifd(0x8769)[0x9286] = b"ASCII\0\0\0" + m["usercomment"].encode()  # UserComment
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (41.0, 52.0, 55.0), 3: "W", 4: (87.0, 37.0, 40.0)})
    gps[0x1C] = b"ASCII\0\0\0" + m["gps"].encode()  # GPSAreaInformation
    xmp = ('<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/'
           f'22-rdf-syntax-ns#"><rdf:Description>{m["xmp"]}</rdf:Description></rdf:RDF>'
           "</x:xmpmeta>").encode()
    out = io.BytesIO()
    im.save(out, format="JPEG", quality=90, exif=exif.tobytes(), xmp=xmp,
            comment=m["comment"].encode())
    return out.getvalue()


@pytest.fixture
def cli_env(library_path: Path, tmp_path: Path) -> dict[str, str]:
    """The CLI as alex on the fixture's library copy, with a fresh, searchable TMPDIR."""
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("STUDIO_")}
    env.update(STUDIO_LIBRARY=str(library_path), STUDIO_USER=AUTHOR, STUDIO_PASSWORD=AUTHOR_PW,
               TMPDIR=str(temp), TEMP=str(temp), TMP=str(temp), PYTHONPATH=str(ROOT),
               PYTHONDONTWRITEBYTECODE="1")
    return env


def test_markers_never_reach_disk_and_media_get_has_no_metadata(
        cli_env: dict[str, str], library_path: Path, tmp_path: Path) -> None:
    m = {field: f"{field}-{uuid.uuid4().hex}" for field in FIELDS}
    inputs = tmp_path / "inputs"  # what the person starts from; the one folder not searched
    inputs.mkdir()
    (inputs / "story.txt").write_text(f"She walked again in May. {m['narrative']}\n", "utf-8")
    photo = inputs / f"IMG_{m['filename']}.jpg"
    photo.write_bytes(_photo_with_metadata(m))
    source = Image.open(photo)  # the input really carries what must be stripped
    assert source.getexif().get_ifd(0x8825)[1] == "N" and {"xmp", "comment"} <= set(source.info)
    # ... and the search finds each marker where it really is.
    assert {field for _, field in _hits([inputs], m)} == {
        "narrative", "description", "usercomment", "gps", "xmp", "comment"}
    for pad in range(3):  # base64 is caught wherever the marker sits in the encoded stream
        wrapped = base64.b64encode(b"#" * pad + m["name"].encode() + b"##")
        assert any(form in wrapped for form in _forms(m["name"]))
    temp = Path(cli_env["TMPDIR"])

    subject = _ok(cli_env, "subject", "add", "--name", f"Maria {m['name']}").strip()
    assert subject.startswith("PT-")
    story = _ok(cli_env, "story", "add", "--subject", subject, "--title", m["title"],
                "--text-file", inputs / "story.txt").strip()
    assert story.startswith("S-")
    media = _ok(cli_env, "media", "add", story, photo, "--alt", m["alt"]).strip()
    assert media.startswith("M-")
    assert story in _ok(cli_env, "story", "list")
    shown = _ok(cli_env, "story", "show", story)
    assert all(m[f] in shown for f in ("name", "title", "narrative")) and media in shown
    assert _ok(cli_env, "audit", "verify").startswith("OK:")
    _ok(cli_env, "backup", temp / "library.studio-backup")
    out = temp / "exported.jpg"
    _ok(cli_env, "media", "get", media, "--out", out)

    searched = [p for p in tmp_path.rglob("*") if p.is_file() and not p.is_relative_to(inputs)]
    assert {library_path / "library.db", library_path / "keys.json", out,
            temp / "library.studio-backup"} <= set(searched)
    assert any(p.is_relative_to(library_path / "media") for p in searched)
    # The library's parent is searched too: a stray sibling temp file would be a leak.
    assert _hits([tmp_path], m, skip=inputs) == []

    data = out.read_bytes()
    exported = Image.open(io.BytesIO(data))
    assert exported.format == "JPEG" and exported.size == (64, 48)
    assert len(exported.getexif()) == 0
    assert not {"exif", "xmp", "comment"} & set(exported.info)
    for needle in (b"Exif\0\0", b"GPS", b"http://ns.adobe.com/xap", b"xmpmeta"):
        assert needle not in data


# ---------------------------------------------------------------- the desktop app


def test_a_desktop_session_leaves_no_marker_in_settings_logs_or_temp(
        qtbot: QtBot, library_path: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The whole workflow, then the app: sign in (remember me), search a patient by name,
    open the story, crash once, quit. The app's settings (QSettings ini), the log (every
    logger at DEBUG into a file), the temp folder and the library hold no marker, and no
    password. Exports are plaintext by design and are the one folder not searched."""
    m = {field: f"{field}-{uuid.uuid4().hex}" for field in FIELDS}
    m["password"] = AUTHOR_PW
    temp, exports, logs = tmp_path / "tmp", tmp_path / "exports", tmp_path / "logs"
    for folder in (temp, logs):
        folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    photo = _photo_with_metadata(m)  # made before logging starts: its maker logs the EXIF
    handler = logging.FileHandler(logs / "studio.log", encoding="utf-8")
    root = logging.getLogger()
    root.addHandler(handler)
    monkeypatch.setattr(root, "level", logging.DEBUG)
    try:
        _whole_workflow(library_path, m, photo, exports)
        settings = UiSettings.at(tmp_path / "ui.ini")
        app = StudioApp(library_path, settings, user=AUTHOR)
        try:
            _desktop_session(qtbot, app, m, monkeypatch)
        finally:
            app.quit()
        settings.sync()
    finally:
        root.removeHandler(handler)
        handler.close()

    assert settings.last_user == AUTHOR and (tmp_path / "ui.ini").stat().st_size > 0
    log_text = (logs / "studio.log").read_text("utf-8")
    assert "unexpected error: builtins.ValueError" in log_text  # the crash really was logged
    assert any(exports.rglob("post.txt"))  # the workflow really ran to the export
    assert _hits([tmp_path], m, skip=exports) == []


def _whole_workflow(library_path: Path, m: dict[str, str], photo_bytes: bytes,
                    exports: Path) -> None:
    """Subject, story, photo with metadata, consent, post, review, export: as the demo does."""
    from factories import consent, when

    from conftest import COMPLIANCE, COMPLIANCE_PW
    from studio.workflow import media, posts, review
    from studio.workflow.exports import export_posts

    with open_library(library_path, AUTHOR, password=AUTHOR_PW) as lib:
        person = add_subject(lib, f"Maria {m['name']}").display_id
        story = add_story(lib, person, m["title"], f"She walked again. {m['narrative']}")
        consent(lib, person, channels="instagram", uses="first-name,photo")
        photo = media.import_media(lib, story.display_id, photo_bytes,
                                   name=f"IMG_{m['filename']}.jpg", alt_text=m["alt"],
                                   depicts=[person]).display_id
        post = posts.draft_post(lib, story.display_id, "instagram",
                                "Maria walks again. Thank you to our physical therapy team!",
                                media=[posts.MediaChoice(photo)], scheduled_at=when(5))
        review.submit_post(lib, post.display_id, {f.rule: "Reviewed." for f in
                                                  review.check_post(lib, post.display_id)[2]})
    with open_library(library_path, COMPLIANCE, password=COMPLIANCE_PW) as lib:
        review.approve_post(lib, post.display_id, COMPLIANCE_PW, "ok")
    with open_library(library_path, AUTHOR, password=AUTHOR_PW) as lib:
        export_posts(lib, exports)


def _desktop_session(qtbot: QtBot, app: StudioApp, m: dict[str, str],
                     monkeypatch: pytest.MonkeyPatch) -> None:
    app.start(auto=False)
    dialog = app.dialog
    assert dialog is not None
    dialog.remember_box.setChecked(True)
    qtbot.keyClicks(dialog.password_edit, AUTHOR_PW)
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: app.window is not None and app.window.isVisible(), timeout=10_000)
    window = app.window
    assert window is not None
    qtbot.keyClicks(window.search_edit, m["name"])  # a patient searched by name
    qtbot.waitUntil(lambda: window.current_key() == "search", timeout=10_000)
    page = window.page("search")
    assert isinstance(page, SearchPage)
    qtbot.waitUntil(lambda: [h.kind for h in page.hits] == ["subject"], timeout=10_000)
    window.search_edit.clear()
    qtbot.keyClicks(window.search_edit, m["narrative"])  # and a story by its text
    qtbot.waitUntil(lambda: [h.kind for h in page.hits] == ["story"], timeout=10_000)
    # A crash whose message quotes patient text (as a database error quotes its values).
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: None)
    previous = install_excepthook()
    try:
        try:
            raise ValueError(f"cannot save {m['name']}: {m['narrative']}")
        except ValueError as exc:
            sys.excepthook(type(exc), exc, exc.__traceback__)
    finally:
        sys.excepthook = previous
    window.leave()  # what closing the window does: saves its shape to the settings


# ---------------------------------------------------------------- errors a person can cause


@pytest.fixture
def story_id(library_path: Path) -> str:
    with open_library(library_path, AUTHOR, password=AUTHOR_PW) as lib:
        subject = add_subject(lib, "Error Case")
        return add_story(lib, subject.display_id, "Errors", "Some text.").display_id


Case = Callable[[dict[str, str], Path], list[str]]  # edits the env, returns the argv


def _wrong_password(env: dict[str, str], tmp: Path) -> list[str]:
    env["STUDIO_PASSWORD"] = "not-alex-password-4711"
    return ["story", "list"]


def _missing_library(env: dict[str, str], tmp: Path) -> list[str]:
    env["STUDIO_LIBRARY"] = str(tmp / "Nowhere.studio")
    return ["story", "list"]


def _missing_text(env: dict[str, str], tmp: Path) -> list[str]:
    return ["story", "add", "--subject", "PT-1", "--title", "T", "--text-file",
            str(tmp / "missing.txt")]


def _unknown_subject(env: dict[str, str], tmp: Path) -> list[str]:
    (tmp / "ok.txt").write_text("A story.", "utf-8")
    return ["story", "add", "--subject", "PT-999", "--title", "T", "--text-file",
            str(tmp / "ok.txt")]


# Hostile files (images that are text, truncated, bombs, ...) are refused through `studio` in
# tests/hostile/test_hostile_inputs.py.


@pytest.mark.parametrize(("case", "code", "named"), [
    pytest.param(_wrong_password, 3, "password", id="wrong-password"),
    pytest.param(_missing_library, 2, "Nowhere.studio", id="missing-library"),
    pytest.param(lambda env, tmp: ["story", "show", "S-999"], 2, "S-999", id="story-S-999"),
    pytest.param(lambda env, tmp: ["story", "show", "banana"], 2, "banana", id="story-banana"),
    pytest.param(lambda env, tmp: ["media", "get", "banana", "--out", str(tmp / "x.jpg")], 2,
                 "banana", id="media-banana"),
    pytest.param(_missing_text, 2, "missing.txt", id="missing-text-file"),
    pytest.param(_unknown_subject, 2, "PT-999", id="unknown-subject"),
])
def test_cli_errors_are_one_line_with_the_documented_code(
        case: Case, code: int, named: str, cli_env: dict[str, str], story_id: str,
        tmp_path: Path) -> None:
    assert story_id == "S-1"  # the ids the cases name exist (or, for 999, do not)
    args = case(cli_env, tmp_path)
    done = _studio(cli_env, *args)
    assert done.returncode == code, done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("studio: ") and named in lines[0], lines
    assert done.stdout == ""
    assert "not-alex-password-4711" not in done.stderr
