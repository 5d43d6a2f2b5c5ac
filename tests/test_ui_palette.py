"""The studio follows the light or the dark palette: text a person reads keeps WCAG AA.

The main screens of a real library are opened under Fusion's light palette and under a typical
dark one. Every visible label is checked against the pixels actually painted behind it (grabbed
from its window), the coloured ones above all (consent pill, error lines, the verify result,
secondary notes), and the word diff's marked runs against their own backgrounds. Switching the
palette while the window is open recolours what was coloured at construction. No ``#rrggbb``
literal is left outside the colour-table modules.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QStyleFactory, QTextBrowser, QWidget
from pytestqt.qtbot import QtBot
from ui_fixtures import PASSWORDS, WAIT_MS, UiHarness
from ui_flows import open_composer, review_page

from conftest import ADMIN, AUTHOR, COMPLIANCE
from studio.ui.main_window import MainWindow
from studio.ui.pages.audit import AuditPage
from studio.ui.pages.consents import ConsentsPage
from studio.ui.pages.stories import StoriesPage
from studio.ui.pages.user_dialogs import AddUserDialog
from studio.ui.sign_in import SignInDialog
from studio.ui.widgets.palette_colors import AA, contrast, error_colour, reference_dark_palette
from studio.ui.widgets.palette_follow import text_tone

UI = Path(__file__).resolve().parents[1] / "studio" / "ui"
COLOUR_TABLES = {UI / "widgets" / "palette_colors.py", UI / "calendar" / "colors.py"}
Role = QPalette.ColorRole


def light_palette() -> QPalette:
    """Fusion's own light palette."""
    style = QStyleFactory.create("Fusion")
    assert style is not None
    return style.standardPalette()


PALETTES = {"light": light_palette, "dark": reference_dark_palette}


@pytest.fixture
def restore_palette(qapp: QApplication) -> Iterator[QApplication]:
    before = qapp.palette()
    yield qapp
    qapp.setPalette(before)
    QApplication.processEvents()


@pytest.fixture(params=sorted(PALETTES))
def theme(request: pytest.FixtureRequest, restore_palette: QApplication) -> str:
    """The whole app under the light or the dark palette, from before any window opens."""
    restore_palette.setPalette(PALETTES[request.param]())
    return str(request.param)


# -- what is painted where ---------------------------------------------------------------------
def painted_background(widget: QWidget) -> QColor:
    """The colour most of ``widget``'s visible area is painted in, grabbed from its window
    (text covers only a small share of a label)."""
    window = widget.window()
    area = widget.visibleRegion().boundingRect()
    image = window.grab(QRect(widget.mapTo(window, area.topLeft()), area.size())).toImage()
    counts = Counter(image.pixel(x, y) for x in range(0, image.width(), 2)
                     for y in range(0, image.height(), 2))
    return QColor.fromRgb(counts.most_common(1)[0][0])


def ink(label: QLabel) -> QColor:
    """The colour the label's text is drawn in (a style sheet's colour lands in its palette)."""
    return label.palette().color(label.foregroundRole())


def read_labels(root: QWidget) -> list[QLabel]:
    """Labels a person reads now: shown, enabled, with text, not scrolled away."""
    return [label for label in [root, *root.findChildren(QLabel)]
            if isinstance(label, QLabel) and label.isVisible() and label.isEnabled()
            and label.text().strip() and not label.visibleRegion().isEmpty()]


def assert_readable(root: QWidget) -> list[QLabel]:
    """Every label in ``root`` reaches AA on what is painted behind it; returns the coloured
    ones (a style sheet colour of their own), so a test can check it met the ones it meant."""
    QApplication.processEvents()
    labels = read_labels(root)
    assert labels, "nothing to check"
    problems = []
    for label in labels:
        text, paper = ink(label), painted_background(label)
        ratio = contrast(text, paper)
        if ratio < AA:
            problems.append(f"{label.text()[:50]!r}: {text.name()} on {paper.name()} "
                            f"is {ratio:.2f}:1")
    assert not problems, problems
    return [label for label in labels if "color" in label.styleSheet()]


def assert_diff_readable(diff: QTextBrowser) -> int:
    """Each run of the word diff on its own background (the box's base when it has none);
    returns how many runs were marked (with a background of their own)."""
    palette = diff.palette()
    marked = 0
    block = diff.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            fmt = fragment.charFormat()
            if fragment.text().strip():
                has_background = fmt.background().style() != Qt.BrushStyle.NoBrush
                marked += has_background
                paper = fmt.background().color() if has_background else \
                    palette.color(Role.Base)
                text = fmt.foreground().color() if \
                    fmt.foreground().style() != Qt.BrushStyle.NoBrush else \
                    palette.color(Role.Text)
                assert contrast(text, paper) >= AA, (fragment.text(), text.name(), paper.name())
            it += 1
        block = block.next()
    assert painted_background(diff.viewport()) == palette.color(Role.Base)
    return marked


# -- the screens -------------------------------------------------------------------------------
def show_story(qtbot: QtBot, window: MainWindow) -> QWidget:
    window.open_item("S-1")
    page = window.page("stories")
    assert isinstance(page, StoriesPage) and page.story_view is not None
    view = page.story_view
    qtbot.waitUntil(lambda: view.overview is not None and view.badge.status == "active",
                    timeout=WAIT_MS)
    return view


def verify_on_audit(qtbot: QtBot, window: MainWindow) -> AuditPage:
    page = window.show_page("audit")
    assert isinstance(page, AuditPage)
    qtbot.mouseClick(page.verify_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "intact" in page.result.text(), timeout=WAIT_MS)
    return page


