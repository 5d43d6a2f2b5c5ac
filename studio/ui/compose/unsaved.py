"""What a channel's draft holds that is not saved, in words (names of fields, never text).

Quit, Lock and switching library list these before asking Save / Discard / Cancel, and an idle
lock names them after the next sign-in, so they must not carry the post's text.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from studio.ui.compose.channel_editor import ChannelEditor


def _tr(text: str) -> str:
    return QCoreApplication.translate("unsaved", text)


def unsaved_parts(editor: ChannelEditor) -> str:
    """"Instagram post (text, hashtags)", or "new Facebook post" for a draft never saved."""
    label, saved = editor.spec.label, editor.loaded
    if saved is None:
        return _tr("new {channel} post").format(channel=label)
    fields = [name for name, changed in (
        (_tr("text"), editor.text.toPlainText() != saved.text),
        (_tr("hashtags"), editor.tags() != list(saved.hashtags)),
        (_tr("link"), editor.link_text() != saved.link),
        (_tr("time"), editor.scheduled_at() != saved.row.scheduled_at),
        (_tr("pictures, alt text or crops"), editor.media_changed())) if changed]
    return _tr("{post} ({channel}): {fields}").format(post=saved.row.display_id,
                                                      channel=label, fields=", ".join(fields))
