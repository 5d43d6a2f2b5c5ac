"""One story: its facts and text, its subject's consent badge, its pictures and its posts.

The facts and the text are a :class:`StoryEditor` (Edit, Save, Cancel); leaving the story
(Back, Escape, opening another one) goes through :meth:`StoryView.request_leave`, which asks
first when there are unsaved changes.

Everything shown comes from :func:`studio.workflow.library_views.story_overview` on the worker;
thumbnails are decrypted in memory on the worker too. Pictures dragged onto the strip are
imported one file at a time through :func:`studio.workflow.media.import_media`, so a broken
file is reported by name and the others still go in.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QPixmap, QShortcut, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from studio.ui import labels
from studio.ui.context import MEDIA, UiContext
from studio.ui.dialogs import show_error
from studio.ui.errors import user_message
from studio.ui.pages.base import configure_table, fit_columns, heading, muted
from studio.ui.pages.media_import import ImportMediaDialog
from studio.ui.story.story_editor import StoryEditor
from studio.ui.thumbnails import load_thumbnails
from studio.ui.widgets.consent_badge import ConsentBadgeWidget
from studio.ui.widgets.dialog_parts import gate
from studio.ui.widgets.media_strip import MediaStrip
from studio.workflow.abilities import why_not_do
from studio.workflow.library_views import StoryOverview, story_overview
from studio.workflow.media import import_media, read_media_file


class StoryView(QWidget):
    """Shows ``display_id``; emits ``back_requested`` when the person goes back to the list."""

    back_requested = Signal()
    loaded = Signal()
    status = Signal(str)              # a line for the status bar (what was saved)

    def __init__(self, ctx: UiContext, display_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.display_id = display_id
        self.overview: StoryOverview | None = None
        self._build()
        self.reload()

    # -- layout ----------------------------------------------------------------------------
    def _build(self) -> None:
        self.back_button = QPushButton(self.tr("‹ Stories"))
        self.back_button.setToolTip(self.tr("Back to the story list (Alt+Left)"))
        self.back_button.clicked.connect(self.request_back)
        QShortcut(QKeySequence("Alt+Left"), self, self.request_back,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        QShortcut(QKeySequence("Escape"), self, self._escape,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.title = heading(self.display_id)
        self.subtitle = muted()
        top = QHBoxLayout()
        top.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignTop)
        titles = QVBoxLayout()
        titles.setSpacing(2)
        titles.addWidget(self.title)
        titles.addWidget(self.subtitle)
        top.addLayout(titles, 1)

        self.editor = StoryEditor(self.ctx, self.display_id)
        self.editor.saved.connect(self.status)
        # The facts and the text live in the editor; these names stay for the screens' tests.
        self.subject_label = self.editor.subject_label
        self.line_label, self.tags_label = self.editor.line_label, self.editor.tags_label
        self.narrative = self.editor.narrative.editor
        left = self.editor

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self._build_right())
        splitter.setStretchFactor(0, 5)
        splitter.setStretchFactor(1, 6)
        splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.addLayout(top)
        layout.addSpacing(6)
        layout.addWidget(splitter, 1)

    def _build_right(self) -> QWidget:
        self.badge = ConsentBadgeWidget()
        self.consent_button = QPushButton(self.tr("Record consent…"))
        self.consent_button.clicked.connect(self._record_consent)
        consent_box = QGroupBox(self.tr("Consent"))
        consent_row = QHBoxLayout(consent_box)
        consent_row.addWidget(self.badge, 1)
        consent_row.addWidget(self.consent_button, 0, Qt.AlignmentFlag.AlignTop)

        self.strip = MediaStrip()
        self.strip.setAccessibleName(self.tr("Pictures of this story"))
        self.strip.files_dropped.connect(self.import_files)
        self.add_media_button = QPushButton(self.tr("Add pictures…"))
        self.add_media_button.clicked.connect(self._choose_files)
        media_box = QGroupBox(self.tr("Pictures"))
        media_column = QVBoxLayout(media_box)
        media_column.addWidget(self.strip)
        media_column.addWidget(self.add_media_button, 0, Qt.AlignmentFlag.AlignRight)

        self.posts_model = QStandardItemModel(0, 4, self)
        self.posts_model.setHorizontalHeaderLabels(
            [self.tr("Post"), self.tr("Channel"), self.tr("Status"), self.tr("Scheduled")])
        self.posts_table = QTableView()
        self.posts_table.setModel(self.posts_model)
        configure_table(self.posts_table, self.tr("Posts of this story"))
        self.posts_table.doubleClicked.connect(self._open_post)
        self.write_button = QPushButton(self.tr("Write posts…"))
        self.write_button.clicked.connect(
            lambda: self.ctx.open_item(f"compose:{self.display_id}"))
        posts_box = QGroupBox(self.tr("Posts"))
        posts_column = QVBoxLayout(posts_box)
        posts_column.addWidget(self.posts_table, 1)
        posts_column.addWidget(self.write_button, 0, Qt.AlignmentFlag.AlignRight)

        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(8, 0, 0, 0)
        column.addWidget(consent_box)
        column.addWidget(media_box)
        column.addWidget(posts_box, 1)
        return right

    # -- loading ---------------------------------------------------------------------------
    def reload(self) -> None:
        lib, story = self.ctx.lib, self.display_id
        self.ctx.query(lambda: story_overview(lib, story), self._show, owner=self,
                       title=self.tr("Story"))

    def _show(self, overview: StoryOverview) -> None:
        self.overview = overview
        row = overview.detail.row
        self.title.setText(row.title)
        self.subtitle.setText(self.tr("{id} · {status} · updated {when}").format(
            id=row.display_id, status=labels.story_status(row.status),
            when=labels.when(row.updated_at, self.ctx.lib.timezone)))
        self.editor.show_detail(overview.detail)
        self.badge.set_badge(overview.badge, labels.channels(overview.badge.channels))
        lib = self.ctx.lib
        gate(self.consent_button, why_not_do(lib, "consent.add"),
              self.tr("Record a signed authorization with the patient present"))
        media_reason = why_not_do(lib, "media.add")
        gate(self.add_media_button, media_reason, self.tr("Add pictures from files"))
        self.strip.accepting = media_reason is None
        gate(self.write_button, why_not_do(lib, "post.draft"),
              self.tr("Draft posts for each channel from this story"))
        self.strip.set_media(overview.media)
        self._fill_posts(overview)
        images = [m.display_id for m in overview.media if m.kind == "image"]
        if images:
            self.ctx.query(lambda: load_thumbnails(lib, images), self._thumbnails, owner=self)
        else:
            self.loaded.emit()

    def _thumbnails(self, images: list[tuple[str, object]]) -> None:
        for display_id, image in images:
            self.strip.set_thumbnail(display_id, QPixmap.fromImage(image))
        self.loaded.emit()

    def _fill_posts(self, overview: StoryOverview) -> None:
        self.posts_model.removeRows(0, self.posts_model.rowCount())
        zone = self.ctx.lib.timezone
        for post in overview.posts:
            cells = [QStandardItem(post.display_id), QStandardItem(labels.channel(post.channel)),
                     QStandardItem(labels.post_status(post.status)),
                     QStandardItem(labels.when(post.scheduled_at, zone))]
            cells[0].setData(post.display_id, Qt.ItemDataRole.UserRole)
            self.posts_model.appendRow(cells)
        fit_columns(self.posts_table, (0, 1, 2))

    # -- leaving ---------------------------------------------------------------------------
    def request_leave(self, proceed: Callable[[], None]) -> None:
        """Run ``proceed`` (going back, opening another story) once unsaved edits are settled."""
        self.editor.confirm_leave(proceed)

    def unsaved_changes(self) -> str | None:
        """"S-3: story text, tags" while edits are not saved; None otherwise."""
        fields = self.editor.unsaved_fields()
        return f"{self.display_id}: {', '.join(fields)}" if fields else None

    def save_unsaved(self, done: Callable[[str | None], None]) -> None:
        if not self.editor.is_dirty():
            done(None)
            return
        self.editor.save(then=lambda: done(None), failed=done)

    def request_back(self) -> None:
        self.request_leave(self.back_requested.emit)

    def _escape(self) -> None:
        if self.editor.editing:
            self.editor.cancel()
        else:
            self.request_back()

    # -- actions ---------------------------------------------------------------------------
    def _open_post(self) -> None:
        index = self.posts_table.currentIndex()
        if index.isValid():
            self.ctx.open_item(self.posts_model.item(index.row(), 0).text())

    def _record_consent(self) -> None:
        if self.overview is not None:
            self.ctx.open_item(f"consent-for:{self.overview.detail.subject_display_id}")

    def _choose_files(self) -> None:
        dialog = QFileDialog(self, self.tr("Add pictures"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.setNameFilter(self.tr("Pictures (*.jpg *.jpeg *.png *.webp *.gif *.bmp *.tif "
                                     "*.tiff)"))
        dialog.filesSelected.connect(lambda names: self.import_files([Path(n) for n in names]))
        dialog.open()

    def import_files(self, files: list[Path]) -> None:
        """Ask for alt text and who is shown, then import each file on the worker."""
        if self.overview is None or not files:
            return
        detail = self.overview.detail
        dialog = ImportMediaDialog(files, detail.row.subject, detail.subject_display_id, self)
        dialog.accepted.connect(lambda: self._import(dialog))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _import(self, dialog: ImportMediaDialog) -> None:
        assert self.overview is not None
        depicts = [self.overview.detail.subject_display_id] if dialog.depicts_box.isChecked() \
            else []
        lib, story = self.ctx.lib, self.display_id
        for path, alt in zip(dialog.files, dialog.alt_texts(), strict=True):
            def job(path: Path = path, alt: str = alt) -> object:
                return import_media(lib, story, read_media_file(path), name=path.name,
                                    alt_text=alt, depicts=depicts)

            def failed(exc: BaseException, path: Path = path) -> None:
                show_error(self, self.tr("Could not add {name}").format(name=path.name),
                           user_message(exc),
                           self.tr("Nothing was stored from this file. Check that it is a "
                                   "picture (JPEG, PNG, WebP, GIF, BMP or TIFF) and try again."))

            self.ctx.op(job, changes={MEDIA}, owner=self, failed=failed)
