"""The sign-in dialog's "Remember me on this computer" box, and whether this computer can.

Loading keyring and asking it for a backend takes about a tenth of a second (more when the
system's secret service is slow to answer), so the question is asked on the database worker
the first time the box is ticked; without a usable keyring the box unticks itself, turns off,
and says why once.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QWidget

from studio.ui.unlock import keyring_status
from studio.ui.worker import DatabaseWorker


class RememberBox(QCheckBox):
    """Emits ``refused(reason)`` once, when it finds there is no keyring to remember with."""

    refused = Signal(str)

    def __init__(self, worker: DatabaseWorker, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Remember me on this computer"), parent)
        self.touched = False       # ticked or unticked since the dialog opened
        self.unavailable = False   # no keyring here: stays off
        self._worker = worker
        self._status: tuple[bool, str] | None = None
        self._asked = False
        self.toggled.connect(self._toggled)

    def offer(self, remembered: object, *, busy: bool) -> None:
        """A key is already remembered for this person: tick the box, unless they chose."""
        if remembered and not self.touched and not busy:
            self.setChecked(True)

    def set_busy(self, busy: bool) -> None:
        self.setEnabled(not busy and not self.unavailable)

    def _toggled(self, checked: bool) -> None:
        self.touched = True
        if not checked:
            return
        if self._status is not None:
            self._apply(self._status)
        elif not self._asked:
            self._asked = True
            self._worker.submit(keyring_status,
                                lambda status: shiboken6.isValid(self) and self._known(status),
                                lambda _exc: None)

    def _known(self, status: tuple[bool, str]) -> None:
        self._status = status
        if self.isChecked():
            self._apply(status)

    def _apply(self, status: tuple[bool, str]) -> None:
        available, reason = status
        if available:
            return
        self.setChecked(False)
        self.setEnabled(False)
        if not self.unavailable:
            self.unavailable = True
            self.refused.emit(reason)
