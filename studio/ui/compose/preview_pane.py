"""The composer's preview column: the current channel's draft as a :class:`PreviewCard`.

It is refreshed with the checks (after a pause in typing, see the composer) and when a picture
arrives from the worker; building the card only lays out text and scales an already decoded,
reduced picture, so it never waits on the library.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette, QResizeEvent
from PySide6.QtWidgets import QScrollArea, QVBoxLayout, QWidget

from studio.ui.compose.channel_editor import ChannelEditor
from studio.ui.compose.preview_card import PreviewCard, PreviewPicture
from studio.ui.pages.base import heading, muted
from studio.ui.widgets.palette_follow import follow_palette

MARGIN = 4


def first_picture(editor: ChannelEditor) -> PreviewPicture | None:
    """The first ticked picture with its crop and alt text, as the card shows it."""
    choices = editor.choices()
    if not choices:
        return None
    choice = choices[0]
    size, image = editor.media.picture(choice.media)
    alt = editor.media.selection().get(choice.media, "")
    return PreviewPicture(size, choice.crop, alt, image)


class PreviewPane(QWidget):
    def __init__(self, zone: ZoneInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.zone = zone
        self.organization = ""
        self.story_title = ""
        self._editor: ChannelEditor | None = None
        self.card = PreviewCard()
        self.note = muted(self.tr("How the post looks on its channel; the picture is what the "
                                  "export sends."))
        holder = QWidget()
        centred = QVBoxLayout(holder)
        centred.setContentsMargins(MARGIN, MARGIN, MARGIN, MARGIN)
        centred.addWidget(self.card, 0, Qt.AlignmentFlag.AlignHCenter)
        centred.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(holder)
        self.scroll.setAccessibleName(self.tr("Preview"))
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 0, 8, 0)
        layout.addWidget(heading(self.tr("Preview"), 1.05))
        layout.addWidget(self.note)
        layout.addWidget(self.scroll, 1)
        follow_palette(self, self._recolour)

    def _recolour(self) -> None:
        """Lay the card out again when the palette changed under it (its colours come from
        the palette when it is laid out)."""
        paper = getattr(self.card, "colours", {}).get("paper")
        if self._editor is not None and paper != self.palette().color(QPalette.ColorRole.Base):
            self.show_editor(self._editor)

    def show_editor(self, editor: ChannelEditor) -> None:
        self._editor = editor
        room = self.scroll.viewport().width() - 2 * MARGIN
        self.card.show_post(editor.spec, self.organization, editor.draft(),
                            first_picture(editor), self.zone, self.story_title, room)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._editor is not None:
            self.show_editor(self._editor)
