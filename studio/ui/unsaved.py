"""Before Quit, Lock and switching library: what is typed and not saved, and what to do.

Each screen names its unsaved edits (:meth:`Page.unsaved_changes`, names only) and can save
them the way its own Save does (:meth:`Page.save_unsaved`, through ``ctx.op``). The window asks
Save / Discard / Cancel listing them; Save saves every one in turn and goes on only when all
were saved; a refusal cancels and is shown. The idle lock asks nothing (a question would keep
the library open on an unattended screen): it locks, the edits go with the window, and the
app names them after the next sign-in (:func:`discarded_note`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from studio.ui.dialogs import ask, show_error

if TYPE_CHECKING:
    from studio.ui.pages.base import Page

Button = QMessageBox.StandardButton


def _tr(text: str) -> str:
    return QCoreApplication.translate("unsaved", text)


def unsaved_on(pages: Iterable[Page]) -> list[tuple[Page, str]]:
    """Each screen with unsaved edits and its line naming them."""
    return [(page, line) for page in pages if (line := page.unsaved_changes())]


def settle_unsaved(parent: QWidget, pages: Iterable[Page], doing: str,
                   proceed: Callable[[], None],
                   cancelled: Callable[[], None] | None = None) -> QMessageBox | None:
    """Run ``proceed`` now when nothing is unsaved; otherwise ask, and run it after Discard or
    after every save succeeded. ``doing`` names the step ("quitting"). Returns the question."""
    waiting = unsaved_on(pages)
    if not waiting:
        proceed()
        return None

    def answered(answer: Button) -> None:
        if answer == Button.Discard:
            proceed()
        elif answer == Button.Save:
            save_all(parent, waiting, proceed, cancelled)
        elif cancelled is not None:
            cancelled()

    box = ask(parent, _tr("Unsaved changes"),
              _tr("These changes are not saved:") + "\n" + "\n".join(
                  f"• {line}" for _page, line in waiting),
              Button.Save | Button.Discard | Button.Cancel, answered,
              _tr("Save them before {doing}?").format(doing=doing))
    box.setDefaultButton(Button.Save)
    return box


def save_all(parent: QWidget, waiting: list[tuple[Page, str]], proceed: Callable[[], None],
             cancelled: Callable[[], None] | None = None) -> None:
    """Save each screen's edits in turn; ``proceed`` only when none was refused."""
    queue, refused = list(waiting), []

    def next_one() -> None:
        if queue:
            page, line = queue.pop(0)
            page.save_unsaved(lambda reason: saved(line, reason))
            return
        if not refused:
            proceed()
            return
        show_error(parent, _tr("Not saved"), "\n".join(refused),
                   _tr("Nothing else happened: correct what is named here and save again, or "
                       "choose Discard to leave without these changes."))
        if cancelled is not None:
            cancelled()

    def saved(line: str, reason: str | None) -> None:
        if reason is not None:
            refused.append(f"{line}: {reason}")
        next_one()

    next_one()


def discarded_note(lines: list[str]) -> str:
    """What the person is told after signing in again: which edits the idle lock discarded."""
    return _tr("The library locked itself after the idle time while these changes were not "
               "saved; they were discarded (nothing of them was kept): {what}").format(
        what="; ".join(lines))
