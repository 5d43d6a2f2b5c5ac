"""Authenticated encryption of small and large byte strings with AES-256-GCM.

One format everywhere (media blobs, key slots, backups): a version byte, a 12-byte random
nonce, then ciphertext with its 16-byte tag. The caller passes associated data that binds the
ciphertext to where it belongs (a blob name, a user), so a blob copied to another name or a slot
copied to another user fails to decrypt instead of silently meaning something else.
"""

from __future__ import annotations

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

FORMAT_VERSION = 1
NONCE_LEN = 12
TAG_LEN = 16
KEY_LEN = 32
OVERHEAD = 1 + NONCE_LEN + TAG_LEN


class DecryptionFailed(Exception):
    """The key is wrong, or the bytes were changed or belong elsewhere."""


def new_key() -> bytes:
    """A fresh random 256-bit key."""
    return os.urandom(KEY_LEN)


def derive_subkey(master: bytes, purpose: str) -> bytes:
    """A key for one purpose (media, backup...) so one master key never encrypts two kinds."""
    return HKDF(algorithm=hashes.SHA256(), length=KEY_LEN, salt=None,
                info=f"patient-story-studio/{purpose}".encode()).derive(master)


def seal(key: bytes, plaintext: bytes, aad: bytes) -> bytes:
    """Encrypt and authenticate ``plaintext``; ``aad`` is bound but not stored."""
    nonce = os.urandom(NONCE_LEN)
    return bytes([FORMAT_VERSION]) + nonce + AESGCM(key).encrypt(nonce, plaintext, aad)


def open_sealed(key: bytes, sealed: bytes, aad: bytes) -> bytes:
    """Decrypt what :func:`seal` made; raise :class:`DecryptionFailed` on any mismatch."""
    if len(sealed) < OVERHEAD or sealed[0] != FORMAT_VERSION:
        raise DecryptionFailed("not a sealed blob of a known format")
    nonce = sealed[1 : 1 + NONCE_LEN]
    try:
        return AESGCM(key).decrypt(nonce, sealed[1 + NONCE_LEN :], aad)
    except InvalidTag as exc:
        raise DecryptionFailed("authentication failed") from exc
