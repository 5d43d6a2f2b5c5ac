"""Hostile text on its way out: spreadsheet formulas, iCalendar injection, template payloads.

Every field a person types that reaches an exported file carries a payload here: post text,
title, hashtags, alt text, the campaign name and the approving officer's display name. The
exports are made through `studio export` and read back with the csv module and icalendar;
the payloads must arrive as inert text. Builder-level cases (snapshots, not the library) are in
tests/exporters/test_csv.py and test_ics.py.

Where templates come from: studio/exporters/package.py (post text, articles) and
studio/exporters/consent_form.py (the signed form) load Jinja2 templates from the shipped
assets folder only, in a SandboxedEnvironment with StrictUndefined; no template is ever taken
from a user, and user text is only ever a value. The sandbox is still tested against the
classic escapes, in case a value ever becomes template source.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import re
import shutil
from pathlib import Path

import icalendar
import pytest
import vobject
from exporters.builders import ALL_CHANNELS, at, submit
from factories import TODAY, consented_copy, png
from jinja2.exceptions import SecurityError, UndefinedError
from sqlalchemy import select

from conftest import ADMIN, ADMIN_PW, AUTHOR, AUTHOR_PW
from hostile import corpus
from hostile.harness import ROOT, run_studio
from studio.errors import BadInput
from studio.exporters import consent_form, package
from studio.exporters.spreadsheet_csv import HEADER
from studio.library.library import Library, open_library
from studio.models import Campaign, Post
from studio.workflow import media, posts, review, users
from studio.workflow.exports import export_calendar

OFFICER, OFFICER_PW = "cora", "cora-review-password"
OFFICER_NAME = "=HYPERLINK(\"http://evil.example\",\"Cora\")"
CAMPAIGN = "@SUM(1+1)*cmd|' /C calc'!A0, Heart; Month: 2031"  # a formula, and , ; : for ICS
ALT = "+1+cmd|' /C calc'!A0 a patient smiling"
TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
EVALUATED = ("49", "<class", "uid=", "<module", "<function", "{'")  # what a payload would print


def _payload_posts() -> list[dict[str, object]]:
    """One post per payload: formulas in text and title, ICS injection, template syntax."""
    out: list[dict[str, object]] = []
    for formula in corpus.FORMULAS:
        out.append({"channel": "facebook", "text": f"{formula} Rosa walks again.",
                    "title": formula, "hashtags": [formula.strip().replace(" ", "")[:20]]})
    for injection in corpus.ICS_INJECTION:
        out.append({"channel": "facebook", "text": injection,
                    "title": injection.split("\n")[0].strip()})
    for payload in corpus.TEMPLATE_PAYLOADS:
        out.append({"channel": "blog", "text": f"{payload}\n\n{payload} <script>x</script>",
                    "title": payload[:200]})
    return out


@pytest.fixture(scope="module")
def exported_library(template_library: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Approved posts carrying every payload, approved by an officer named like a formula."""
    path = tmp_path_factory.mktemp("hostile-exports") / "Out.studio"
    subject, story = consented_copy(template_library, path, channels=ALL_CHANNELS,
                                    uses="first-name,photo,condition")
    with open_library(path, ADMIN, password=ADMIN_PW) as lib:
        users.add_user(lib, OFFICER, OFFICER_PW, ["compliance"], display_name=OFFICER_NAME)
    with open_library(path, AUTHOR, password=AUTHOR_PW) as lib:
        pic = media.import_media(lib, story, png(size=(1200, 1200)), name="p.png",
                                 alt_text=ALT, depicts=[subject]).display_id
        with lib.write() as session:  # no workflow names campaigns yet; the calendar will
            session.add(Campaign(name=CAMPAIGN, starts_on=TODAY, ends_on=TODAY.replace(
                year=TODAY.year + 1)))
        ids = []
        for n, spec in enumerate(_payload_posts()):
            row = posts.draft_post(lib, story, str(spec["channel"]), str(spec["text"]),
                                   title=str(spec["title"]),
                                   hashtags=list(spec.get("hashtags", [])),  # type: ignore
                                   media=[posts.MediaChoice(pic)],
                                   scheduled_at=at(3 + n))
            submit(lib, row.display_id)
            ids.append(row.display_id)
        with lib.write() as session:
            campaign = session.scalar(select(Campaign.id))
            for post in session.scalars(select(Post)):
                post.campaign_id = campaign
    with open_library(path, OFFICER, password=OFFICER_PW) as lib:
        for post in ids:
            review.approve_post(lib, post, OFFICER_PW, "ok")
    return path


