"""The composer's Save and Submit buttons, enabled only by the workflow's word on the post shown.

On every tab change the composer asks :meth:`ActionGate.ask`: ``why_not_save`` and
``why_not_submit`` run on the database worker, and until they answer both buttons are off with
"Checking…" as their tooltip. An answer for a tab no longer shown (the author moved on) is
dropped, so the buttons always speak for the current tab.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QPushButton, QWidget

from studio.ui.context import UiContext
from studio.ui.errors import sentence, user_message
from studio.workflow.post_abilities import why_not_save, why_not_submit


class ActionGate(QObject):
    settled = Signal()            # the answer for the current tab is shown

    def __init__(self, ctx: UiContext, owner: QWidget, save: QPushButton,
                 submit: QPushButton) -> None:
        super().__init__(owner)
        self.ctx, self.owner = ctx, owner
        self.save, self.submit = save, submit
        self.pending = False
        self._asked = 0

    def _tips(self) -> tuple[str, str]:
        return (self.tr("Save this channel's draft (Ctrl+S)"),
                self.tr("Send it to a compliance officer (Ctrl+Enter)"))

    def ask(self, post: str | None) -> None:
        """Ask the workflow whether ``post`` (None: a new draft) may be saved and submitted."""
        self._asked += 1
        asked, lib = self._asked, self.ctx.lib
        self.pending = True
        for button in (self.save, self.submit):
            button.setEnabled(False)
            button.setToolTip(self.tr("Checking…"))
        self.ctx.query(lambda: (why_not_save(lib, post), why_not_submit(lib, post)),
                       lambda reasons: self._answered(asked, *reasons), owner=self.owner,
                       failed=lambda exc: self._answered(asked, user_message(exc),
                                                         user_message(exc)))

    def _answered(self, asked: int, save: str | None, submit: str | None) -> None:
        if asked != self._asked:
            return                # another tab was chosen since; its answer is coming
        self.pending = False
        for button, reason, tip in ((self.save, save, self._tips()[0]),
                                    (self.submit, submit, self._tips()[1])):
            button.setEnabled(reason is None)
            button.setToolTip(sentence(reason) if reason else tip)
        self.settled.emit()
