"""Message boxes that never block the event loop.

``QMessageBox.warning(...)`` runs a nested event loop; if the idle lock fires inside it, the
window it belongs to cannot be torn down cleanly. These boxes are window-modal, opened with
``open()``, parented to the screen that raised them (so locking closes them with it) and
deleted when dismissed.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget


def _box(parent: QWidget, icon: QMessageBox.Icon, title: str, text: str,
         informative: str = "",
         buttons: QMessageBox.StandardButton = QMessageBox.StandardButton.Ok) -> QMessageBox:
    box = QMessageBox(icon, title, text, buttons, parent)
    box.setWindowModality(Qt.WindowModality.WindowModal)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if informative:
        box.setInformativeText(informative)
    box.setAccessibleName(title)
    box.open()
    return box


def show_error(parent: QWidget, title: str, text: str, informative: str = "") -> QMessageBox:
    """Say what happened (``text``) and, when known, what to do next (``informative``)."""
    return _box(parent, QMessageBox.Icon.Warning, title, text, informative)


def show_info(parent: QWidget, title: str, text: str, informative: str = "") -> QMessageBox:
    return _box(parent, QMessageBox.Icon.Information, title, text, informative)


def ask(parent: QWidget, title: str, text: str, buttons: QMessageBox.StandardButton,
        answered: Callable[[QMessageBox.StandardButton], None],
        informative: str = "") -> QMessageBox:
    """A question the same way: ``answered(the standard button clicked)`` once it is answered."""
    box = _box(parent, QMessageBox.Icon.Question, title, text, informative, buttons)
    box.buttonClicked.connect(lambda button: answered(box.standardButton(button)))
    return box
