"""Choosing an existing library folder with the system's folder dialog.

Shared by the welcome window and the main window's Library menu. A folder that is not a
library is refused here with the reason the workflow gives, before any sign-in is attempted.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QWidget

from studio.ui.dialogs import show_error
from studio.ui.errors import sentence
from studio.workflow.library_setup import why_not_a_library


def _tr(text: str) -> str:
    return QCoreApplication.translate("library_picker", text)


def ask_for_library(parent: QWidget, start: Path) -> Path | None:
    """The folder the person chose, if it is a library; None when cancelled or refused."""
    folder = QFileDialog.getExistingDirectory(parent, _tr("Open a library folder"), str(start))
    if not folder:
        return None
    path = Path(folder)
    problem = why_not_a_library(path)
    if problem is not None:
        show_error(parent, _tr("Not a library"), sentence(problem),
                   _tr("A library is the folder made by “Create a new library…”; it holds "
                       "library.db, keys.json and a media folder."))
        return None
    return path


def start_folder(recent: list[Path], default: Path) -> Path:
    """Where the folder dialog opens: beside the last library used, else the default place."""
    for path in recent:
        if path.parent.is_dir():
            return path.parent
    return default.parent if default.parent.is_dir() else Path.home()
