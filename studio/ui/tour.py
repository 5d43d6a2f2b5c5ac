"""A short guided tour of the main window: a dimmed overlay with a hole over one widget.

Shown on a person's first sign-in on this computer (the app remembers their user name only)
and again from Help ▸ Guided tour. Which screens it points at follows what the workflow lets
the signed-in person do (``why_not``), so an author hears about stories, consents and posts,
a compliance officer about the review queue, an administrator about users.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPoint, QRect, Qt, Signal
from PySide6.QtGui import (
    QFont,
    QKeySequence,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QShortcut,
)
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from studio.ui.widgets.palette_colors import VEIL
from studio.ui.widgets.palette_follow import set_text_tone
from studio.workflow.access import why_not

if TYPE_CHECKING:
    from studio.ui.main_window import MainWindow

Target = Callable[[], QRect | None]  # where the step points, in the window's coordinates
CARD_WIDTH = 340
GAP = 14


@dataclass(frozen=True)
class TourStep:
    title: str
    text: str
    target: Target


def _tr(text: str) -> str:
    return QCoreApplication.translate("tour", text)


def tour_steps(window: MainWindow) -> list[TourStep]:
    """The steps for the person signed in to ``window``, in order."""
    def whole(widget: QWidget) -> Target:
        return lambda: QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())

    def screen(key: str) -> Target:
        def rect() -> QRect | None:
            item = next((window.sidebar.item(i) for i in range(window.sidebar.count())
                         if window.sidebar.item(i).data(Qt.ItemDataRole.UserRole) == key), None)
            if item is None:
                return None
            local = window.sidebar.visualItemRect(item)
            return QRect(window.sidebar.viewport().mapTo(window, local.topLeft()), local.size())
        return rect

    def help_menu() -> QRect | None:
        action = window.help_menu.menuAction()
        local = window.menuBar().actionGeometry(action)
        return QRect(window.menuBar().mapTo(window, local.topLeft()), local.size())

    actor = window.lib.actor
    steps = [
        TourStep(_tr("The screens"), _tr(
            "Every part of the studio is listed here. Click one, or press Ctrl+1, Ctrl+2… "
            "to jump to it."), whole(window.sidebar)),
        TourStep(_tr("Search the whole library"), _tr(
            "Type a word, a person's name or an id such as S-3 or P-7: results appear as you "
            "type. Ctrl+F brings you here from anywhere."), whole(window.search_edit)),
    ]
    by_ability = [
        ("story.add", "stories", _tr("Stories"), _tr(
            "Each patient story lives here with its text, images and a badge that says "
            "whether the patient's consent covers it.")),
        ("consent.add", "consents", _tr("Consent comes first"), _tr(
            "No story becomes a post without the patient's signed authorization. The consent "
            "wizard walks you through it with the patient present, then prints the form.")),
        ("post.draft", "posts", _tr("Posts and the composer"), _tr(
            "Write a post for each channel: the composer counts characters as the channel "
            "does, checks the text as you type and sends it for review.")),
        ("post.review", "review", _tr("Your review queue"), _tr(
            "Posts waiting for your decision, oldest first, with the changes since the last "
            "approval. Approving asks for your password: it is your electronic signature.")),
        ("user.manage", "users", _tr("Users"), _tr(
            "Add staff accounts, give each person their roles, and disable the account of "
            "someone who leaves.")),
    ]
    steps += [TourStep(title, text, screen(key)) for action, key, title, text in by_ability
              if why_not(actor, action) is None and key in window.visible_keys]
    steps.append(TourStep(_tr("That's the tour"), _tr(
        "Open it again any time from Help ▸ Guided tour. Ctrl+L locks the studio when you step "
        "away."), help_menu))
    return steps


class TourOverlay(QWidget):
    """Dims ``window`` except the widget the current step is about; Esc ends the tour."""

    finished = Signal()

    def __init__(self, window: MainWindow, steps: list[TourStep]) -> None:
        super().__init__(window)
        self._window = window
        self.steps = steps
        self.index = 0
        self.setAccessibleName(self.tr("Guided tour"))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._build_card()
        for keys, slot in (("Esc", self.finish), ("Right", self.next), ("Return", self.next),
                           ("Enter", self.next), ("Left", self.back)):
            shortcut = QShortcut(QKeySequence(keys), self, slot)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        window.installEventFilter(self)
        self.setGeometry(window.rect())
        self._show_step()
        self.show()
        self.raise_()
        self.setFocus()

    def _build_card(self) -> None:
        self.card = QFrame(self)
        self.card.setObjectName("tourCard")
        self.card.setAccessibleName(self.tr("Guided tour step"))
        self.card.setStyleSheet("QFrame#tourCard { background: palette(window); "
                                "border: 1px solid palette(mid); border-radius: 8px; }")
        self.card.setFixedWidth(CARD_WIDTH)
        self.title_label = QLabel()
        font = QFont(self.title_label.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title_label.setFont(font)
        self.text_label = QLabel()
        self.text_label.setWordWrap(True)
        self.count_label = QLabel()
        set_text_tone(self.count_label, "muted")
        self.skip_button = QPushButton(self.tr("Skip tour"))
        self.back_button = QPushButton(self.tr("Back"))
        self.next_button = QPushButton(self.tr("Next"))
        for button, slot, name in ((self.skip_button, self.finish, self.tr("Skip the tour")),
                                   (self.back_button, self.back, self.tr("Previous step")),
                                   (self.next_button, self.next, self.tr("Next step"))):
            button.clicked.connect(slot)
            button.setAccessibleName(name)
        buttons = QHBoxLayout()
        buttons.addWidget(self.count_label)
        buttons.addStretch(1)
        buttons.addWidget(self.skip_button)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)
        column = QVBoxLayout(self.card)
        column.setContentsMargins(16, 14, 16, 12)
        column.addWidget(self.title_label)
        column.addWidget(self.text_label)
        column.addSpacing(6)
        column.addLayout(buttons)

    # -- stepping ----------------------------------------------------------------------------
    def next(self) -> None:
        if self.index + 1 >= len(self.steps):
            self.finish()
            return
        self.index += 1
        self._show_step()

    def back(self) -> None:
        if self.index > 0:
            self.index -= 1
            self._show_step()

    def finish(self) -> None:
        self._window.removeEventFilter(self)
        self.hide()
        self.deleteLater()
        self.finished.emit()

    def current(self) -> TourStep:
        return self.steps[self.index]

    def _show_step(self) -> None:
        step = self.current()
        last = self.index + 1 == len(self.steps)
        self.title_label.setText(step.title)
        self.text_label.setText(step.text)
        self.count_label.setText(self.tr("{n} of {total}").format(n=self.index + 1,
                                                                  total=len(self.steps)))
        self.back_button.setEnabled(self.index > 0)
        self.next_button.setText(self.tr("Done") if last else self.tr("Next"))
        self.skip_button.setVisible(not last)
        self._place_card()
        self.update()

    def highlighted(self) -> QRect | None:
        """The rectangle the current step points at, in window coordinates."""
        return self.current().target()

    def _place_card(self) -> None:
        self.card.adjustSize()
        size, area = self.card.size(), self.rect()
        hole = self.highlighted()
        if hole is None:
            spot = area.center() - QPoint(size.width() // 2, size.height() // 2)
        elif hole.right() + GAP + size.width() < area.right():       # to the right of it
            spot = QPoint(hole.right() + GAP, hole.top())
        else:                                                        # below it
            spot = QPoint(hole.left(), hole.bottom() + GAP)
        x = min(max(spot.x(), GAP), area.width() - size.width() - GAP)
        y = min(max(spot.y(), GAP), area.height() - size.height() - GAP)
        self.card.move(x, y)

    # -- painting and following the window ---------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        shade = QPainterPath()
        shade.addRect(self.rect())
        hole = self.highlighted()
        if hole is not None:
            ring = hole.adjusted(-4, -4, 4, 4).intersected(self.rect().adjusted(2, 2, -2, -2))
            cut = QPainterPath()
            cut.addRoundedRect(ring, 6, 6)
            shade = shade.subtracted(cut)
            painter.setPen(QPen(self.palette().highlight().color(), 3))
            painter.drawRoundedRect(ring, 6, 6)
        painter.fillPath(shade, VEIL)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() == QEvent.Type.Resize:
            self.setGeometry(self._window.rect())
            self._place_card()
        return False
