"""The composer: counts as each channel counts, findings that point at their words, save and
submit with justifications, the crop frame in the channel's shape (down to the exported
pixels), the preview card, and a dark palette."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from exporters.builders import approve_all, submit
from factories import consent, photo, subject_and_story
from PIL import Image
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QWidget
from pytestqt.qtbot import QtBot
from ui_fixtures import WAIT_MS, UiHarness, close_library

from conftest import AUTHOR, AUTHOR_PW, COMPLIANCE
from studio.library.library import Library, open_library
from studio.ui.compose.channel_editor import ChannelEditor
from studio.ui.compose.composer import Composer
from studio.ui.compose.justify_dialog import JustifyDialog
from studio.ui.main_window import MainWindow
from studio.ui.pages.posts import PostsPage
from studio.workflow import media
from studio.workflow.exports import export_posts
from studio.workflow.post_queries import show_post
from studio.workflow.review_queries import review_packet

# The quadrant picture: 2400x1800 (4:3), each quarter its own colour.
QUADRANTS = {"red": (220, 30, 30), "green": (30, 180, 30), "blue": (30, 30, 220),
             "yellow": (230, 210, 30)}
PICTURE_SIZE = (2400, 1800)
ALT = "Rosa on the trail, four colours"


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


def _composer(qtbot: QtBot, window: MainWindow) -> Composer:
    window.open_item("compose:S-1")
    page = window.page("posts")
    assert isinstance(page, PostsPage) and page.composer is not None
    composer = page.composer
    qtbot.waitUntil(lambda: bool(composer.editors), timeout=WAIT_MS)
    return composer


def _tab(composer: Composer, channel: str) -> None:
    composer.tabs.setCurrentWidget(composer.editors[channel])


def _pick_picture(qtbot: QtBot, composer: Composer, channel: str) -> ChannelEditor:
    """On ``channel``'s tab, tick the first picture and wait until it is decoded."""
    _tab(composer, channel)
    editor = composer.editor()
    editor.media.list.setCurrentRow(0)
    editor.media.list.item(0).setCheckState(Qt.CheckState.Checked)
    qtbot.waitUntil(lambda: editor.media.cropper.frame.image is not None, timeout=WAIT_MS)
    return editor


