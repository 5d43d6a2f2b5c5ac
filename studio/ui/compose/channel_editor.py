"""One channel's draft: text with a live count as that channel counts, hashtags, link, time,
pictures with their alt text, and the findings of the checks with their spans highlighted.

Counting is :func:`studio.checks.counting.count` on the text as it will be published
(:func:`composed_text`), so the counter agrees with the check that enforces the limit. Spans are
code-point offsets; Qt's text positions are UTF-16 units, so they are converted before
highlighting (an emoji before the span would otherwise shift it).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QDateTime, Qt, QTime, Signal
from PySide6.QtGui import QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QDateTimeEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from studio.channels import ChannelSpec
from studio.checks.base import Finding, PostDraft
from studio.checks.counting import composed_text, count
from studio.ui.compose.media_picker import MediaPicker
from studio.ui.widgets.palette_colors import HIGHLIGHT, HIGHLIGHT_INK
from studio.ui.widgets.palette_follow import set_text_tone
from studio.workflow.crops import Crop
from studio.workflow.media import MediaRow
from studio.workflow.post_views import PostDetail
from studio.workflow.posts import MediaChoice


def saved_crops(detail: PostDetail | None) -> dict[str, Crop | None]:
    """Each saved picture's crop, by M-n."""
    if detail is None:
        return {}
    return {m: crop for (m, _alt), crop in zip(detail.media, detail.crops, strict=False)}


def utf16(text: str, index: int) -> int:
    """The Qt (UTF-16) position of code-point offset ``index`` in ``text``."""
    return len(text[:index].encode("utf-16-le")) // 2


