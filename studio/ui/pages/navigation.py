"""Which screens exist, what they are called, and which one shows a given id.

Screens are imported only when first shown, so opening the window costs one screen, not nine.
"""

from __future__ import annotations

from importlib import import_module

from PySide6.QtCore import QCoreApplication

from studio.ui.context import UiContext
from studio.ui.pages.base import Page

PAGE_KEYS = ("stories", "consents", "media", "posts", "review", "calendar", "exports", "audit",
             "users")

# key -> (module, class)
_PAGES = {
    "stories": ("studio.ui.pages.stories", "StoriesPage"),
    "consents": ("studio.ui.pages.consents", "ConsentsPage"),
    "review": ("studio.ui.pages.review", "ReviewPage"),
    "posts": ("studio.ui.pages.posts", "PostsPage"),
    "calendar": ("studio.ui.pages.calendar", "CalendarPage"),
    "media": ("studio.ui.pages.media", "MediaPage"),
    "audit": ("studio.ui.pages.audit", "AuditPage"),
    "users": ("studio.ui.pages.users", "UsersPage"),
    "search": ("studio.ui.pages.search", "SearchPage"),
    "exports": ("studio.ui.pages.exports", "ExportsPage"),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate("navigation", text)


def page_titles() -> dict[str, str]:
    return {"stories": _tr("Stories"), "consents": _tr("Consents"), "media": _tr("Media"),
            "posts": _tr("Posts"), "review": _tr("Review"), "calendar": _tr("Calendar"),
            "exports": _tr("Exports"), "audit": _tr("Audit"), "users": _tr("Users"),
            "search": _tr("Search")}


def build_page(key: str, ctx: UiContext) -> Page:
    module, name = _PAGES[key]
    page: Page = getattr(import_module(module), name)(ctx)
    return page


def route(target: str) -> str | None:
    """The screen that shows ``target``: an id, or an action such as compose:S-3."""
    upper = target.upper()
    if upper.startswith(("COMPOSE:", "P-")):
        return "posts"
    if upper.startswith(("CONSENT-FOR:", "C-", "PT-")):
        return "consents"
    if upper.startswith("S-"):
        return "stories"
    if upper.startswith("M-"):
        return "media"
    return None
