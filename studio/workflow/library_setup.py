"""Creating and choosing a library from the desktop: the checks behind the welcome window.

``studio init`` takes its values from the command line; the desktop gathers them in a form.
Both end in :func:`studio.library.library.create_library`; this module adds what a form needs
first: every field checked before anything is written, each refusal naming the field it is
about (so the window can put the message beside it), and the reason a chosen folder cannot be
opened as a library. The password rule is the library's own (check_password_strength), never
a second copy of it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from studio.errors import BadInput, StudioError
from studio.library.kdf import KdfParams, check_password_strength
from studio.library.layout import SUFFIX, LibraryLayout
from studio.library.names import check_timezone, check_username
from studio.workflow.text import clean_text

if TYPE_CHECKING:
    from studio.library.library import Library

# The fields of the new-library form, as named in SetupProblem.field.
NAME, LOCATION, ORGANIZATION, PRIVACY_CONTACT, TIMEZONE = (
    "name", "location", "organization", "privacy_contact", "timezone")
ADMIN, DISPLAY_NAME, PASSWORD, REPEAT = "admin", "display_name", "password", "repeat"


class SetupProblem(BadInput):
    """A value of the new-library form is unusable; ``field`` says which one."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class NewLibraryForm:
    """What a person types to make a library: where, for whom, and its first administrator."""

    location: Path
    name: str
    organization: str
    privacy_contact: str
    timezone: str
    admin: str
    display_name: str
    password: str
    repeat: str


def library_folder(location: Path, name: str) -> Path:
    """The folder a new library called ``name`` gets inside ``location`` (``.studio`` added)."""
    name = name.strip()
    if not name or name in {".", ".."} or any(c in name for c in '/\\:*?"<>|'):
        raise SetupProblem(NAME, "the library name must be a plain folder name, without "
                                 "/ \\ : * ? \" < > |")
    if not name.lower().endswith(SUFFIX):
        name += SUFFIX
    return Path(location).expanduser() / name


def suggest_library_name(location: Path, base: str = "Library") -> str:
    """A name not yet used in ``location``: Library, then Library 2, Library 3..."""
    for n in range(1, 1000):
        name = base if n == 1 else f"{base} {n}"
        if not (Path(location) / f"{name}{SUFFIX}").exists():
            return name
    return base


def why_not_a_library(path: Path) -> str | None:
    """None when ``path`` looks like a library folder; otherwise why it cannot be opened."""
    if not path.exists():
        return f"{path}: this folder does not exist (it may have been moved, renamed or be on " \
               "a drive that is not connected)"
    if not path.is_dir():
        return f"{path}: this is a file, not a library folder"
    layout = LibraryLayout(path)
    if not layout.looks_like_library():
        missing = " and ".join(p.name for p in (layout.db, layout.keys) if not p.is_file())
        verb = "are" if " and " in missing else "is"
        return (f"{path}: this folder is not a Patient Story Studio library ({missing} {verb} "
                f"missing); choose the library folder itself, whose name usually ends in "
                f"{SUFFIX}")
    return None


def why_not_a_new_library_folder(path: Path) -> str | None:
    """None when a library may be created at ``path``; otherwise why not."""
    if LibraryLayout(path).looks_like_library():
        return f"{path}: this folder already holds a library; open it instead, or choose " \
               "another name"
    if path.exists() and not path.is_dir():
        return f"{path}: a file with this name already exists; choose another name"
    if path.is_dir() and any(path.iterdir()):
        return f"{path}: this folder already exists and is not empty; choose another name"
    return None


def password_problem(password: str) -> str | None:
    """The library's password rule, as a message for a live hint; None when it is met."""
    try:
        check_password_strength(password)
    except BadInput as exc:
        return str(exc)
    return None


def _field(field: str, check: Callable[[str], object], value: str) -> None:
    try:
        check(value)
    except StudioError as exc:
        raise SetupProblem(field, str(exc)) from exc


def _clean(field: str, value: str, what: str, max_len: int) -> str:
    try:
        return clean_text(value, what=what, max_len=max_len, single_line=True)
    except BadInput as exc:
        raise SetupProblem(field, str(exc)) from exc


def check_new_library(form: NewLibraryForm) -> Path:
    """Check every field of ``form`` without writing anything; returns the library folder.

    The organization is required here although ``studio init`` lets it wait: a consent form
    cannot be drafted without it, and staff who create a library from the desktop have no
    terminal to set it later.
    """
    path = library_folder(form.location, form.name)
    problem = why_not_a_new_library_folder(path)
    if problem is not None:
        raise SetupProblem(NAME, problem)
    if not _clean(ORGANIZATION, form.organization, "organization", 300):
        raise SetupProblem(ORGANIZATION, "organization: give the name of the hospital or "
                                         "clinic; it is printed on every consent form")
    _clean(PRIVACY_CONTACT, form.privacy_contact, "privacy contact", 300)
    _field(TIMEZONE, check_timezone, form.timezone.strip())
    _field(ADMIN, check_username, form.admin.strip())
    _clean(DISPLAY_NAME, form.display_name, "display name", 200)
    _field(PASSWORD, check_password_strength, form.password)
    if form.repeat != form.password:
        raise SetupProblem(REPEAT, "the two passwords differ; type the same password twice")
    return path


def create_new_library(form: NewLibraryForm, *, kdf: KdfParams | None = None) -> Library:
    """Check ``form``, then create the library and open it signed in as its administrator.

    Slow (an argon2 calibration and two derivations, then the migrations): run it off the UI
    thread. A failure part-way leaves no folder behind (create_library builds under a
    temporary name and renames it into place last).
    """
    from studio.library.library import create_library  # SQLAlchemy: loaded on first use

    path = check_new_library(form)
    return create_library(
        path, admin=form.admin.strip(), password=form.password,
        display_name=clean_text(form.display_name, what="display name", max_len=200,
                                single_line=True) or None,
        timezone=form.timezone.strip(), kdf=kdf,
        organization=clean_text(form.organization, what="organization", max_len=300,
                                single_line=True),
        privacy_contact=clean_text(form.privacy_contact, what="privacy contact", max_len=300,
                                   single_line=True) or None)
