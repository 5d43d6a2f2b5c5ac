"""One post under review: the word diff, the findings and justifications, the consents, and
the three decisions.

Every decision is the workflow's: Approve opens the e-signature dialog, Request changes and
Reject call :mod:`studio.workflow.review` with the comment. When the signed-in person may not
review this post (an author, or the compliance officer who wrote the revision), the buttons are
disabled and the workflow's reason is their tooltip and is shown under them.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from studio.ui import labels
from studio.ui.context import POST, REVIEW, UiContext
from studio.ui.errors import sentence, user_message
from studio.ui.pages.base import heading, muted
from studio.ui.review.approve_dialog import ApproveDialog
from studio.ui.widgets.consent_badge import status_word
from studio.ui.widgets.palette_follow import follow_palette, set_text_tone
from studio.ui.widgets.word_diff import diff_html, diff_text, plain_html
from studio.workflow.review import reject_post, request_changes
from studio.workflow.review_queries import ReviewPacket

SEVERITY = {"error": "✕", "warning": "⚠", "info": "ℹ"}


class PacketView(QWidget):
    decided = Signal(str)          # the post id, after any decision was recorded

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.packet: ReviewPacket | None = None
        self.title = heading(self.tr("Select a post to review"), 1.2)
        self.meta = muted()
        self.compare_label = muted()
        self.diff = QTextBrowser()
        self.diff.setAccessibleName(self.tr("Post text with changes marked"))
        self._shown: tuple[ReviewPacket | None, str] = (None, "")
        follow_palette(self.diff, self._render_text)
        self.findings = QListWidget()
        self.findings.setAccessibleName(self.tr("Findings and justifications"))
        self.findings.setWordWrap(True)
        self.consents = QLabel()
        self.consents.setWordWrap(True)
        self.consents.setTextFormat(Qt.TextFormat.RichText)
        self.comment = QPlainTextEdit()
        self.comment.setAccessibleName(self.tr("Comment for the author"))
        self.comment.setPlaceholderText(self.tr("Comment (required to request changes or "
                                                "reject; kept with an approval)"))
        self.comment.setFixedHeight(70)
        self.approve_button = QPushButton(self.tr("&Approve…"))
        self.changes_button = QPushButton(self.tr("Request &changes"))
        self.reject_button = QPushButton(self.tr("Re&ject"))
        self.approve_button.clicked.connect(self._approve)
        self.changes_button.clicked.connect(lambda: self._decide("changes"))
        self.reject_button.clicked.connect(lambda: self._decide("reject"))
        self.reason_label = QLabel()
        self.reason_label.setWordWrap(True)
        set_text_tone(self.reason_label, "error")

        text_box = QGroupBox(self.tr("Text"))
        text_column = QVBoxLayout(text_box)
        text_column.addWidget(self.compare_label)
        text_column.addWidget(self.diff, 1)
        checks_box = QGroupBox(self.tr("Findings at submission"))
        QVBoxLayout(checks_box).addWidget(self.findings)
        consent_box = QGroupBox(self.tr("Consent relied on"))
        QVBoxLayout(consent_box).addWidget(self.consents)
        right = QWidget()
        right_column = QVBoxLayout(right)
        right_column.setContentsMargins(0, 0, 0, 0)
        right_column.addWidget(checks_box, 3)
        right_column.addWidget(consent_box, 1)
        splitter = QSplitter()
        splitter.addWidget(text_box)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)

        buttons = QHBoxLayout()
        buttons.addWidget(self.reason_label, 1)
        for button in (self.reject_button, self.changes_button, self.approve_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.meta)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.comment)
        layout.addLayout(buttons)
        self.show_packet(None)

    def show_packet(self, packet: ReviewPacket | None) -> None:
        self.packet = packet
        self.comment.setEnabled(packet is not None)
        if packet is None:
            self.title.setText(self.tr("Select a post to review"))
            for widget in (self.meta, self.compare_label, self.consents, self.reason_label):
                widget.setText("")
            self.diff.clear()
            self._shown = (None, "")
            self.findings.clear()
            for button in (self.approve_button, self.changes_button, self.reject_button):
                button.setEnabled(False)
            return
        row = packet.detail.row
        self.title.setText(self.tr("{id} · {channel} · {title}").format(
            id=row.display_id, channel=labels.channel(row.channel), title=row.title))
        zone = self.ctx.lib.timezone
        self.meta.setText(self.tr("Revision {n} by {author}; submitted {when}; scheduled {at}; "
                                  "story {story}").format(
            n=row.revision, author=packet.submitted_by or row.author,
            when=labels.when(packet.submitted_at, zone), at=labels.when(row.scheduled_at, zone),
            story=row.story))
        self._show_text(packet)
        self._show_findings(packet)
        self.consents.setText(self._consents_html(packet))
        reason = packet.why_not
        tip = sentence(reason) if reason else ""
        for button in (self.approve_button, self.changes_button, self.reject_button):
            button.setEnabled(reason is None)
            button.setToolTip(tip)
        self.reason_label.setText(tip)

    def _show_text(self, packet: ReviewPacket) -> None:
        if packet.baseline_text is None:
            self.compare_label.setText(self.tr("First revision: nothing to compare with."))
            self.diff.setAccessibleDescription(packet.text)
        else:
            self.compare_label.setText(self.tr("Compared with the {which}: "
                                               "+ added, − removed").format(
                which=packet.baseline_label))
            self.diff.setAccessibleDescription(diff_text(packet.baseline_text, packet.text))
        self._render_text()

    def _render_text(self) -> None:
        """The packet's text into the text box, the changes coloured for the box's palette;
        again after a palette change, but only then (setting the text loses the scroll)."""
        packet, base = self.packet, self.diff.palette().color(QPalette.ColorRole.Base).name()
        if packet is None or (self._shown[0] is packet and self._shown[1] == base):
            return
        self._shown = (packet, base)
        if packet.baseline_text is None:
            self.diff.setHtml(plain_html(packet.text))
        else:
            self.diff.setHtml(diff_html(packet.baseline_text, packet.text, self.diff.palette()))

    def _show_findings(self, packet: ReviewPacket) -> None:
        self.findings.clear()
        words = {"error": self.tr("Error"), "warning": self.tr("Warning"),
                 "info": self.tr("Note")}
        for f in packet.findings:
            text = f"{SEVERITY.get(f.severity, '')} {words.get(f.severity, f.severity)} · " \
                   f"{f.rule}: {f.message}"
            justification = packet.justifications.get(f.rule)
            if justification:
                text += "\n" + self.tr("Justification: {text}").format(text=justification)
            self.findings.addItem(QListWidgetItem(text))
        if not packet.findings:
            self.findings.addItem(self.tr("No findings: every check passed."))

    def _consents_html(self, packet: ReviewPacket) -> str:
        if not packet.consents:
            return escape(self.tr("None recorded for this revision."))
        lines = []
        for c in packet.consents:
            ends = labels.day(c.expires_on, empty="") or c.expiry_event or ""
            lines.append(
                f"<b>{escape(c.display_id)}</b> · {escape(c.subject_name)} · "
                f"<b>{escape(status_word(c.status))}</b> ({escape(c.reason)})<br>"
                + escape(self.tr("Channels: {ch}. Details: {uses}. Ends: {ends}.").format(
                    ch=labels.channels(c.channels),
                    uses=", ".join(labels.use(u) for u in c.uses), ends=ends))
                + (("<br>" + escape(self.tr("Remuneration: {what}").format(
                    what=c.remuneration))) if c.remuneration else ""))
        return "<br><br>".join(lines)

    # -- decisions -------------------------------------------------------------------------
    def _approve(self) -> None:
        packet = self.packet
        if packet is None:
            return
        row = packet.detail.row
        dialog = ApproveDialog(self.ctx, row.display_id, row.digest, packet.signer_name,
                               packet.meaning, self.comment.toPlainText(), self)
        dialog.approved.connect(lambda _row: self._recorded(row.display_id))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _decide(self, which: str) -> None:
        if self.packet is None:
            return
        lib, post = self.ctx.lib, self.packet.detail.row.display_id
        comment = self.comment.toPlainText()
        call = request_changes if which == "changes" else reject_post
        self.reason_label.setText("")
        self.ctx.op(lambda: call(lib, post, comment), lambda _r: self._recorded(post),
                    changes={POST, REVIEW}, owner=self,
                    failed=lambda exc: self.reason_label.setText(user_message(exc)))

    def _recorded(self, post: str) -> None:
        self.comment.clear()
        self.decided.emit(post)
