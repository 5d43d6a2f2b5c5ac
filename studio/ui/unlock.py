"""Unlocking a library for the sign-in dialog; plain Python, run on the database worker.

Kept apart from the dialog so the keyring policy can be read (and tested) without widgets:
a ticked "Remember me" stores the key, an unticked one forgets it, and a remembered key the
library no longer accepts is dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from studio.errors import AuthError
from studio.library.layout import LibraryLayout

if TYPE_CHECKING:
    from studio.library.library import Library
    from studio.library.upgrade import UpgradeProgress


@dataclass(frozen=True)
class SignInRequest:
    """One attempt. ``password=None`` means: use the key remembered on this computer."""

    user: str
    password: str | None = None
    remember: bool = False
    read_only: bool = False


@dataclass(frozen=True)
class SignInResult:
    library: Library
    remember_failed: bool = False


def _library_id(path: Path) -> str:
    from studio.library.keyslots import KeySlots  # cryptography: loaded on the worker

    return KeySlots.load(LibraryLayout(path).keys).library_id


def has_remembered_key(path: Path, user: str) -> bool:
    """Whether this computer keeps a key for ``user`` (runs on the worker: keyring I/O)."""
    from studio.library import keyring_store  # keyring: loaded here, on the worker

    return keyring_store.recall_key(_library_id(path), user) is not None


def keyring_status() -> tuple[bool, str]:
    """Whether this computer has a keyring to remember a sign-in with, and if not why
    (runs on the worker: loading keyring and finding its backend is slow)."""
    from studio.library import keyring_store

    return keyring_store.keyring_available()


def sign_in(path: Path, request: SignInRequest, progress: UpgradeProgress | None = None,
            cancel: Callable[[], bool] | None = None) -> SignInResult | None:
    """Open the library for ``request`` (runs on the worker); None if no key is remembered.

    ``progress`` and ``cancel`` reach the upgrade of an older library (backup, migrations).

    A remembered key that the library no longer accepts for this user (account removed or
    disabled) is forgotten, so it cannot outlive the account on this computer.
    """
    from studio.library import keyring_store

    library_id = _library_id(path)
    if request.password is None:
        key = keyring_store.recall_key(library_id, request.user)
        if key is None:
            return None  # without loading the library layer: the first window is painting
        from studio.library.library import open_library  # SQLAlchemy, here on the worker

        try:
            return SignInResult(open_library(path, request.user, key=key,
                                             read_only=request.read_only, progress=progress,
                                             cancel=cancel))
        except AuthError:
            keyring_store.forget_key(library_id, request.user)
            raise
    from studio.library.library import open_library

    lib = open_library(path, request.user, password=request.password,
                       read_only=request.read_only, progress=progress, cancel=cancel)
    try:
        if not request.remember:
            keyring_store.forget_key(library_id, request.user)
            return SignInResult(lib)
        remembered = keyring_store.keyring_available()[0] and lib.remember_me()
        return SignInResult(lib, remember_failed=not remembered)
    except BaseException:
        lib.close()
        raise
