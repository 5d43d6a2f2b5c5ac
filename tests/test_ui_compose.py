"""The composer: counts as each channel counts, findings that point at their words, save and
submit with justifications."""

from __future__ import annotations

from pathlib import Path

import pytest
from factories import consent, photo, subject_and_story
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot
from ui_fixtures import WAIT_MS, UiHarness, close_library
from ui_flows import open_composer, show_tab, type_and_wait

from conftest import AUTHOR, COMPLIANCE
from studio.library.library import Library
from studio.ui.compose.justify_dialog import JustifyDialog
from studio.workflow.post_queries import show_post
from studio.workflow.review_queries import review_packet


@pytest.fixture
def story_path(author_lib: Library) -> Path:
    subject, story = subject_and_story(author_lib)
    consent(author_lib, subject)  # instagram and facebook; first name and photo
    photo(author_lib, story, [subject])
    return close_library(author_lib)


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
    assert "b3261e" in x.counter.styleSheet()
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


def test_consent_gate_refusal_is_shown_in_theopen_composer(
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