def _copy(library: Path, tmp_path: Path) -> Path:
    dest = tmp_path / "Lib.studio"
    shutil.copytree(library, dest)
    return dest


def _calendar_via_cli(library: Path, tmp_path: Path, fmt: str, name: str) -> bytes:
    """`studio export calendar` on a copy of ``library``; the file it wrote."""
    out = tmp_path / name
    done = run_studio(_copy(library, tmp_path), ["export", "calendar", "--format", fmt,
                                                 "--out", str(out)], ROOT)
    assert done.returncode == 0, done.stderr
    return out.read_bytes()


def _rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8").removeprefix("\ufeff"),
                                       newline="")))


def test_spreadsheet_csv_neutralises_every_column_people_type(exported_library: Path,
                                                              tmp_path: Path) -> None:
    header, *body = _rows(_calendar_via_cli(exported_library, tmp_path, "csv", "plan.csv"))
    assert tuple(header) == HEADER and len(body) == len(_payload_posts())
    for row in body:
        for column, cell in zip(header, row, strict=True):
            assert not cell.lstrip(" ").startswith(TRIGGERS), (column, cell)
        cells = dict(zip(header, row, strict=True))
        assert cells["Campaign"] == "'" + CAMPAIGN
        assert cells["Approved by"] == "'" + OFFICER_NAME
        assert cells["Alt texts"] == "'" + ALT
    formulas = [dict(zip(header, r, strict=True)) for r in body[:len(corpus.FORMULAS)]]
    for cells, formula in zip(formulas, corpus.FORMULAS, strict=True):
        typed = formula.strip()  # leading tab / CR never survive input: text is stripped
        assert cells["Title"] == "'" + typed
        assert cells["Text"].startswith("'" + typed)


@pytest.mark.parametrize("fmt", ["hootsuite", "buffer", "sprout", "publer"])
def test_scheduler_csvs_keep_text_exact_and_warn_about_each_formula(
        exported_library: Path, tmp_path: Path, fmt: str) -> None:
    """A scheduler posts what it reads, so its file is not escaped; each risky text is named."""
    library = _copy(exported_library, tmp_path)
    with open_library(library, AUTHOR, password=AUTHOR_PW) as lib:
        result = export_calendar(lib, fmt, tmp_path / "plan.csv", date_from=dt.date(2000, 1, 1))
    facebook = [Path(p) for p in result.files if Path(p).name == "plan-facebook.csv"]
    assert facebook and result.export_id
    rows = _rows(facebook[0].read_bytes())
    cells = [c for r in rows for c in r]
    assert not any(c.startswith(("\t", "\r")) for c in cells)
    risky = {w.split(":")[0] for w in result.warnings if "starts with" in w}
    assert len(risky) == len(corpus.FORMULAS)  # every one of = + - @ and the stripped tab/CR


def test_ics_injection_stays_inside_its_property(exported_library: Path,
                                                 tmp_path: Path) -> None:
    data = _calendar_via_cli(exported_library, tmp_path, "ics", "plan.ics")
    assert all(b"\r" not in line and b"\n" not in line for line in data.split(b"\r\n"))
    cal = icalendar.Calendar.from_ical(data)
    events = cal.walk("VEVENT")
    assert len(events) == len(_payload_posts())
    assert cal.walk("VALARM") == [] and all("ATTENDEE" not in e for e in events)
    assert all(sorted(e.keys()) == sorted(events[0].keys()) for e in events)
    by_title = {str(e["SUMMARY"]).split(": ", 1)[1]: e for e in events}
    for injection in corpus.ICS_INJECTION:
        event = by_title[injection.split("\n")[0].strip()]
        assert str(event["DESCRIPTION"]) == injection.replace("\r\n", "\n")
    # icalendar leaves escapes in CATEGORIES when reading; vobject reads the list as written.
    for vevent in vobject.readOne(data.decode("utf-8")).vevent_list:
        assert vevent.categories.value[1:] == [CAMPAIGN]  # after the channel's label