def _type(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Real key events; QTest types ASCII only, so other characters come as input text."""
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key.Key_unknown,
                                                     Qt.KeyboardModifier.NoModifier, char))


def _type_and_wait(qtbot: QtBot, composer: Composer, text: str) -> None:
    """Type, then wait for the findings of exactly what was typed."""
    editor = composer.editor().text
    _type(qtbot, editor, text)
    qtbot.waitUntil(lambda: composer.checked_text == editor.toPlainText(), timeout=WAIT_MS)


def test_each_channel_counts_its_own_way(
        qtbot: QtBot, harness: UiHarness, story_path: Path) -> None:
    composer = _composer(qtbot, harness.window(story_path, AUTHOR))
    _tab(composer, "x")
    x = composer.editor()
    x.text.setPlainText("Hi 🎉 https://example.org/a-very-long-path-to-a-page")
    assert x.counter.text() == "29 / 280"          # emoji 2, any link 23
    _tab(composer, "instagram")
    insta = composer.editor()
    insta.text.setPlainText("Hi 🎉 https://example.org/a-very-long-path-to-a-page")
    assert insta.counter.text() == "51 / 2,200"    # code points
    x.text.setPlainText("a" * 285)
    assert x.counter.text() == "285 / 280: 5 over the limit"
    assert "b3261e" in x.counter.styleSheet()
    qtbot.keyClicks(insta.hashtags, "Rehab")
    assert insta.counter.text() == "59 / 2,200"    # "\n\n#Rehab" is published too


def test_findings_highlight_their_span_even_after_an_emoji(
        qtbot: QtBot, harness: UiHarness, story_path: Path) -> None:
    composer = _composer(qtbot, harness.window(story_path, AUTHOR))
    _tab(composer, "instagram")
    _type_and_wait(qtbot, composer, "🎉 Rosa is walking again. Call 312-555-0142 to book!")
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
    composer = _composer(qtbot, harness.window(story_path, AUTHOR))
    qtbot.waitUntil(lambda: "error(s)" in composer.findings_summary.text(), timeout=WAIT_MS)
    asked = composer._asked
    qtbot.keyClicks(composer.editor().text, "Rosa")
    assert composer._asked == asked  # four keystrokes, no check yet
    qtbot.waitUntil(lambda: composer._asked == asked + 1, timeout=WAIT_MS)


def test_save_draft_then_submit_with_a_justified_warning(
        qtbot: QtBot, harness: UiHarness, story_path: Path) -> None:
    window = harness.window(story_path, AUTHOR)
    composer = _composer(qtbot, window)
    _tab(composer, "instagram")
    editor = composer.editor()
    editor.media.list.item(0).setCheckState(Qt.CheckState.Checked)
    _type_and_wait(qtbot, composer, "Rosa walks again, with results guaranteed by her team.")
    assert any(f.rule == "claims" for f in composer.findings.findings)
    qtbot.keyClick(editor.text, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: composer.message.text().startswith("Saved P-1"), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: composer.editor().post == "P-1", timeout=WAIT_MS)
    assert composer.tabs.tabText(composer.tabs.currentIndex()) == "Instagram · Draft"
    detail = show_post(window.ctx.lib, "P-1")
    assert detail.media == (("M-3", "A woman smiling in a park"),)
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
    composer = _composer(qtbot, harness.window(story_path, AUTHOR))
    _tab(composer, "linkedin")  # the consent covers Instagram and Facebook only
    qtbot.keyClicks(composer.editor().text, "Rosa is walking again.")
    qtbot.mouseClick(composer.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: composer.message.text() != "Saving…"
                    and composer.message.text() != "", timeout=WAIT_MS)
    assert composer.message.text().startswith("consent.scope: PT-1 has no consent in force "
                                              "that covers linkedin")


def test_a_compliance_officer_cannot_save_or_submit(
        qtbot: QtBot, harness: UiHarness, story_path: Path) -> None:
    composer = _composer(qtbot, harness.window(story_path, COMPLIANCE))
    assert not composer.save_button.isEnabled() and not composer.submit_button.isEnabled()
    assert "needs the author role" in composer.save_button.toolTip()


# -- the crop frame ---------------------------------------------------------------------------
def _shape(editor: ChannelEditor) -> float:
    """The crop's width/height in the stored picture's pixels."""
    _x, _y, w, h = editor.media.cropper.crop()
    return w * PICTURE_SIZE[0] / (h * PICTURE_SIZE[1])


def _inside(editor: ChannelEditor) -> bool:
    x, y, w, h = editor.media.cropper.crop()
    return x >= 0 and y >= 0 and x + w <= 1 + 1e-6 and y + h <= 1 + 1e-6


def test_crop_frame_keeps_the_channel_shape_with_mouse_and_keys(
        qtbot: QtBot, harness: UiHarness, quadrant_path: Path) -> None:
    composer = _composer(qtbot, harness.window(quadrant_path, AUTHOR))
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
    assert _shape(editor) == pytest.approx(0.8)
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
        assert _shape(editor) == pytest.approx(0.8) and _inside(editor)
    for _ in range(30):                       # grow past the picture: stops at full height
        qtbot.keyClick(frame, Qt.Key.Key_Plus)
    assert cropper.crop()[3] == pytest.approx(1.0) and _shape(editor) == pytest.approx(0.8)
    # another shape the channel accepts, then Reset
    square = cropper.shape.findText("1:1 — export trims it to 4:5")
    assert square >= 0
    cropper.shape.setCurrentIndex(square)
    cropper.shape.activated.emit(square)
    assert _shape(editor) == pytest.approx(1.0)
    qtbot.mouseClick(cropper.reset_button, Qt.MouseButton.LeftButton)
    assert cropper.crop() == pytest.approx((0.125, 0.0, 0.75, 1.0))  # largest centred 1:1
    labels = [cropper.shape.itemText(i) for i in range(cropper.shape.count())]
    assert [label.split(" ")[0] for label in labels] == [      # Instagram: 0.8 to 1.91
        "4:5", "1:1", "4:3", "3:2", "16:9", "1.91:1"]


def test_too_small_a_crop_is_warned_by_the_channel_rules(
        qtbot: QtBot, harness: UiHarness, quadrant_path: Path) -> None:
    composer = _composer(qtbot, harness.window(quadrant_path, AUTHOR))
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
    composer = _composer(qtbot, window)
    editor = _pick_picture(qtbot, composer, "instagram")
    frame = editor.media.cropper.frame
    for _ in range(15):                       # 4:5 around the centre, 667 px wide...
        qtbot.keyClick(frame, Qt.Key.Key_Minus)
    for _ in range(6):                        # ...then up to the top edge
        qtbot.keyClick(frame, Qt.Key.Key_Up, Qt.KeyboardModifier.ShiftModifier)
    crop = editor.media.cropper.crop()
    assert crop[1] == 0 and crop[0] < 0.5 < crop[0] + crop[2] and crop[3] < 0.5
    _type_and_wait(qtbot, composer, "Rosa is walking again. Thank you to our physical "
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
