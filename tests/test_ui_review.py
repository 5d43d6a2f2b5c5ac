"""The review queue: role rules visible, the word diff, and the e-signature dialog."""

from __future__ import annotations

from pathlib import Path

import shiboken6
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from ui_fixtures import PASSWORDS, WAIT_MS, UiHarness
from ui_flows import review_page

from conftest import AUTHOR, COMPLIANCE
from studio.ui.review.approve_dialog import ApproveDialog
from studio.ui.widgets.word_diff import diff_text
from studio.workflow.post_queries import show_post


def test_an_author_sees_the_queue_but_no_enabled_approve(
        qtbot: QtBot, harness: UiHarness, queued: Path) -> None:
    page = review_page(qtbot, harness.window(queued, AUTHOR, read_only=True))
    view = page.packet_view
    assert page.model.item(0, 0).text() == "P-1"
    assert not view.approve_button.isEnabled()
    assert not view.changes_button.isEnabled() and not view.reject_button.isEnabled()
    assert view.approve_button.toolTip().startswith("Post review needs the compliance role")
    assert view.reason_label.text() == view.approve_button.toolTip()


def test_the_revision_is_shown_as_a_word_diff_with_markers(
        qtbot: QtBot, harness: UiHarness, queued: Path) -> None:
    view = review_page(qtbot, harness.window(queued, COMPLIANCE)).packet_view
    assert view.compare_label.text().startswith("Compared with the previous revision 1")
    marked = view.diff.accessibleDescription()
    assert "[-walking-]" in marked and "{+dancing+}" in marked
    html = view.diff.toHtml()
    assert "−" in view.diff.toPlainText() and "+" in view.diff.toPlainText()
    assert "line-through" in html
    assert "Revision 2 by alex" in view.meta.text()
    assert "C-1" in view.consents.text() and "Active" in view.consents.text()


def test_approve_with_a_wrong_then_the_right_password(
        qtbot: QtBot, harness: UiHarness, queued: Path) -> None:
    window = harness.window(queued, COMPLIANCE)
    page = review_page(qtbot, window)
    view = page.packet_view
    assert view.approve_button.isEnabled() and view.approve_button.toolTip() == ""
    qtbot.keyClicks(view.comment, "Consent and wording checked.")
    qtbot.mouseClick(view.approve_button, Qt.MouseButton.LeftButton)
    dialog = view.findChildren(ApproveDialog)[0]
    assert dialog.meaning_label.text() == "<b>approved for publication</b>"
    assert dialog.name_label.text() == COMPLIANCE  # display name of the fixture user
    assert "America/Chicago" in dialog.time_label.text()
    qtbot.keyClicks(dialog.password, "not-my-password")
    qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "wrong" in dialog.error_label.text().lower(), timeout=WAIT_MS)
    assert dialog.isVisible() and dialog.password.text() == ""
    assert show_post(window.ctx.lib, "P-1").row.status == "in_review"
    qtbot.keyClicks(dialog.password, PASSWORDS[COMPLIANCE])
    qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog) or not dialog.isVisible(),
                    timeout=WAIT_MS)
    detail = show_post(window.ctx.lib, "P-1")
    assert detail.row.status == "approved"
    assert detail.reviews[-1].meaning == "approved for publication"
    assert detail.reviews[-1].comment == "Consent and wording checked."
    qtbot.waitUntil(lambda: page.model.rowCount() == 0, timeout=WAIT_MS)
    assert view.packet is None and "Nothing is waiting" in page.empty_label.text()


def test_request_changes_needs_a_comment(
        qtbot: QtBot, harness: UiHarness, queued: Path) -> None:
    window = harness.window(queued, COMPLIANCE)
    view = review_page(qtbot, window).packet_view
    qtbot.mouseClick(view.changes_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.reason_label.text() != "", timeout=WAIT_MS)
    assert view.reason_label.text() == "Say what must change or why it is rejected."
    qtbot.keyClicks(view.comment, "Shorter, please.")
    qtbot.mouseClick(view.changes_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: show_post(window.ctx.lib, "P-1").row.status
                    == "changes_requested", timeout=WAIT_MS)


def test_word_diff_marks_words_not_letters() -> None:
    assert diff_text("one two three", "one 2 three") == "one [-two-]{+2+} three"
    assert diff_text("", "hello") == "{+hello+}"
    assert diff_text("gone", "") == "[-gone-]"
