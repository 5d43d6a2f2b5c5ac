"""Hostile files and values through the doors a person uses: the workflow and `studio`.

Every case is refused with one line naming the problem and leaves the library as it was
(same rows, same encrypted files, `audit verify` passes), or is accepted and stored safely.
The messages of the image checks themselves are pinned in tests/test_images.py and hidden
characters in tests/test_text_input.py; here the same inputs go in through import, story,
subject and consent, as the app and the command take them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select

from hostile import corpus
from hostile.harness import CliCase, CliRun, assert_one_line_refusal, library_state, run_cases
from studio.errors import BadInput
from studio.library.library import Library
from studio.models import MediaAsset
from studio.workflow import media, stories, subjects
from studio.workflow.dates import parse_date, parse_time

# ---------------------------------------------------------------- files: (name, bytes, named)

IMAGES: dict[str, tuple[str, Callable[[], bytes], str]] = {
    **{f"zero-byte-{ext}": (f"empty.{ext}", lambda: b"", "the file is empty")
       for ext in ("jpg", "png", "webp", "gif")},
    **{f"truncated-{fmt.lower()}": (f"cut.{fmt.lower()}", lambda fmt=fmt: corpus.truncated(fmt),
                                    "truncated or damaged")
       for fmt in ("JPEG", "PNG", "WEBP", "GIF")},
    "bomb-png-header": ("bomb.png", lambda: corpus.png_claiming(40000, 40000),
                        "40000 x 40000 pixels"),
    "bomb-jpeg-header": ("bomb.jpg", lambda: corpus.jpeg_claiming(65000, 65000),
                         "65000 x 65000 pixels"),
    "bomb-gif-header": ("bomb.gif", lambda: corpus.gif_claiming(65535, 65535),
                        "65535 x 65535 pixels"),
    "bomb-webp-canvas": ("bomb.webp", lambda: corpus.webp_claiming(16384, 16384),
                         "truncated or damaged"),
    "bomb-png-text-chunk": ("chart.png", corpus.png_text_bomb, "decompression bomb"),
    "absurd-dimensions": ("strip.png", lambda: corpus.png_claiming(1, 30000),
                          "1 x 30000 pixels"),
    "html-as-jpeg": ("photo.jpg", lambda: corpus.HTML_PAGE, "HTML page"),
    "zip-as-png": ("photo.png", corpus.zip_archive, "ZIP archive"),
    "svg": ("logo.svg", lambda: corpus.SVG_IMAGE, "SVG images are not accepted"),
    "svg-as-png": ("logo.png", lambda: corpus.SVG_IMAGE, "SVG images are not accepted"),
    "text-as-jpeg": ("notes.jpg", lambda: b"Not a photo at all.\n", "text file"),
    "cr-lf-in-file-name": (corpus.HOSTILE_FILE_NAMES["cr-lf"], lambda: b"notes\n",
                           r"photo\r\nstudio: forged line.png"),
}
TEXTS: dict[str, tuple[bytes, str]] = {
    "ten-mb-text": (corpus.TEN_MB, "the limit is"),
    "nul-bytes": (corpus.NUL_TEXT, "NUL byte"),
    "bidi-override": (corpus.BIDI_OVERRIDE.encode(), "U+202E"),
}


def _media_case(name: str, build: Callable[[], bytes]) -> CliCase:
    def argv(folder: Path) -> list[str]:
        (folder / name).write_bytes(build())
        return ["media", "add", "S-1", str(folder / name), "--alt", "A photo",
                "--depicts", "PT-1"]
    return argv


def _story_case(data: bytes) -> CliCase:
    def argv(folder: Path) -> list[str]:
        (folder / "story.txt").write_bytes(data)
        return ["story", "add", "--subject", "PT-1", "--title", "T", "--text-file",
                str(folder / "story.txt")]
    return argv


def _dated(flag: str, value: str) -> CliCase:
    def argv(folder: Path) -> list[str]:
        (folder / "sig.png").write_bytes(corpus.encoded("PNG"))
        if flag == "--at":
            (folder / "post.txt").write_text("Rosa walks again!", "utf-8")
            return ["post", "draft", "S-1", "--channel", "facebook", "--text-file",
                    str(folder / "post.txt"), "--at", f"{value}T10:00"]
        dates = {"--signed-on": dt.date.today().isoformat(), "--expires": "2099-01-01",
                 flag: value}
        return ["consent", "add", "PT-1", "--signed-on", dates["--signed-on"], "--expires",
                dates["--expires"], "--channels", "facebook", "--uses", "photo",
                "--signature", str(folder / "sig.png")]
    return argv


# Each `studio` process costs about a second of CPU, so the command runs one case of each
# kind of refusal (the file's name does not matter: content decides); the workflow tests
# below run every case.
CLI_IMAGES = ("zero-byte-jpg", "truncated-jpeg", "bomb-png-header", "bomb-png-text-chunk",
              "absurd-dimensions", "html-as-jpeg", "zip-as-png", "svg", "text-as-jpeg",
              "cr-lf-in-file-name")
REFUSED: dict[str, tuple[CliCase, tuple[str, ...]]] = {
    **{case: (_media_case(*IMAGES[case][:2]), (IMAGES[case][2],)) for case in CLI_IMAGES},
    **{case: (_story_case(data), (named,)) for case, (data, named) in TEXTS.items()},
    # parse_date serves --signed-on and --expires alike; every value is tried below.
    **{f"date{flag}-{value}": (_dated(flag, value), (value, flag))
       for flag, value in (("--expires", "2026-02-30"), ("--at", "2026-13-01"))},
}


@pytest.fixture(scope="module")
def refused_runs(hostile_template: Path, tmp_path_factory: pytest.TempPathFactory
                 ) -> dict[str, CliRun]:
    return run_cases(hostile_template, tmp_path_factory.mktemp("refused"),
                     {case: argv for case, (argv, _) in REFUSED.items()})


@pytest.mark.parametrize("case", REFUSED)
def test_cli_refuses_in_one_line_and_changes_nothing(case: str,
                                                     refused_runs: dict[str, CliRun]) -> None:
    run = refused_runs[case]
    line = assert_one_line_refusal(run.done, *REFUSED[case][1])
    assert "\r" not in line and "forged" not in line.split(":", 2)[1]  # no second line forged
    assert library_state(run.library) == run.before


@pytest.mark.parametrize("case", IMAGES)
def test_import_refuses_and_stores_nothing(case: str, hostile_lib: Library) -> None:
    name, build, named = IMAGES[case]
    before = library_state(hostile_lib.layout.root)
    with pytest.raises(BadInput) as caught:
        media.import_media(hostile_lib, "S-1", build(), name=name, alt_text="A photo",
                           depicts=["PT-1"])
    assert str(caught.value).startswith(f"{name}: ") and named.replace("\\r\\n", "\r\n") \
        in str(caught.value)
    assert library_state(hostile_lib.layout.root) == before


@pytest.mark.parametrize("case", TEXTS)
def test_story_and_subject_refuse_and_store_nothing(case: str, hostile_lib: Library) -> None:
    data, named = TEXTS[case]
    before = library_state(hostile_lib.layout.root)
    text = data.decode("utf-8")
    with pytest.raises(BadInput, match=re.escape(named)):
        stories.add_story(hostile_lib, "PT-1", "A title", text)
    with pytest.raises(BadInput, match="limit|NUL|U\\+202E"):
        subjects.add_subject(hostile_lib, text[:150] if case != "ten-mb-text" else text)
    assert library_state(hostile_lib.layout.root) == before


@pytest.mark.parametrize("value", corpus.BAD_DATES)
def test_impossible_dates_are_refused_by_the_parsers_the_app_uses(value: str) -> None:
    with pytest.raises(BadInput, match="not a real date"):
        parse_date(value, what="signed on")
    with pytest.raises(BadInput, match="not a date and time"):
        parse_time(f"{value}T10:00", what="scheduled", zone=dt.UTC)  # type: ignore[arg-type]


# ---------------------------------------------------------------- accepted, stored safely

def _named_file(key: str) -> CliCase:
    def argv(folder: Path) -> list[str]:
        path = folder / corpus.HOSTILE_FILE_NAMES[key]
        path.write_bytes(corpus.encoded("PNG"))
        return ["media", "add", "S-1", str(path), "--alt", "A photo", "--depicts", "PT-1"]
    return argv


def _rtl_story(folder: Path) -> list[str]:
    (folder / "story.txt").write_text(corpus.RTL_EMOJI, "utf-8")
    return ["story", "add", "--subject", "PT-1", "--title", corpus.RTL_EMOJI[:30],
            "--text-file", str(folder / "story.txt")]


ACCEPTED: dict[str, CliCase] = {
    **{f"file-name-{key}": _named_file(key) for key in ("cr-lf", "shell")},
    "rtl-and-emoji-story": _rtl_story,
}


@pytest.fixture(scope="module")
def accepted_runs(hostile_template: Path, tmp_path_factory: pytest.TempPathFactory
                  ) -> dict[str, CliRun]:
    return run_cases(hostile_template, tmp_path_factory.mktemp("accepted"), ACCEPTED)


@pytest.mark.parametrize("case", ACCEPTED)
def test_cli_accepts_and_stores_exactly_one_thing(case: str,
                                                  accepted_runs: dict[str, CliRun]) -> None:
    run = accepted_runs[case]
    assert run.done.returncode == 0, run.done.stderr
    after = library_state(run.library)
    added = {k: after[k] - run.before[k] for k in after if after[k] != run.before[k]}
    if case.startswith("file-name"):
        assert run.done.stdout.strip().startswith("M-")
        assert added == {"media": 1, "audit_events": 1, "media files": 2}  # and its thumbnail
        # Nothing ran: the shell characters stayed characters, nothing appeared beside it.
        assert sorted(p.name for p in run.folder.iterdir()) == sorted(
            ["Lib.studio", corpus.HOSTILE_FILE_NAMES[case.removeprefix("file-name-")]])
        assert not list(run.library.parent.parent.glob("*/PWNED*"))
    else:
        assert run.done.stdout.strip() == "S-2"
        assert added == {"stories": 1, "audit_events": 1}


def test_rtl_and_emoji_text_round_trips_exactly(hostile_lib: Library) -> None:
    story = stories.add_story(hostile_lib, "PT-1", corpus.RTL_EMOJI[:30], corpus.RTL_EMOJI)
    shown = stories.show_story(hostile_lib, story.display_id)
    assert (shown.row.title, shown.narrative) == (corpus.RTL_EMOJI[:30], corpus.RTL_EMOJI)


@pytest.mark.parametrize("key", corpus.HOSTILE_FILE_NAMES)
def test_hostile_file_names_become_one_inert_label(key: str, hostile_lib: Library,
                                                   tmp_path: Path) -> None:
    """The name is only a label: one path component, kept as typed; the blob's name is ours."""
    name = corpus.HOSTILE_FILE_NAMES[key]
    outside = sorted(p for p in tmp_path.rglob("*") if not p.is_relative_to(
        hostile_lib.layout.root))
    before = library_state(hostile_lib.layout.root)
    row = media.import_media(hostile_lib, "S-1", corpus.encoded("PNG"), name=name,
                             alt_text="A photo", depicts=["PT-1"])
    with hostile_lib.read() as session:
        asset = session.scalars(select(MediaAsset)
                                .where(MediaAsset.display_id == row.display_id)).one()
    assert asset.original_name == Path(name).name and "/" not in asset.original_name
    assert re.fullmatch(r"[0-9a-f]{32}", asset.blob_name)
    after = library_state(hostile_lib.layout.root)
    assert after["media files"] == before["media files"] + 2
    assert sorted(p for p in tmp_path.rglob("*") if not p.is_relative_to(
        hostile_lib.layout.root)) == outside


@pytest.mark.parametrize("channel", ["facebook", "blog"])
def test_the_longest_text_a_channel_allows_is_checked_without_hanging(channel: str) -> None:
    """The composer checks as one types. Readability used to scan every word of the text once
    per sentence (quadratic: 6.5 s of CPU for a 100,000-character article of short sentences,
    2.6 s for the longest Facebook post); now each sentence takes its slice and the whole
    check needs 0.2 s. The bound guards against the quadratic coming back; it is not a speed
    target (bench/checks.py measures those)."""
    import time

    from studio.channels import channel as channel_spec
    from studio.workflow.review import check_text

    limit = channel_spec(channel).text_limit
    sentence = "Rosa ran. "  # many short sentences: the worst case for the old scan
    text = (sentence * (limit // len(sentence) + 1))[:limit].strip()
    started = time.process_time()
    check_text(channel, text)
    assert time.process_time() - started < 1.5
