"""The post composer: one story, a tab per channel, checks as you type, save and submit.

Each tab is a :class:`ChannelEditor` holding that channel's post (the newest one that is not
withdrawn) or an empty draft. 300 ms after the last keystroke the draft is checked on the
worker by :func:`studio.workflow.preview.preview_findings`, which builds the same context submit
uses; answers to older keystrokes are dropped. Saving is ``draft_post`` or ``edit_post``;
submitting asks for justifications of the warnings, then ``submit_post`` decides.

Beside the tabs, the :class:`PreviewPane` shows the draft as a card of its channel, refreshed
with the checks; the pictures it and the crop frames show are decoded on the worker by a
:class:`PictureCache`. Whether Save and Submit are allowed is asked on the worker too, on every
tab change (:class:`ActionGate`).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QImage, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from studio.channels import channel as channel_spec
from studio.checks.base import Finding
from studio.library.library import Library
from studio.models.enums import CHANNELS
from studio.ui import labels
from studio.ui.compose.action_gate import ActionGate
from studio.ui.compose.channel_editor import ChannelEditor
from studio.ui.compose.findings_panel import FindingsPanel
from studio.ui.compose.justify_dialog import JustifyDialog
from studio.ui.compose.picture_cache import PictureCache
from studio.ui.compose.preview_pane import PreviewPane
from studio.ui.compose.unsaved import unsaved_parts
from studio.ui.context import POST, REVIEW, UiContext
from studio.ui.errors import user_message
from studio.ui.pages.base import heading, muted
from studio.ui.thumbnails import load_thumbnails
from studio.ui.widgets.consent_badge import ConsentBadgeWidget
from studio.ui.widgets.palette_follow import set_text_tone
from studio.workflow.library_views import StoryOverview, story_overview
from studio.workflow.post_queries import show_post
from studio.workflow.post_views import PostDetail
from studio.workflow.posts import draft_post, edit_post
from studio.workflow.preview import preview_findings
from studio.workflow.review import check_post, submit_post
from studio.workflow.settings import get_setting

PREVIEW_DELAY_MS = 300


def load_composer(lib: Library, story: str
                  ) -> tuple[StoryOverview, dict[str, PostDetail], str]:
    """The story, per channel its newest post that is not withdrawn, and the organization's
    name for the preview (worker thread)."""
    overview = story_overview(lib, story)
    latest = {p.channel: p for p in overview.posts if p.status != "withdrawn"}
    return (overview, {ch: show_post(lib, p.display_id) for ch, p in latest.items()},
            get_setting(lib, "organization"))


class Composer(QWidget):
    back_requested = Signal()
    loaded = Signal()
    previewed = Signal()

    def __init__(self, ctx: UiContext, story: str, focus: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.story = story
        self._focus = focus                   # a channel name or a P-n to open on
        self._asked = 0
        self.checked_text: str | None = None  # the text the findings shown were made for
        self.editors: dict[str, ChannelEditor] = {}
        back = QPushButton(self.tr("‹ Posts"))
        back.setToolTip(self.tr("Back to the post list (Alt+Left)"))
        back.clicked.connect(self.back_requested)
        QShortcut(QKeySequence("Alt+Left"), self, lambda: self.back_requested.emit(),
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.title = heading(story, 1.2)
        self.badge = ConsentBadgeWidget()
        top = QHBoxLayout()
        top.addWidget(back, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.title, 1)
        top.addWidget(self.badge, 1)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.currentChanged.connect(self._tab_changed)
        self.findings = FindingsPanel()
        self.findings.chosen.connect(lambda f: self.editor().highlight(f))
        self.findings_summary = muted()
        side = QWidget()
        side_column = QVBoxLayout(side)
        side_column.setContentsMargins(8, 0, 0, 0)
        side_column.addWidget(heading(self.tr("Checks"), 1.05))
        side_column.addWidget(self.findings_summary)
        side_column.addWidget(self.findings, 1)
        self.preview = PreviewPane(ctx.lib.timezone)
        self.pictures = PictureCache(ctx, self)
        self.pictures.arrived.connect(self._picture)
        splitter = QSplitter()
        splitter.addWidget(self.tabs)
        splitter.addWidget(self.preview)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 5)
        splitter.setStretchFactor(1, 4)
        splitter.setStretchFactor(2, 3)
        splitter.setChildrenCollapsible(False)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.save_button = QPushButton(self.tr("Save draft"))
        self.save_button.setShortcut(QKeySequence("Ctrl+S"))
        self.save_button.clicked.connect(lambda: self.save())
        self.submit_button = QPushButton(self.tr("Submit for review"))
        self.submit_button.setShortcut(QKeySequence("Ctrl+Return"))
        self.submit_button.clicked.connect(self.submit)
        self.gate = ActionGate(ctx, self, self.save_button, self.submit_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.submit_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self._preview)
        self.reload()

    # -- loading ---------------------------------------------------------------------------
    def reload(self) -> None:
        lib, story = self.ctx.lib, self.story
        self.ctx.query(lambda: load_composer(lib, story), self._show, owner=self,
                       title=self.tr("Posts"))

    def _show(self, result: tuple[StoryOverview, dict[str, PostDetail], str]) -> None:
        overview, details, self.preview.organization = result
        row = overview.detail.row
        self.preview.story_title = row.title
        self.title.setText(self.tr("{title} ({id})").format(title=row.title, id=row.display_id))
        self.badge.set_badge(overview.badge, labels.channels(overview.badge.channels))
        if not self.editors:
            images = tuple(m for m in overview.media if m.kind == "image")
            for name in CHANNELS:
                editor = ChannelEditor(channel_spec(name), self.ctx.lib.timezone, images)
                editor.changed.connect(self._timer.start)
                editor.media.wants_image.connect(self.pictures.want)
                self.editors[name] = editor
                self.tabs.addTab(editor, channel_spec(name).label)
            if images:
                lib, ids = self.ctx.lib, [m.display_id for m in images]
                self.ctx.query(lambda: load_thumbnails(lib, ids), self._thumbnails, owner=self)
        for i, (name, editor) in enumerate(self.editors.items()):
            detail = details.get(name)
            editor.load(detail)
            suffix = f" · {labels.post_status(detail.row.status)}" if detail else ""
            self.tabs.setTabText(i, channel_spec(name).label + suffix)
        focus = self._focus
        self._focus = None
        chosen = next((n for n, d in details.items() if d.row.display_id == focus), focus)
        if chosen not in self.editors:
            chosen = next(iter(details), CHANNELS[0])
        self.tabs.setCurrentWidget(self.editors[chosen])
        self._tab_changed()
        self.loaded.emit()

    def _thumbnails(self, images: list[tuple[str, object]]) -> None:
        for display_id, image in images:
            pixmap = QPixmap.fromImage(image)
            for editor in self.editors.values():
                editor.media.set_thumbnail(display_id, pixmap)

    def _picture(self, display_id: str, image: QImage) -> None:
        for editor in self.editors.values():
            editor.media.set_image(display_id, image)
        self.preview.show_editor(self.editor())

    def editor(self) -> ChannelEditor:
        widget = self.tabs.currentWidget()
        assert isinstance(widget, ChannelEditor)
        return widget

    def _tab_changed(self) -> None:
        """Buttons off until the workflow says whether this tab's post may be saved and
        submitted (on the worker; :class:`ActionGate`), then the checks for this tab."""
        if not self.editors:
            return
        editor = self.editor()
        self.gate.ask(editor.post)
        self.save_button.setText(self.tr("Save draft") if editor.post is None
                                 else self.tr("Save edit"))
        self._preview()

    # -- checks as you type ----------------------------------------------------------------
    def _preview(self) -> None:
        self._timer.stop()
        editor = self.editor()
        self._asked += 1
        asked, lib, story = self._asked, self.ctx.lib, self.story
        name, draft, media = editor.spec.name, editor.draft(), editor.choices()
        self.findings.show_findings([], waiting=True)
        self.preview.show_editor(editor)
        self.ctx.query(lambda: preview_findings(lib, story, name, draft.text, draft.hashtags,
                                                draft.link, media, draft.scheduled_at),
                       lambda found: self._previewed(asked, found, draft.text), owner=self,
                       failed=lambda exc: self._preview_failed(asked, exc))

    def _previewed(self, asked: int, findings: list[Finding], text: str) -> None:
        if asked != self._asked:
            return  # typed on since; a newer check is coming
        self.checked_text = text
        self.findings.show_findings(findings)
        counts = self.findings.counts()
        self.findings_summary.setText(self.tr("{e} error(s), {w} warning(s), {i} note(s). "
                                              "Choose one to see where it is.").format(
            e=counts["error"], w=counts["warning"], i=counts["info"]))
        self.previewed.emit()

    def _preview_failed(self, asked: int, exc: BaseException) -> None:
        if asked == self._asked:
            self.findings.show_findings([])
            self.findings_summary.setText(user_message(exc))

    # -- saving and submitting -------------------------------------------------------------
    def _say(self, text: str, *, error: bool = False) -> None:
        set_text_tone(self.message, "error" if error else None)
        self.message.setText(text)

    def save(self, then: object = None,
             failed: Callable[[str], None] | None = None) -> None:
        editor, lib, story = self.editor(), self.ctx.lib, self.story
        if editor.post is not None and not editor.dirty():
            self._say(self.tr("Nothing to save: {id} is as saved.").format(id=editor.post))
            if callable(then):
                then(editor.post)
            return
        draft, media, loaded = editor.draft(), editor.choices(), editor.loaded
        if editor.post is None:
            def job() -> object:
                return draft_post(lib, story, draft.channel, draft.text,
                                  hashtags=draft.hashtags, link=draft.link, media=media,
                                  scheduled_at=draft.scheduled_at)
        else:
            assert loaded is not None
            changes: dict[str, object] = {}
            if draft.text != loaded.text:
                changes["text"] = draft.text
            if list(draft.hashtags) != list(loaded.hashtags):
                changes["hashtags"] = list(draft.hashtags)
            if draft.link != loaded.link:
                changes["link"] = draft.link
            if editor.media_changed():
                changes["media"] = media
            if draft.scheduled_at != loaded.row.scheduled_at:
                changes["scheduled_at"] = draft.scheduled_at
            post = editor.post

            def job() -> object:
                return edit_post(lib, post, **changes)  # type: ignore[arg-type]
        self._say(self.tr("Saving…"))

        def done(row: object) -> None:
            self._say(self.tr("Saved {id}: {status}, revision {n}.").format(
                id=row.display_id, status=labels.post_status(row.status).lower(),  # type: ignore[attr-defined]
                n=row.revision))  # type: ignore[attr-defined]
            self._focus = row.display_id  # type: ignore[attr-defined]
            if callable(then):
                then(row.display_id)  # type: ignore[attr-defined]

        def refused(exc: BaseException) -> None:
            self._say(user_message(exc), error=True)
            if failed is not None:
                failed(user_message(exc))

        self.ctx.op(job, done, changes={POST}, owner=self, failed=refused)

    # -- unsaved edits (asked about before Quit, Lock and switching library) ---------------
    def unsaved_changes(self) -> str | None:
        """"S-3: Instagram post (text, crops)" for each channel with edits not saved."""
        parts = [unsaved_parts(e) for e in self.editors.values() if e.dirty()]
        return f"{self.story}: {'; '.join(parts)}" if parts else None

    def save_unsaved(self, done: Callable[[str | None], None]) -> None:
        """Save each channel with unsaved edits in turn, as its Save button does."""
        waiting = [e for e in self.editors.values() if e.dirty()]

        def next_one(_post: object = None) -> None:
            if not waiting:
                done(None)
                return
            self.tabs.setCurrentWidget(waiting.pop(0))
            self.save(then=next_one, failed=done)

        next_one()

    def submit(self) -> None:
        self.save(then=self._check_then_submit)

    def _check_then_submit(self, post: str) -> None:
        lib = self.ctx.lib
        self.ctx.query(lambda: check_post(lib, post)[2],
                       lambda found: self._justify_then_submit(post, found), owner=self,
                       failed=lambda exc: self._say(user_message(exc), error=True))

    def _justify_then_submit(self, post: str, findings: list[Finding]) -> None:
        warnings = [f for f in findings if f.severity == "warning"]
        if warnings and not any(f.severity == "error" for f in findings):
            dialog = JustifyDialog(warnings, self)
            dialog.accepted.connect(lambda: self._submit(post, dialog.justifications()))
            dialog.finished.connect(dialog.deleteLater)
            dialog.open()
            return
        self._submit(post, {})

    def _submit(self, post: str, justifications: dict[str, str]) -> None:
        lib = self.ctx.lib
        self._say(self.tr("Submitting…"))
        self.ctx.op(lambda: submit_post(lib, post, justifications),
                    lambda _r: self._say(self.tr("{id} is waiting for review.").format(id=post)),
                    changes={POST, REVIEW}, owner=self,
                    failed=lambda exc: self._say(user_message(exc), error=True))