def test_a_title_cannot_carry_a_line_break_into_a_summary(hostile_lib: Library) -> None:
    with pytest.raises(BadInput, match=r"title: contains the control character U\+000D"):
        posts.draft_post(hostile_lib, "S-1", "facebook", "Rosa walks again!",
                         title="Walk\r\nBEGIN:VEVENT")


def test_template_payloads_in_posts_print_as_typed(exported_library: Path,
                                                   tmp_path: Path) -> None:
    library = _copy(exported_library, tmp_path)
    done = run_studio(library, ["export", "posts", "--out", str(tmp_path / "out"),
                                "--channel", "blog"], ROOT)
    assert done.returncode == 0, done.stderr
    articles = sorted((tmp_path / "out").rglob("article.*"))
    assert len(articles) == 2 * len(corpus.TEMPLATE_PAYLOADS)
    for article in articles:
        text = article.read_text("utf-8")
        assert "<script>" not in text
        assert not [e for e in EVALUATED if e in text], article
    html = "".join(p.read_text("utf-8") for p in articles if p.suffix == ".html")
    for payload in corpus.TEMPLATE_PAYLOADS:
        escaped = payload.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") \
            .replace("'", "&#39;").replace('"', "&#34;")
        assert escaped in html, payload


@pytest.mark.parametrize("payload", corpus.TEMPLATE_PAYLOADS)
def test_consent_form_prints_payloads_as_text(payload: str) -> None:
    form = consent_form.AuthorizationForm(
        language="en", organization=payload, revoke_contact=payload, subject_name=payload,
        subject_dob=None, uses=("photo",), channels=("Facebook",), purpose=payload,
        remuneration=payload, expires_on=dt.date(2031, 1, 1), expiry_event=None,
        signer_type="other", signer_name=payload, signer_authority=payload,
        signed_on=dt.date(2030, 1, 1), witness=payload, signature_png=None, consent_id="C-1")
    html = consent_form.render_html(form)
    assert html.count(payload.replace("'", "&#39;").replace('"', "&#34;")
                      .replace("<", "&lt;").replace(">", "&gt;")) >= 5
    assert not [e for e in EVALUATED if e in html]
    assert dataclasses.replace(form, subject_name="Rosa").subject_name == "Rosa"


@pytest.mark.parametrize("payload", corpus.TEMPLATE_PAYLOADS)
@pytest.mark.parametrize("which", ["posts", "consent-form"])
def test_the_sandbox_refuses_the_escapes_if_a_value_ever_became_a_template(
        payload: str, which: str) -> None:
    env = package.environment() if which == "posts" else consent_form._environment()
    with pytest.raises((SecurityError, UndefinedError, OverflowError)):
        env.from_string(payload).render(text="x")


def test_templates_are_only_ever_loaded_from_the_shipped_assets() -> None:
    """No template source from anywhere else: no from_string, no Template(), sandbox only."""
    sources = {p: p.read_text("utf-8") for p in (ROOT / "studio").rglob("*.py")}
    assert not [p for p, s in sources.items() if re.search(r"from_string\(|[^.]Template\(", s)]
    envs = [p for p, s in sources.items() if re.search(r"Environment\(", s)]
    assert sorted(p.name for p in envs) == ["consent_form.py", "package.py"]
    for p in envs:
        assert "SandboxedEnvironment(" in sources[p]
        assert re.search(r"FileSystemLoader\(assets_dir\(\) / \"(templates|consent)\"\)",
                         sources[p])
