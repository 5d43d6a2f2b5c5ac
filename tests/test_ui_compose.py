"""The composer: counts as each channel counts, findings that point at their words, save and
submit with justifications, the crop frame in the channel's shape (down to the exported
pixels), the preview card, and a dark palette."""

from __future__ import annotations

import dataclasses
import io
import re
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from exporters.builders import approve_all, submit
from factories import consent, photo, subject_and_story
from PIL import Image
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel
from pytestqt.qtbot import QtBot
from ui_fixtures import WAIT_MS, UiHarness, close_library, ui_thread_statements
from ui_flows import open_composer, show_tab, type_and_wait, type_text

from conftest import AUTHOR, AUTHOR_PW, COMPLIANCE
from studio.channels import channel as channel_spec
from studio.checks.base import PostDraft
from studio.library.library import Library, open_library
from studio.ui.compose.channel_editor import ChannelEditor
from studio.ui.compose.composer import Composer
from studio.ui.compose.justify_dialog import JustifyDialog
from studio.ui.compose.preview_card import PreviewCard
from studio.ui.widgets.palette_colors import contrast, error_colour
from studio.ui.widgets.palette_follow import text_tone
from studio.workflow import media, posts
from studio.workflow.exports import export_posts
from studio.workflow.post_queries import show_post
from studio.workflow.review_queries import review_packet

# The quadrant picture: 2400x1800 (4:3), each quarter its own colour.
QUADRANTS = {"red": (220, 30, 30), "green": (30, 180, 30), "blue": (30, 30, 220),
             "yellow": (230, 210, 30)}
PICTURE_SIZE = (2400, 1800)
ALT = "Rosa on the trail, four colours"
ORG = "Lakeside Community Hospital (test)"   # the template library's organization


@pytest.fixture
def story_path(author_lib: Library) -> Path:
    subject, story = subject_and_story(author_lib)
    consent(author_lib, subject)  # instagram and facebook; first name and photo
    photo(author_lib, story, [subject])
    return close_library(author_lib)