class ChannelEditor(QWidget):
    changed = Signal()

    def __init__(self, spec: ChannelSpec, zone: ZoneInfo, images: tuple[MediaRow, ...],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.zone = zone
        self.post: str | None = None          # P-n once saved
        self.status = ""
        self.loaded: PostDetail | None = None
        self.saved_at: dt.datetime | None = None
        self.text = QPlainTextEdit()
        self.text.setAccessibleName(self.tr("Post text for {channel}").format(
            channel=spec.label))
        self.text.setPlaceholderText(self.tr("Write the post for {channel}…").format(
            channel=spec.label))
        self.counter = QLabel()
        self.counter.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.counter.setAccessibleName(self.tr("Length"))
        self.hashtags = QLineEdit()
        self.hashtags.setAccessibleName(self.tr("Hashtags"))
        self.hashtags.setPlaceholderText(self.tr("HeartHealth CardiacRehab (without #, "
                                                 "separated by spaces)"))
        self.link = QLineEdit()
        self.link.setAccessibleName(self.tr("Link"))
        self.link.setPlaceholderText("https://")
        self.schedule_box = QCheckBox(self.tr("Schedule for"))
        self.when = QDateTimeEdit()
        self.when.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.when.setCalendarPopup(True)
        self.when.setAccessibleName(self.tr("Scheduled date and time"))
        tomorrow = dt.datetime.now(zone).date() + dt.timedelta(days=1)
        self._set_when(dt.datetime.combine(tomorrow, dt.time(9, 0), zone))
        zone_label = QLabel(self.tr("{zone} (the library's time zone)").format(zone=zone.key))
        self.media = MediaPicker(images, spec)

        form = QFormLayout()
        form.addRow(self.tr("&Hashtags:"), self.hashtags)
        form.addRow(self.tr("&Link:"), self.link)
        when_row = QWidget()
        row = QHBoxLayout(when_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.schedule_box)
        row.addWidget(self.when)
        row.addWidget(zone_label, 1)
        form.addRow(self.tr("Time:"), when_row)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 2)
        layout.addWidget(self.counter)
        layout.addLayout(form)
        layout.addWidget(self.media, 3)

        self.text.textChanged.connect(self._edited)
        for edit in (self.hashtags, self.link):
            edit.textChanged.connect(self._edited)
        self.schedule_box.toggled.connect(self._edited)
        self.when.dateTimeChanged.connect(self._edited)
        self.media.changed.connect(self._edited)
        self._update_counter()

    # -- values ----------------------------------------------------------------------------
    def _set_when(self, moment: dt.datetime) -> None:
        local = moment.astimezone(self.zone)
        self.when.setDateTime(QDateTime(QDate(local.year, local.month, local.day),
                                        QTime(local.hour, local.minute)))

    def tags(self) -> list[str]:
        return [t.lstrip("#") for t in self.hashtags.text().replace(",", " ").split()
                if t.lstrip("#")]

    def scheduled_at(self) -> dt.datetime | None:
        if not self.schedule_box.isChecked():
            return None
        value = self.when.dateTime()
        day, clock = value.date(), value.time()
        return dt.datetime(day.year(), day.month(), day.day(), clock.hour(), clock.minute(),
                           tzinfo=self.zone)

    def link_text(self) -> str | None:
        return self.link.text().strip() or None

    def choices(self) -> list[MediaChoice]:
        return self.media.choices()

    def draft(self) -> PostDraft:
        return PostDraft(self.spec.name, self.text.toPlainText(), tuple(self.tags()),
                         self.link_text(), (), self.scheduled_at())

    def load(self, detail: PostDetail | None) -> None:
        """Show a saved post (or nothing, for a channel without one)."""
        self.loaded = detail
        self.post = detail.row.display_id if detail else None
        self.status = detail.row.status if detail else ""
        widgets = (self.text, self.hashtags, self.link, self.schedule_box, self.when,
                   self.media)
        for widget in widgets:
            widget.blockSignals(True)
        self.text.setPlainText(detail.text if detail else "")
        self.hashtags.setText(" ".join(detail.hashtags) if detail else "")
        self.link.setText(detail.link or "" if detail else "")
        scheduled = detail.row.scheduled_at if detail else None
        self.schedule_box.setChecked(scheduled is not None or detail is None)
        if scheduled is not None:
            self._set_when(scheduled)
        self.media.select(dict(detail.media) if detail else {}, saved_crops(detail))
        for widget in widgets:
            widget.blockSignals(False)
        self.media.request_images()
        self._update_counter()

    def media_changed(self) -> bool:
        """Whether the pictures, their alt texts or their crops differ from the saved post."""
        d = self.loaded
        return d is None or self.media.selection() != dict(d.media) \
            or self.media.crops() != saved_crops(d)

    def dirty(self) -> bool:
        """Whether anything differs from what is saved (always, for an unsaved draft)."""
        d = self.loaded
        if d is None:
            return bool(self.text.toPlainText().strip())
        return (self.text.toPlainText() != d.text or self.tags() != list(d.hashtags)
                or self.link_text() != d.link or self.scheduled_at() != d.row.scheduled_at
                or self.media_changed())

    # -- live feedback ---------------------------------------------------------------------
    def _edited(self) -> None:
        self._update_counter()
        self.text.setExtraSelections([])
        self.changed.emit()

    def counted(self) -> int:
        return count(composed_text(self.draft()), self.spec.counting, self.spec.text_limit,
                     url_weight=self.spec.url_weight).length

    def _update_counter(self) -> None:
        used, limit = self.counted(), self.spec.text_limit
        note = self.tr(" (limit not confirmed by {channel})").format(
            channel=self.spec.label) if self.spec.is_unverified("text_limit") else ""
        if used > limit:
            self.counter.setText(self.tr("{used:,} / {limit:,}: {over:,} over the limit{note}")
                                 .format(used=used, limit=limit, over=used - limit, note=note))
            set_text_tone(self.counter, "error", bold=True)
        else:
            self.counter.setText(self.tr("{used:,} / {limit:,}{note}").format(
                used=used, limit=limit, note=note))
            set_text_tone(self.counter, None)

    def highlight(self, finding: Finding) -> None:
        """Select the span of ``finding`` in the field it names, and show it."""
        if finding.field == "hashtags":
            self.hashtags.setFocus()
            return
        if finding.field == "link":
            self.link.setFocus()
            return
        if finding.field.startswith(("alt:", "media:")):
            self.media.focus_item(finding.field.split(":", 1)[1])
            return
        if finding.field != "text" or finding.span is None:
            return
        text = self.text.toPlainText()
        start, end = (utf16(text, i) for i in finding.span)
        cursor = self.text.textCursor()
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        mark = QTextEdit.ExtraSelection()
        mark.cursor = cursor
        fmt = QTextCharFormat()
        fmt.setBackground(HIGHLIGHT)
        fmt.setForeground(HIGHLIGHT_INK)
        mark.format = fmt
        self.text.setExtraSelections([mark])
        self.text.setTextCursor(cursor)
        self.text.setFocus()
        self.text.ensureCursorVisible()

    def highlighted_text(self) -> str:
        marks = self.text.extraSelections()
        return marks[0].cursor.selectedText() if marks else ""
