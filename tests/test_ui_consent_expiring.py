"""The Consents screen's "Expiring within 30 days" box lists the consents whose status (and
badge) says expiring: the same people the Stories screen's Expiring filter lists."""

from __future__ import annotations

from factories import every_consent_state
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from ui_fixtures import WAIT_MS, UiHarness, close_library
from ui_flows import consents_page

from conftest import AUTHOR
from studio.library.library import Library
from studio.ui.widgets.consent_badge import status_word


def test_the_expiring_box_lists_what_the_badge_calls_expiring(
        qtbot: QtBot, harness: UiHarness, author_lib: Library) -> None:
    every_consent_state(author_lib)
    window = harness.window(close_library(author_lib), AUTHOR)
    page = consents_page(window)
    qtbot.waitUntil(lambda: page.model.rowCount() == 8, timeout=WAIT_MS)

    def shown() -> list[tuple[str, str]]:
        return sorted((page.model.item(r, 1).text(), page.model.item(r, 2).text())
                      for r in range(page.model.rowCount()))

    statuses = {status for _name, status in shown()}
    assert any(status_word("superseded") in s for s in statuses)  # shown until filtered
    qtbot.mouseClick(page.expiring, Qt.MouseButton.LeftButton)
    assert page.expiring.isChecked()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=WAIT_MS)
    [(name, status)] = shown()
    assert name == "Tom Tomorrow" and status_word("expiring") in status
    selected = page.selected()
    assert selected is not None and selected.consent.status == "expiring"
    assert page.badge.isVisible()
    qtbot.mouseClick(page.expiring, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.model.rowCount() == 8, timeout=WAIT_MS)
