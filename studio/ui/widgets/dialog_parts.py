"""Pieces every dialog and screen builds the same way: the error line, OK/Cancel, and a
button gated by the workflow's reason."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studio.ui.widgets.palette_follow import set_text_tone


def error_label() -> QLabel:
    """An empty, wrapping red line where a refusal from the workflow is shown in words (red
    that reads on the light and the dark palette, and follows a change of palette)."""
    label = QLabel()
    label.setWordWrap(True)
    set_text_tone(label, "error")
    return label


def ok_cancel(dialog: QDialog, ok_text: str,
              on_ok: Callable[[], None]) -> tuple[QDialogButtonBox, QPushButton]:
    """OK (renamed to say what it does) runs ``on_ok``; Cancel rejects the dialog."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel)
    ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
    ok.setText(ok_text)
    buttons.accepted.connect(on_ok)
    buttons.rejected.connect(dialog.reject)
    return buttons, ok


def stack(dialog: QDialog, *parts: QWidget | QLayout, min_width: int = 460) -> QVBoxLayout:
    """The usual dialog body: ``parts`` (intro, form, error line, buttons) top to bottom."""
    layout = QVBoxLayout(dialog)
    for part in parts:
        if isinstance(part, QLayout):
            layout.addLayout(part)
        else:
            layout.addWidget(part)
    dialog.setMinimumWidth(min_width)
    return layout


def labelled_row(text: str, field: QWidget, *after: QWidget) -> QHBoxLayout:
    """A mnemonic label (``&Name:``) whose buddy is ``field``, the field stretching, then any
    widgets that go with it (a counter, a button)."""
    label = QLabel(text)
    label.setBuddy(field)
    row = QHBoxLayout()
    row.addWidget(label)
    row.addWidget(field, 1)
    for widget in after:
        row.addWidget(widget)
    return row


def gate(button: QPushButton, reason: str | None, tip: str) -> None:
    """Enable ``button`` only when the workflow gave no reason; the reason is its tooltip."""
    button.setEnabled(reason is None)
    button.setToolTip(tip if reason is None else reason[:1].upper() + reason[1:])
