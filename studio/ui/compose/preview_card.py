"""A card that looks like the post on its channel: the organisation's name, the scheduled time
in the library's time zone, the text with hashtags and links styled, and the first picture cut
to exactly what the export sends (alt text as its tooltip).

The layout per channel family is :mod:`preview_styles`; the text and its "see more" cut are
:mod:`preview_text`. Every colour is taken from the palette (card = Base, text = Text, links a
Link colour made readable on Base), so the card reads in light and dark themes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from html import escape
from zoneinfo import ZoneInfo

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QFont, QImage, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from studio.channels import ChannelSpec
from studio.checks.base import PostDraft
from studio.ui.compose.preview_styles import CardStyle, card_style
from studio.ui.compose.preview_text import PreviewText, preview_text
from studio.ui.widgets.palette_colors import mix, readable
from studio.ui.widgets.palette_follow import surroundings
from studio.workflow.crops import Crop, export_plan, exported_crop

AVATAR = 40
PAD = 12
MIN_WIDTH = 260


@dataclass(frozen=True)
class PreviewPicture:
    size: tuple[int, int]        # the stored picture's pixels
    crop: Crop | None
    alt_text: str
    image: QImage | None         # decoded (reduced) picture; None while it loads


class PreviewCard(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("previewCard")
        self.setAccessibleName(self.tr("Preview of the post"))
        self.style_: CardStyle = card_style("")
        self.card_width = self.style_.width
        self.text: PreviewText | None = None
        self.avatar = QLabel()
        self.name = QLabel()
        self.name.setAccessibleName(self.tr("Account name"))
        bold = QFont(self.name.font())
        bold.setBold(True)
        self.name.setFont(bold)
        self.name.setWordWrap(True)
        self.when = QLabel()
        self.when.setWordWrap(True)
        self.when.setAccessibleName(self.tr("Scheduled time"))
        self.title = QLabel()
        self.title.setWordWrap(True)
        big = QFont(bold)
        big.setPointSizeF(big.pointSizeF() * 1.4)
        self.title.setFont(big)
        self.body = QLabel()
        self.body.setWordWrap(True)
        self.body.setTextFormat(Qt.TextFormat.RichText)
        self.body.setAccessibleName(self.tr("Post text"))
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.picture = QLabel()
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.actions = QLabel()
        self.header = QWidget()
        header = QGridLayout(self.header)      # the avatar beside the name over the time
        header.setContentsMargins(0, 0, 0, 0)
        header.setHorizontalSpacing(8)
        header.setVerticalSpacing(0)
        header.addWidget(self.avatar, 0, 0, 2, 1, Qt.AlignmentFlag.AlignTop)
        header.addWidget(self.name, 0, 1)
        header.addWidget(self.when, 1, 1)
        header.setColumnStretch(1, 1)
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(PAD, PAD, PAD, PAD)
        self.column.setSpacing(8)
        for widget in (self.title, self.header, self.picture, self.body, self.actions):
            self.column.addWidget(widget)      # parented to the card from the start

    # -- showing a post ----------------------------------------------------------------------
    def show_post(self, spec: ChannelSpec, organization: str, draft: PostDraft,
                  picture: PreviewPicture | None, zone: ZoneInfo, title: str = "",
                  max_width: int | None = None) -> None:
        """Lay the post out as ``spec``'s channel family shows it, at most ``max_width`` wide
        (a phone-like width where there is room)."""
        self.style_ = style = card_style(spec.name)
        self.card_width = max(MIN_WIDTH, min(style.width, max_width or style.width))
        self.setFixedWidth(self.card_width)
        palette = surroundings(self)  # its own palette carries its style sheet's colours
        paper, ink = palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Text)
        self.colours = {"paper": paper, "ink": ink, "muted": readable(mix(ink, paper, 0.6),
                                                                      paper, ink),
                        "link": readable(palette.color(QPalette.ColorRole.Link), paper, ink),
                        "line": mix(ink, paper, 0.25)}
        self.setStyleSheet(
            f"QFrame#previewCard {{ background: {paper.name()}; border: 1px solid "
            f"{self.colours['line'].name()}; border-radius: {style.rounded}px; }}"
            f" QFrame#previewCard QLabel {{ color: {ink.name()}; background: transparent;"
            " border: none; }")
        name = organization or self.tr("Your organization")
        self.name.setText(name)
        self.avatar.setPixmap(self._avatar(name, palette))
        self.when.setText(self._when(draft.scheduled_at, zone, spec.label))
        self.when.setStyleSheet(f"color: {self.colours['muted'].name()};")
        self.title.setText(title)
        self.text = preview_text(draft, limit=spec.see_more_after,
                                 link_colour=self.colours["link"].name(),
                                 links_clickable=spec.links_clickable,
                                 more=self.tr(style.more_word))
        html = self.text.html
        if style.name_in_caption:
            html = f"<b>{escape(name)}</b> {html}"
        self.body.setText(html)
        self._show_picture(spec, picture)
        self.actions.setText("   ·   ".join(self.tr(a) for a in style.actions))
        self.actions.setStyleSheet(f"color: {self.colours['muted'].name()};")
        self._arrange(style, picture is not None)

    def _when(self, moment: dt.datetime | None, zone: ZoneInfo, channel: str) -> str:
        if moment is None:
            return self.tr("{channel} · not scheduled yet").format(channel=channel)
        local = moment.astimezone(zone)
        return self.tr("{channel} · {when} ({zone})").format(
            channel=channel, when=local.strftime("%a %d %b %Y, %H:%M"), zone=zone.key)

    def _avatar(self, name: str, palette: QPalette) -> QPixmap:
        initials = "".join(w[0] for w in name.split()[:2] if w[:1].isalnum()).upper() or "?"
        ratio = self.devicePixelRatioF()
        pixmap = QPixmap(int(AVATAR * ratio), int(AVATAR * ratio))
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(palette.color(QPalette.ColorRole.Highlight))
        box = QRectF(0, 0, AVATAR, AVATAR)
        if self.style_.square_avatar:
            painter.drawRoundedRect(box, 6, 6)
        else:
            painter.drawEllipse(box)
        painter.setPen(palette.color(QPalette.ColorRole.HighlightedText))
        font = QFont(self.font())
        font.setBold(True)
        painter.setFont(font)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, initials)
        painter.end()
        return pixmap

    def _show_picture(self, spec: ChannelSpec, picture: PreviewPicture | None) -> None:
        self.picture.setToolTip(picture.alt_text if picture else "")
        self.picture.setAccessibleName(self.tr("Picture: {alt}").format(
            alt=picture.alt_text) if picture else "")
        if picture is None:
            self.picture.clear()
            return
        width = self.card_width - 2 * PAD - 2
        out_w, out_h = export_plan(spec, picture.crop, *picture.size).size  # the exported shape
        height = round(width * out_h / out_w)
        x, y, w, h = exported_crop(spec, picture.crop, *picture.size)
        image = picture.image
        if image is None or image.isNull():
            self.picture.setFixedSize(width, height)
            self.picture.setText(self.tr("Loading picture…"))
            self.picture.setStyleSheet(f"background: {self.colours['line'].name()};")
            return
        region = QRect(round(x * image.width()), round(y * image.height()),
                       max(1, round(w * image.width())), max(1, round(h * image.height())))
        ratio = self.devicePixelRatioF()
        scaled = image.copy(region).scaled(int(width * ratio), int(height * ratio),
                                           Qt.AspectRatioMode.IgnoreAspectRatio,
                                           Qt.TransformationMode.SmoothTransformation)
        pixmap = QPixmap.fromImage(scaled)
        pixmap.setDevicePixelRatio(ratio)
        self.picture.setStyleSheet("")
        self.picture.setFixedSize(width, height)
        self.picture.setPixmap(pixmap)

    def _arrange(self, style: CardStyle, has_picture: bool) -> None:
        while self.column.count():
            self.column.takeAt(0)           # the widgets stay the card's children
        article = style.family == "article"
        order: list[QWidget] = [self.title] if article else []
        order.append(self.header)
        body = [self.picture, self.body] if style.picture_first else [self.body, self.picture]
        order += [w for w in body if w is not self.picture or has_picture]
        if style.actions:
            order.append(self.actions)
        for widget in order:
            self.column.addWidget(widget)
        self.column.addStretch(1)
        for widget in (self.title, self.header, self.picture, self.body, self.actions):
            widget.setVisible(widget in order)

    def shown_text(self) -> str:
        """The text the card shows, without markup."""
        return self.text.plain if self.text else ""

    def shown_picture(self) -> QImage | None:
        pixmap = self.picture.pixmap()
        return None if pixmap is None or pixmap.isNull() else pixmap.toImage()
