"""The desktop flows several tests walk through: consent wizard, composer, review, exports.

Each helper drives the real widgets the way a person would (clicks, typing, a drawn
signature); the screen tests and the end-to-end path (test_ui_full_path.py) share them.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget, QWizard
from pytestqt.exceptions import TimeoutError
from pytestqt.qtbot import QtBot
from ui_fixtures import WAIT_MS

from studio.ui.compose.composer import Composer
from studio.ui.consent.wizard import ConsentWizard
from studio.ui.main_window import MainWindow
from studio.ui.pages.consents import ConsentsPage
from studio.ui.pages.exports import ExportsPage
from studio.ui.pages.posts import PostsPage
from studio.ui.pages.review import ReviewPage
from studio.ui.widgets.signature_pad import SignaturePad


# -- consent wizard ----------------------------------------------------------------------------
def consents_page(window: MainWindow) -> ConsentsPage:
    page = window.show_page("consents")
    assert isinstance(page, ConsentsPage)
    return page


def open_wizard(qtbot: QtBot, window: MainWindow, subject: str = "PT-1") -> ConsentWizard:
    """Open the wizard on ``subject`` and wait for the worker's people and facts."""
    window.open_item(f"consent-for:{subject}")
    wizard = consents_page(window).wizard
    assert isinstance(wizard, ConsentWizard) and wizard.isVisible()
    qtbot.waitUntil(lambda: wizard.who.facts is not None, timeout=WAIT_MS)
    assert wizard.who.subject() == subject
    return wizard


def next_page(qtbot: QtBot, wizard: QWizard) -> None:
    """Click Next; a page that asks the worker first (the who page) is waited for."""
    page = wizard.currentPage()
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not getattr(page, "checking", False), timeout=WAIT_MS)


def click_option(qtbot: QtBot, button: QWidget) -> None:
    """Click a radio button or check box on its indicator (a form stretches it wide)."""
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2))


def sign(qtbot: QtBot, pad: SignaturePad) -> None:
    """A real drag: press, move through several points, release."""
    points = [QPoint(30, 90), QPoint(80, 40), QPoint(140, 100), QPoint(200, 50),
              QPoint(260, 95)]
    qtbot.mousePress(pad, Qt.MouseButton.LeftButton, pos=points[0])
    for point in points[1:]:
        qtbot.mouseMove(pad, point)
    qtbot.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=points[-1])


def tick(qtbot: QtBot, *boxes: QWidget) -> None:
    """Tick boxes with the keyboard: quick clicks at the same spot of look-alike boxes read
    as double-clicks."""
    for box in boxes:
        qtbot.keyClick(box, Qt.Key.Key_Space)


# -- composer ----------------------------------------------------------------------------------
def open_composer(qtbot: QtBot, window: MainWindow, story: str = "S-1") -> Composer:
    window.open_item(f"compose:{story}")
    page = window.page("posts")
    assert isinstance(page, PostsPage) and page.composer is not None
    composer = page.composer
    qtbot.waitUntil(lambda: bool(composer.editors) and not composer.gate.pending,
                    timeout=WAIT_MS)
    return composer


def show_tab(composer: Composer, channel: str) -> None:
    """Choose ``channel``'s tab and wait for the worker's word on its Save and Submit."""
    composer.tabs.setCurrentWidget(composer.editors[channel])
    deadline = time.monotonic() + WAIT_MS / 1000
    while composer.gate.pending:
        if time.monotonic() > deadline:
            raise TimeoutError(f"no answer on whether {channel}'s post may be saved")
        QApplication.processEvents()
        time.sleep(0.005)


def type_text(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Real key events; QTest types ASCII only, so other characters come as input text."""
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key.Key_unknown,
                                                     Qt.KeyboardModifier.NoModifier, char))


def type_and_wait(qtbot: QtBot, composer: Composer, text: str) -> None:
    """Type, then wait for the findings of exactly what was typed."""
    editor = composer.editor().text
    type_text(qtbot, editor, text)
    qtbot.waitUntil(lambda: composer.checked_text == editor.toPlainText(), timeout=WAIT_MS)


# -- review ------------------------------------------------------------------------------------
def review_page(qtbot: QtBot, window: MainWindow) -> ReviewPage:
    page = window.show_page("review")
    assert isinstance(page, ReviewPage)
    try:
        qtbot.waitUntil(lambda: page.packet_view.packet is not None, timeout=WAIT_MS)
    except TimeoutError as exc:  # say what the screen shows instead of only "timed out"
        boxes = [b.text() for b in window.findChildren(QMessageBox) if b.isVisible()]
        rows = page.table.selectionModel().selectedRows()
        raise AssertionError(
            f"no review packet: queue={[q.post.display_id for q in page.queue]} "
            f"selected={[r.row() for r in rows]} worker pending={window.ctx.worker.pending()} "
            f"message boxes={boxes}") from exc
    return page


# -- exports -----------------------------------------------------------------------------------
def exports_page(window: MainWindow) -> ExportsPage:
    page = window.show_page("exports")
    assert isinstance(page, ExportsPage)
    return page


def answer_file_dialogs(monkeypatch: pytest.MonkeyPatch, folder: Path | None = None,
                        file: Path | None = None) -> list[str]:
    """Make the native file dialogs answer with these paths; returns what they were asked."""
    asked: list[str] = []

    def directory(_parent: QWidget, caption: str, _start: str = "") -> str:
        asked.append(caption)
        return str(folder) if folder else ""

    def save(_parent: QWidget, caption: str, suggested: str = "", _filter: str = ""
             ) -> tuple[str, str]:
        asked.append(f"{caption}|{suggested}|{_filter}")
        return (str(file) if file else "", _filter)

    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(directory))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save))
    return asked


def run_export(qtbot: QtBot, page: ExportsPage) -> None:
    """Click Export and wait until it ends (summary, refusal or failure)."""
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.outcome != "", timeout=60_000)