def quadrant_jpeg() -> bytes:
    width, height = PICTURE_SIZE
    img = Image.new("RGB", PICTURE_SIZE, QUADRANTS["red"])
    img.paste(QUADRANTS["green"], (width // 2, 0, width, height // 2))
    img.paste(QUADRANTS["blue"], (0, height // 2, width // 2, height))
    img.paste(QUADRANTS["yellow"], (width // 2, height // 2, width, height))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=95)
    return buf.getvalue()


@pytest.fixture
def quadrant_path(author_lib: Library) -> Path:
    """A story whose only picture is the quadrant JPEG, consented for Instagram and Facebook."""
    subject, story = subject_and_story(author_lib)
    consent(author_lib, subject)
    media.import_media(author_lib, story, quadrant_jpeg(), name="trail.jpg", alt_text=ALT,
                       depicts=[subject])
    return close_library(author_lib)


def colour_name(rgb: tuple[int, ...]) -> str:
    """The quadrant colour nearest to a pixel."""
    return min(QUADRANTS, key=lambda n: sum((a - b) ** 2 for a, b in
                                            zip(QUADRANTS[n], rgb[:3], strict=True)))


def _pick_picture(qtbot: QtBot, composer: Composer, channel: str) -> ChannelEditor:
    """On ``channel``'s tab, tick the first picture and wait until it is decoded."""
    show_tab(composer, channel)
    editor = composer.editor()
    editor.media.list.setCurrentRow(0)
    editor.media.list.item(0).setCheckState(Qt.CheckState.Checked)
    qtbot.waitUntil(lambda: editor.media.cropper.frame.image is not None, timeout=WAIT_MS)
    return editor


def test_each_channel_counts_its_own_way(
        qtbot: QtBot, harness: UiHarness, story_path: Path) -> None:
    composer = open_composer(qtbot, harness.window(story_path, AUTHOR))
    show_tab(composer, "x")
    x = composer.editor()
    x.text.setPlainText("Hi 🎉 https://example.org/a-very-long-path-to-a-page")
    assert x.counter.text() == "29 / 280"          # emoji 2, any link 23
    show_tab(composer, "instagram")
    insta = composer.editor()
    insta.text.setPlainText("Hi 🎉 https://example.org/a-very-long-path-to-a-page")
    assert insta.counter.text() == "51 / 2,200"    # code points
    x.text.setPlainText("a" * 285)
    assert x.counter.text() == "285 / 280: 5 over the limit"
    # Shown as an error: the shared error colour for this window, readable on it.
    window = x.counter.parentWidget().palette()
    assert error_colour(window).name() in x.counter.styleSheet()
    assert text_tone(x.counter) == "error"
    assert contrast(error_colour(window), window.color(QPalette.ColorRole.Window)) >= 4.5
    qtbot.keyClicks(insta.hashtags, "Rehab")
    assert insta.counter.text() == "59 / 2,200"    # "\n\n#Rehab" is published too


def test_findings_highlight_their_span_even_after_an_emoji(
        qtbot: QtBot, harness: UiHarness, story_path: Path) -> None:
    composer = open_composer(qtbot, harness.window(story_path, AUTHOR))
    show_tab(composer, "instagram")
    type_and_wait(qtbot, composer, "🎉 Rosa is walking again. Call 312-555-0142 to book!")
    phone = next(i for i, f in enumerate(composer.findings.findings)
                 if f.rule == "phi.identifiers")
    assert composer.findings.item(phone).text().startswith("✕ Error: This looks like a phone")
    assert "1 error(s)" in composer.findings_summary.text()
    item = composer.findings.item(phone)
    qtbot.mouseClick(composer.findings.viewport(), Qt.MouseButton.LeftButton,
                     pos=composer.findings.visualItemRect(item).center())
    assert composer.editor().highlighted_text() == "312-555-0142"


def test_checks_wait_for_a_pause_in_typing(
        qtbot: QtBot, harness: UiHarness, story_path: Path) -> None:
    composer = open_composer(qtbot, harness.window(story_path, AUTHOR))
    qtbot.waitUntil(lambda: "error(s)" in composer.findings_summary.text(), timeout=WAIT_MS)
    asked = composer._asked
    qtbot.keyClicks(composer.editor().text, "Rosa")
    assert composer._asked == asked  # four keystrokes, no check yet
    qtbot.waitUntil(lambda: composer._asked == asked + 1, timeout=WAIT_MS)


def test_save_draft_then_submit_with_a_justified_warning(
        qtbot: QtBot, harness: UiHarness, story_path: Path) -> None:
    window = harness.window(story_path, AUTHOR)
    composer = open_composer(qtbot, window)
    show_tab(composer, "instagram")
    editor = composer.editor()
    editor.media.list.item(0).setCheckState(Qt.CheckState.Checked)
    type_and_wait(qtbot, composer, "Rosa walks again, with results guaranteed by her team.")
    assert any(f.rule == "claims" for f in composer.findings.findings)
    qtbot.keyClick(editor.text, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: composer.message.text().startswith("Saved P-1"), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: composer.editor().post == "P-1", timeout=WAIT_MS)
    assert composer.tabs.tabText(composer.tabs.currentIndex()) == "Instagram · Draft"
    detail = show_post(window.ctx.lib, "P-1")
    assert detail.media == (("M-3", "A woman smiling in a park"),)
    # The saved post's tab asks the workflow again whether it may be submitted (the button
    # is off, "Checking…", until it answers): a person can click it only then.
    qtbot.waitUntil(lambda: not composer.gate.pending, timeout=WAIT_MS)
    assert composer.submit_button.isEnabled(), composer.submit_button.toolTip()
    qtbot.mouseClick(composer.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(composer.findChildren(JustifyDialog)), timeout=WAIT_MS)
    dialog = composer.findChildren(JustifyDialog)[0]
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()  # every warned rule needs words
    qtbot.keyClicks(dialog.edits["claims"], "Quoted from the surgeon's own letter.")
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "waiting for review" in composer.message.text(), timeout=WAIT_MS)
    packet = review_packet(window.ctx.lib, "P-1")
    assert packet.detail.row.status == "in_review"
    assert packet.justifications == {"claims": "Quoted from the surgeon's own letter."}


def test_consent_gate_refusal_is_shown_in_the_composer(
        qtbot: QtBot, harness: UiHarness, story_path: Path) -> None:
    composer = open_composer(qtbot, harness.window(story_path, AUTHOR))
    show_tab(composer, "linkedin")  # the consent covers Instagram and Facebook only
    qtbot.keyClicks(composer.editor().text, "Rosa is walking again.")
    qtbot.mouseClick(composer.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: composer.message.text() != "Saving…"
                    and composer.message.text() != "", timeout=WAIT_MS)
    assert composer.message.text().startswith("consent.scope: PT-1 has no consent in force "
                                              "that covers linkedin")


def test_a_compliance_officer_cannot_save_or_submit(
        qtbot: QtBot, harness: UiHarness, story_path: Path) -> None:
    composer = open_composer(qtbot, harness.window(story_path, COMPLIANCE))
    assert not composer.save_button.isEnabled() and not composer.submit_button.isEnabled()
    assert "needs the author role" in composer.save_button.toolTip()


def test_tab_changes_ask_the_worker_show_checking_and_drop_late_answers(
        qtbot: QtBot, harness: UiHarness, story_path: Path) -> None:
    with open_library(story_path, AUTHOR, password=AUTHOR_PW) as lib:
        row = posts.draft_post(lib, "S-1", "instagram", "Rosa is walking again.")
        submit(lib, row.display_id)                        # in review: no second submit
    lib = open_library(story_path, AUTHOR, password=AUTHOR_PW)
    with ui_thread_statements(lib) as on_ui_thread:
        composer = open_composer(qtbot, harness.window_on(lib))
        save, submit_button = composer.save_button, composer.submit_button
        shown: list[bool] = []
        composer.gate.settled.connect(lambda: shown.append(submit_button.isEnabled()))
        composer.tabs.setCurrentWidget(composer.editors["facebook"])   # a new draft
        assert composer.gate.pending
        assert not save.isEnabled() and not submit_button.isEnabled()
        assert save.toolTip() == submit_button.toolTip() == "Checking…"
        composer.tabs.setCurrentWidget(composer.editors["instagram"])  # before facebook's
        qtbot.waitUntil(lambda: not composer.gate.pending, timeout=WAIT_MS)
        harness.idle()                                     # every answer has arrived now
        assert shown == [False]          # facebook's late answer was dropped, never shown
        assert composer.editor().post == "P-1" and save.text() == "Save edit"
        assert save.isEnabled() and not submit_button.isEnabled()   # instagram's, not fb's
        assert submit_button.toolTip() == ("P-1 is in review; only a draft or a post with "
                                           "changes requested can be submitted.")
        show_tab(composer, "facebook")
        assert save.isEnabled() and submit_button.isEnabled() and save.text() == "Save draft"
        assert save.toolTip() == "Save this channel's draft (Ctrl+S)"
        harness.idle()
    assert on_ui_thread == []


# -- the crop frame ---------------------------------------------------------------------------
def _shape(editor: ChannelEditor) -> float:
    """The crop's width/height in the stored picture's pixels (fractions are stored to six
    places, hence the 1e-4 tolerance of the comparisons)."""
    _x, _y, w, h = editor.media.cropper.crop()
    return w * PICTURE_SIZE[0] / (h * PICTURE_SIZE[1])


def _inside(editor: ChannelEditor) -> bool:
    x, y, w, h = editor.media.cropper.crop()
    return x >= 0 and y >= 0 and x + w <= 1 + 1e-6 and y + h <= 1 + 1e-6


def test_crop_frame_keeps_the_channel_shape_with_mouse_and_keys(
        qtbot: QtBot, harness: UiHarness, quadrant_path: Path) -> None:
    composer = open_composer(qtbot, harness.window(quadrant_path, AUTHOR))
    editor = _pick_picture(qtbot, composer, "instagram")
    cropper = editor.media.cropper
    frame = cropper.frame
    assert cropper.shape.currentText() == "4:5 — exported at 1080×1350"
    assert cropper.crop() == pytest.approx((0.2, 0.0, 0.6, 1.0))   # largest centred 4:5
    # pull the bottom-right corner up and left, further up than left: the shape holds
    corner = frame.frame_rect().bottomRight().toPoint()
    qtbot.mousePress(frame, Qt.MouseButton.LeftButton, pos=corner)
    qtbot.mouseMove(frame, corner + QPoint(-30, -70))
    qtbot.mouseRelease(frame, Qt.MouseButton.LeftButton, pos=corner + QPoint(-30, -70))
    x, y, w, _h = cropper.crop()
    assert (x, y) == pytest.approx((0.2, 0.0)) and w < 0.6      # the top-left corner stayed
    assert _shape(editor) == pytest.approx(0.8, rel=1e-4)
    # drag from inside: moves, same size
    before = cropper.crop()
    inside = frame.frame_rect().center().toPoint()
    qtbot.mousePress(frame, Qt.MouseButton.LeftButton, pos=inside)
    qtbot.mouseMove(frame, inside + QPoint(25, 30))
    qtbot.mouseRelease(frame, Qt.MouseButton.LeftButton, pos=inside + QPoint(25, 30))
    after = cropper.crop()
    assert after[0] > before[0] and after[1] > before[1]
    assert after[2:] == pytest.approx(before[2:])
    # keys: nudge, grow, shrink; never out of the picture, never another shape
    for key, modifier in ((Qt.Key.Key_Left, Qt.KeyboardModifier.NoModifier),
                          (Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier),
                          (Qt.Key.Key_Plus, Qt.KeyboardModifier.NoModifier),
                          (Qt.Key.Key_Plus, Qt.KeyboardModifier.NoModifier),
                          (Qt.Key.Key_Minus, Qt.KeyboardModifier.NoModifier),
                          (Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)):
        previous = cropper.crop()
        qtbot.keyClick(frame, key, modifier)
        assert cropper.crop() != previous
        assert _shape(editor) == pytest.approx(0.8, rel=1e-4) and _inside(editor)
    for _ in range(30):                       # grow past the picture: stops at full height
        qtbot.keyClick(frame, Qt.Key.Key_Plus)
    assert cropper.crop()[3] == pytest.approx(1.0)
    assert _shape(editor) == pytest.approx(0.8, rel=1e-4)
    # another shape the channel accepts, then Reset
    square = cropper.shape.findText("1:1 — exported at 1080×1080")
    assert square >= 0
    cropper.shape.setCurrentIndex(square)
    cropper.shape.activated.emit(square)
    assert _shape(editor) == pytest.approx(1.0, rel=1e-4)
    qtbot.mouseClick(cropper.reset_button, Qt.MouseButton.LeftButton)
    assert cropper.crop() == pytest.approx((0.125, 0.0, 0.75, 1.0))  # largest centred 1:1
    labels = [cropper.shape.itemText(i) for i in range(cropper.shape.count())]
    assert [label.split(" ")[0] for label in labels] == [      # Instagram: 0.8 to 1.91
        "4:5", "1:1", "4:3", "3:2", "16:9", "1.91:1"]


def test_too_small_a_crop_is_warned_by_the_channel_rules(
        qtbot: QtBot, harness: UiHarness, quadrant_path: Path) -> None:
    composer = open_composer(qtbot, harness.window(quadrant_path, AUTHOR))
    editor = _pick_picture(qtbot, composer, "facebook")
    cropper = editor.media.cropper
    assert cropper.warning.text() == ""       # 2400x1257 of a 1200x630 export: fine
    for _ in range(20):
        qtbot.keyClick(cropper.frame, Qt.Key.Key_Minus)
    width, height = (round(cropper.crop()[2] * 2400), round(cropper.crop()[3] * 1800))
    assert 600 < width < 1200
    assert cropper.warning.text() == (f"⚠ The crop is {width}×{height} px; the export "
                                      "enlarges it to 1200×630 px, which can look soft.")
    for _ in range(10):
        qtbot.keyClick(cropper.frame, Qt.Key.Key_Minus)
    width, height = (round(cropper.crop()[2] * 2400), round(cropper.crop()[3] * 1800))
    assert width < 600
    assert cropper.warning.text() == (f"⚠ The crop is {width}×{height} px, smaller than the "
                                      "600×315 px Facebook takes at least; choose a larger "
                                      "crop or picture.")


def test_saved_crop_exports_the_cropped_region_at_the_channel_size(
        qtbot: QtBot, harness: UiHarness, quadrant_path: Path, tmp_path: Path) -> None:
    window = harness.window(quadrant_path, AUTHOR)
    composer = open_composer(qtbot, window)
    editor = _pick_picture(qtbot, composer, "instagram")
    frame = editor.media.cropper.frame
    for _ in range(15):                       # 4:5 around the centre, 667 px wide...
        qtbot.keyClick(frame, Qt.Key.Key_Minus)
    for _ in range(6):                        # ...then up to the top edge
        qtbot.keyClick(frame, Qt.Key.Key_Up, Qt.KeyboardModifier.ShiftModifier)
    crop = editor.media.cropper.crop()
    assert crop[1] == 0 and crop[0] < 0.5 < crop[0] + crop[2] and crop[3] < 0.5
    type_and_wait(qtbot, composer, "Rosa is walking again. Thank you to our physical "
                                    "therapy team!")
    qtbot.keyClick(editor.text, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: composer.message.text().startswith("Saved P-1"), timeout=WAIT_MS)
    detail = show_post(window.ctx.lib, "P-1")
    assert detail.crops == (pytest.approx(crop),)
    harness.close_all()                       # one writer at a time: the window lets go
    with open_library(quadrant_path, AUTHOR, password=AUTHOR_PW) as lib:
        submit(lib, "P-1")
    approve_all(quadrant_path, ["P-1"])
    with open_library(quadrant_path, AUTHOR, password=AUTHOR_PW) as lib:
        result = export_posts(lib, tmp_path / "out")
    assert list(result.posts) == ["P-1"]
    (exported,) = Path(result.location).glob("P-1-*/image-1.jpg")
    with Image.open(exported) as im:
        assert im.size == (1080, 1350)
        rgb = im.convert("RGB")
        # the crop straddles the top halves: red on the left, green on the right, and
        # nothing of the bottom quadrants anywhere
        for y in (60, 675, 1290):
            assert colour_name(rgb.getpixel((60, y))) == "red"
            assert colour_name(rgb.getpixel((1020, y))) == "green"
        boundary = round((0.5 - crop[0]) / crop[2] * 1080)
        assert colour_name(rgb.getpixel((boundary - 30, 675))) == "red"
        assert colour_name(rgb.getpixel((boundary + 30, 675))) == "green"


def test_a_shape_chosen_in_the_crop_frame_is_the_shape_exported(
        qtbot: QtBot, harness: UiHarness, quadrant_path: Path, tmp_path: Path) -> None:
    window = harness.window(quadrant_path, AUTHOR)
    composer = open_composer(qtbot, window)
    editor = _pick_picture(qtbot, composer, "instagram")
    cropper = editor.media.cropper
    labels = [cropper.shape.itemText(i) for i in range(cropper.shape.count())]
    assert not [label for label in labels if "trim" in label]
    wide = cropper.shape.findText("1.91:1 — exported at 1080×566")
    assert wide >= 0
    cropper.shape.setCurrentIndex(wide)
    cropper.shape.activated.emit(wide)
    qtbot.mouseClick(cropper.reset_button, Qt.MouseButton.LeftButton)   # full width, centred
    for _ in range(3):                                                   # then to the top
        qtbot.keyClick(cropper.frame, Qt.Key.Key_Up, Qt.KeyboardModifier.ShiftModifier)
    crop = cropper.crop()
    assert crop[:3] == pytest.approx((0.0, 0.0, 1.0)) and _shape(editor) == pytest.approx(1.91)
    type_and_wait(qtbot, composer, "Rosa is walking again.")
    qtbot.waitUntil(lambda: composer.preview.card.shown_picture() is not None, timeout=WAIT_MS)
    shown = composer.preview.card.shown_picture()
    assert shown is not None and shown.width() / shown.height() == pytest.approx(1.91, abs=0.02)
    qtbot.keyClick(editor.text, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: composer.message.text().startswith("Saved P-1"), timeout=WAIT_MS)
    harness.close_all()
    with open_library(quadrant_path, AUTHOR, password=AUTHOR_PW) as lib:
        assert show_post(lib, "P-1").crops == (pytest.approx(crop),)     # as framed
        submit(lib, "P-1")
    approve_all(quadrant_path, ["P-1"])
    with open_library(quadrant_path, AUTHOR, password=AUTHOR_PW) as lib:
        result = export_posts(lib, tmp_path / "out")
    (exported,) = Path(result.location).glob("P-1-*/image-1.jpg")
    with Image.open(exported) as im:
        assert im.size == (1080, 566)
        rgb = im.convert("RGB")
        # the top band of the picture, its whole width: red then green, the bottom rows of
        # the crop (1257 of 1800 px) reach into blue and yellow
        edge_y = round(900 / crop[3] / 1800 * 566)
        for x, top, bottom in ((40, "red", "blue"), (1040, "green", "yellow")):
            assert colour_name(rgb.getpixel((x, edge_y - 15))) == top
            assert colour_name(rgb.getpixel((x, edge_y + 15))) == bottom
        assert colour_name(rgb.getpixel((520, 20))) == "red"
        assert colour_name(rgb.getpixel((560, 20))) == "green"


# -- the preview ------------------------------------------------------------------------------
def test_preview_shows_text_hashtags_and_the_cropped_picture_and_follows_typing(
        qtbot: QtBot, harness: UiHarness, quadrant_path: Path) -> None:
    composer = open_composer(qtbot, harness.window(quadrant_path, AUTHOR))
    editor = _pick_picture(qtbot, composer, "facebook")
    card = composer.preview.card
    type_and_wait(qtbot, composer, "Rosa is walking again.")
    qtbot.keyClicks(editor.hashtags, "PT Rehab")
    qtbot.keyClicks(editor.link, "https://example.org/rosa")
    assert "#Rehab" not in card.shown_text()                # waits for a pause in typing
    qtbot.waitUntil(lambda: "#Rehab" in card.shown_text(), timeout=WAIT_MS)
    assert card.shown_text() == "Rosa is walking again.\n\n#PT #Rehab\nhttps://example.org/rosa"
    link = card.colours["link"].name()
    html = card.body.text()
    assert f'<span style="color: {link}">#PT</span>' in html
    assert f'<span style="color: {link}; text-decoration: underline">https://example.org/rosa' \
        in html
    assert card.name.text() == ORG
    zone = composer.ctx.lib.timezone
    when = editor.scheduled_at()
    assert when is not None
    assert card.when.text() == f"Facebook · {when.strftime('%a %d %b %Y, %H:%M')} ({zone.key})"
    assert card.picture.toolTip() == ALT
    # the picture is the export's: Facebook's 1200:630 shape out of the middle of the picture,
    # so all four quadrants show; after cropping to the top it is red and green only
    picture = card.shown_picture()
    assert picture is not None
    assert picture.width() / picture.height() == pytest.approx(1200 / 630, abs=0.02)

    def corners() -> list[str]:
        image = card.shown_picture()
        assert image is not None
        w, h = image.width(), image.height()
        return [colour_name(image.pixelColor(x, y).getRgb()) for x, y in
                ((5, 5), (w - 5, 5), (5, h - 5), (w - 5, h - 5))]

    assert corners() == ["red", "green", "blue", "yellow"]
    frame = editor.media.cropper.frame
    for _ in range(8):
        qtbot.keyClick(frame, Qt.Key.Key_Minus)
    for _ in range(6):
        qtbot.keyClick(frame, Qt.Key.Key_Up, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: corners() == ["red", "green", "red", "green"], timeout=WAIT_MS)


def test_each_channel_family_has_its_card(
        qtbot: QtBot, harness: UiHarness, quadrant_path: Path) -> None:
    composer = open_composer(qtbot, harness.window(quadrant_path, AUTHOR))
    card = composer.preview.card
    _pick_picture(qtbot, composer, "instagram")
    type_and_wait(qtbot, composer, "Rosa is walking again.")
    column = [card.column.itemAt(i).widget() for i in range(card.column.count())]
    assert column[:3] == [card.header, card.picture, card.body]    # picture above the caption
    assert card.body.text().startswith(f"<b>{ORG}</b> ")
    assert card.actions.text().startswith("Like")
    show_tab(composer, "blog")
    qtbot.keyClicks(composer.editor().text, "Rosa is walking again.")
    qtbot.waitUntil(lambda: card.style_.family == "article"
                    and "walking" in card.shown_text(), timeout=WAIT_MS)
    assert card.title.isVisible() and card.title.text() == "Back on her feet"
    assert not card.actions.isVisible()
    show_tab(composer, "x")
    qtbot.waitUntil(lambda: card.style_.family == "x", timeout=WAIT_MS)
    assert card.actions.text() == "Reply   ·   Repost   ·   Like   ·   Share"


def test_preview_cuts_the_text_only_where_the_channel_says(qtbot: QtBot) -> None:
    facebook = channel_spec("facebook")
    assert facebook.see_more_after is None    # the reference states no figure for any channel
    card = PreviewCard()
    qtbot.addWidget(card)
    text = "Rosa walked the whole river trail this spring, " * 8
    draft = PostDraft("facebook", text, ("PT",), None)
    card.show_post(facebook, ORG, draft, None, ZoneInfo("UTC"))
    assert card.shown_text() == f"{text}\n\n#PT" and not card.text.truncated  # type: ignore[union-attr]
    stated = dataclasses.replace(facebook, see_more_after=60)
    card.show_post(stated, ORG, draft, None, ZoneInfo("UTC"))
    assert card.text is not None and card.text.truncated
    assert card.shown_text() == text[:60].rstrip() + "… See more"
    assert "See more</span>" in card.body.text()
    # a hashtag that crosses the cut is left out whole, never split
    tagged = PostDraft("facebook", "Rosa walks. #PhysicalTherapy and more words here", (), None)
    card.show_post(dataclasses.replace(facebook, see_more_after=20), ORG, tagged,
                   None, ZoneInfo("UTC"))
    assert card.shown_text() == "Rosa walks.… See more"


def test_alt_text_counts_against_each_channels_limit(
        qtbot: QtBot, harness: UiHarness, quadrant_path: Path) -> None:
    composer = open_composer(qtbot, harness.window(quadrant_path, AUTHOR))
    linkedin = _pick_picture(qtbot, composer, "linkedin")
    assert linkedin.media.alt_count.text() == f"{len(ALT)} / 4,086"
    insta = _pick_picture(qtbot, composer, "instagram")
    assert insta.media.alt_count.text() == f"{len(ALT)} / 1,000"
    insta.media.alt.clear()
    type_text(qtbot, insta.media.alt, "Rosa 🎉")
    assert insta.media.alt_count.text() == "6 / 1,000"
    insta.media.alt.setText("x" * 1000)
    qtbot.keyClicks(insta.media.alt, "yz")
    assert insta.media.alt_count.text() == "1,002 / 1,000: 2 over"
    assert "font-weight: 600" in insta.media.alt_count.styleSheet()
    qtbot.waitUntil(lambda: insta.media.selection()["M-3"].endswith("yz"), timeout=WAIT_MS)


# -- a dark palette ---------------------------------------------------------------------------
@pytest.fixture
def dark_palette(qapp: QApplication) -> Iterator[QPalette]:
    """A dark palette on the whole app, with Qt's default dark-blue link colour left in it."""
    before = qapp.palette()
    dark = QPalette()
    for role, colour in ((QPalette.ColorRole.Window, "#202124"),
                         (QPalette.ColorRole.WindowText, "#e8eaed"),
                         (QPalette.ColorRole.Base, "#17181a"),
                         (QPalette.ColorRole.AlternateBase, "#26272a"),
                         (QPalette.ColorRole.Text, "#e8eaed"),
                         (QPalette.ColorRole.Button, "#2d2e31"),
                         (QPalette.ColorRole.ButtonText, "#e8eaed"),
                         (QPalette.ColorRole.Mid, "#3c4043"),
                         (QPalette.ColorRole.Highlight, "#8ab4f8"),
                         (QPalette.ColorRole.HighlightedText, "#202124"),
                         (QPalette.ColorRole.Link, "#0000ee")):
        dark.setColor(role, QColor(colour))
    qapp.setPalette(dark)
    yield dark
    qapp.setPalette(before)


def _ink(label: QLabel) -> QColor:
    """The colour a label's text is drawn in: its style sheet's, else its palette's."""
    match = re.search(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{6})", label.styleSheet())
    return QColor(match.group(1)) if match else label.palette().color(
        QPalette.ColorRole.WindowText)


def test_composer_preview_and_crop_frame_read_in_a_dark_palette(
        qtbot: QtBot, harness: UiHarness, quadrant_path: Path, dark_palette: QPalette) -> None:
    composer = open_composer(qtbot, harness.window(quadrant_path, AUTHOR))
    editor = _pick_picture(qtbot, composer, "x")
    window = dark_palette.color(QPalette.ColorRole.Window)
    editor.text.setPlainText("a" * 285 + " #PT https://example.org/rosa")
    assert "over the limit" in editor.counter.text()
    assert contrast(_ink(editor.counter), window) >= 4.5
    for _ in range(30):
        qtbot.keyClick(editor.media.cropper.frame, Qt.Key.Key_Minus)
    assert editor.media.cropper.warning.text()
    assert contrast(_ink(editor.media.cropper.warning), window) >= 4.5
    editor.media.alt.setText("x" * 1001)
    editor.media.alt.textEdited.emit(editor.media.alt.text())
    assert contrast(_ink(editor.media.alt_count), window) >= 4.5
    card = composer.preview.card
    qtbot.waitUntil(lambda: "#PT" in card.shown_text(), timeout=WAIT_MS)
    paper = card.colours["paper"]
    assert paper == dark_palette.color(QPalette.ColorRole.Base)
    for name in ("ink", "muted", "link"):
        assert contrast(card.colours[name], paper) >= 4.5, name
    assert contrast(_ink(card.when), paper) >= 4.5
    assert contrast(_ink(card.actions), paper) >= 4.5
    # what is painted: the card's background is the dark base, not white
    shot = card.grab().toImage()
    assert shot.pixelColor(card.width() // 2, 4).lightness() < 60
    frame = editor.media.cropper.frame
    frame_shot = frame.grab().toImage()
    handle = frame.frame_rect().topLeft().toPoint()      # the middle of a corner handle
    assert frame_shot.pixelColor(handle) == dark_palette.color(QPalette.ColorRole.Highlight)