def check_library_screens(qtbot: QtBot, window: MainWindow) -> None:
    stories = window.show_page("stories")
    assert isinstance(stories, StoriesPage)
    qtbot.waitUntil(lambda: stories.model.rowCount() == 1, timeout=WAIT_MS)
    assert_readable(window)
    view = show_story(qtbot, window)
    coloured = assert_readable(window)
    assert view.badge.pill in coloured  # type: ignore[attr-defined]
    assert view.subtitle in coloured  # type: ignore[attr-defined]  # muted
    consents = window.show_page("consents")
    assert isinstance(consents, ConsentsPage)
    consents.open_item("C-1")
    qtbot.waitUntil(lambda: consents.badge.isVisible() and consents.badge.status == "active",
                    timeout=WAIT_MS)
    assert consents.badge.pill in assert_readable(window)
    packet = review_page(qtbot, window).packet_view
    assert packet.meta in assert_readable(window)
    assert assert_diff_readable(packet.diff) >= 2  # "walking" removed, "dancing" added
    audit = verify_on_audit(qtbot, window)
    assert audit.result in assert_readable(window)
    assert text_tone(audit.result) == "success"


def test_the_library_screens_read_in_light_and_dark(
        qtbot: QtBot, harness: UiHarness, queued: Path, theme: str) -> None:
    window = harness.window(queued, COMPLIANCE)
    assert (window.palette().color(Role.Window).lightness() < 128) == (theme == "dark")
    check_library_screens(qtbot, window)


def test_the_sign_in_error_reads_in_light_and_dark(
        qtbot: QtBot, harness: UiHarness, queued: Path, theme: str) -> None:
    dialog = SignInDialog(queued, harness.worker, user=AUTHOR, auto=False)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.password_edit, "not-the-right-password")
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.error_text() != "", timeout=WAIT_MS)
    coloured = assert_readable(dialog)
    assert dialog.error_label in coloured and text_tone(dialog.error_label) == "error"
    assert len(coloured) >= 2  # the library's name is a secondary note
    window = dialog.palette()
    assert error_colour(window).name() in dialog.error_label.styleSheet()


def test_a_dialogs_error_line_reads_in_light_and_dark(
        qtbot: QtBot, harness: UiHarness, queued: Path, theme: str) -> None:
    window = harness.window(queued, ADMIN)
    dialog = AddUserDialog(window.ctx, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.password, PASSWORDS[AUTHOR])
    qtbot.keyClicks(dialog.again, "something else")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert dialog.error_label.text().startswith("The two passwords differ")
    assert dialog.error_label in assert_readable(dialog)


def test_switching_to_dark_while_open_recolours_what_was_coloured(
        qtbot: QtBot, harness: UiHarness, queued: Path, restore_palette: QApplication) -> None:
    restore_palette.setPalette(light_palette())
    window = harness.window(queued, COMPLIANCE)
    packet = review_page(qtbot, window).packet_view
    light_diff = packet.diff.toHtml()
    audit = verify_on_audit(qtbot, window)
    light_result = audit.result.styleSheet()
    view = show_story(qtbot, window)  # on screen while the palette changes
    pill = view.badge.pill  # type: ignore[attr-defined]
    light_pill = pill.styleSheet()

    restore_palette.setPalette(reference_dark_palette())
    qtbot.waitUntil(lambda: pill.styleSheet() != light_pill, timeout=WAIT_MS)
    # Style sheets naming palette(...) colours (the sidebar's) are resolved again.
    assert painted_background(window.sidebar) == window.palette().color(Role.Base)
    assert pill in assert_readable(window)
    assert audit.result.styleSheet() != light_result
    assert packet.diff.toHtml() != light_diff
    window.show_page("audit")
    assert audit.result in assert_readable(window)
    window.show_page("review")
    assert assert_diff_readable(packet.diff) >= 2

    restore_palette.setPalette(light_palette())  # and back
    qtbot.waitUntil(lambda: pill.styleSheet() == light_pill, timeout=WAIT_MS)
    assert audit.result.styleSheet() == light_result


def test_switching_palette_lays_the_post_preview_out_again(
        qtbot: QtBot, harness: UiHarness, queued: Path, restore_palette: QApplication) -> None:
    restore_palette.setPalette(light_palette())
    composer = open_composer(qtbot, harness.window(queued, AUTHOR))
    card = composer.preview.card
    qtbot.waitUntil(lambda: hasattr(card, "colours"), timeout=WAIT_MS)
    assert card.colours["paper"] == QColor("#ffffff")
    note = composer.preview.note.styleSheet()
    restore_palette.setPalette(reference_dark_palette())
    dark_base = reference_dark_palette().color(Role.Base)
    qtbot.waitUntil(lambda: card.colours["paper"] == dark_base, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: composer.preview.note.styleSheet() != note, timeout=WAIT_MS)
    assert contrast(card.colours["muted"], dark_base) >= AA
    assert assert_readable(composer.preview)


# -- no colour outside the colour tables -------------------------------------------------------
HEX = re.compile(r"#[0-9a-fA-F]{6}\b")


def test_no_hex_colour_outside_the_colour_tables() -> None:
    found = [f"{path.relative_to(UI)}:{n}: {line.strip()}"
             for path in sorted(UI.rglob("*.py")) if path not in COLOUR_TABLES
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if HEX.search(line)]
    assert found == []
    assert all(path.is_file() for path in COLOUR_TABLES)
    assert HEX.search((UI / "widgets" / "palette_colors.py").read_text(encoding="utf-8"))
