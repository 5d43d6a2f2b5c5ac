"""Reading posts for detail views."""

from __future__ import annotations

from studio.library.library import Library
from studio.models import Post
from studio.workflow.lookup import get_by_display_id
from studio.workflow.post_views import PostDetail, post_detail


def show_post(lib: Library, post: str) -> PostDetail:
    with lib.read() as session:
        return post_detail(session, get_by_display_id(session, Post, post))
