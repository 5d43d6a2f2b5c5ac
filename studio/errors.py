"""The errors a person can cause, each with the exit code the CLI contract (CLI.md) gives it.

Every layer raises these; the CLI and the UI show ``str(error)`` as a one-line message and
never a traceback. Anything else that escapes is a bug.
"""

from __future__ import annotations


class StudioError(Exception):
    """Base of every error meant for the person at the keyboard."""

    exit_code = 1


class RuleRefused(StudioError):
    """A workflow rule said no; the message names the rule and what would satisfy it."""

    exit_code = 1


class BadInput(StudioError):
    """An argument, file or value is unusable; the message names which."""

    exit_code = 2


class NotFound(BadInput):
    """A display id or name that names nothing in this library."""


class AuthError(StudioError):
    """Wrong password, unknown or disabled user, or a role that may not do this."""

    exit_code = 3


class LibraryError(StudioError):
    """The library folder cannot be used as it is: missing, damaged, locked, too new."""

    exit_code = 1


class LibraryNotFound(LibraryError):
    """The path given is not a library: bad input (exit 2), naming the path."""

    exit_code = 2


class LibraryDamaged(LibraryError):
    """The encrypted file or a blob failed its integrity check."""


class LibraryLocked(LibraryError):
    """Another process holds the single-writer lock."""


class DiskFull(LibraryError):
    """A write failed because the disk is full or a file size limit was reached.

    Raised in place of the OSError or SQLite error, so the person reads what happened (not
    "damaged", not "internal error") and that nothing half-written was kept.
    """
