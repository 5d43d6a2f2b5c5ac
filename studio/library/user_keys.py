"""Each user's X25519 key pair, so an administrator can hand a new library key to everyone.

Re-keying the library (when a user is disabled) must give every remaining user the new key
without knowing their passwords. So each key slot holds a key pair: the public half in the
clear, the private half sealed (AES-256-GCM) under the key the user's password derives. The
library key is encrypted to the public half with HPKE (RFC 9180: DHKEM(X25519, HKDF-SHA256),
HKDF-SHA256, AES-256-GCM, from the ``cryptography`` package), which anyone holding the public
key can do and only the password's owner can undo.
"""

from __future__ import annotations

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hpke
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)

from studio.library.crypto import DecryptionFailed

_SUITE = hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_256_GCM)


def new_key_pair() -> tuple[bytes, bytes]:
    """(private, public) as raw 32-byte strings."""
    private = X25519PrivateKey.generate()
    return (private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption()),
            private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw))


def encrypt_to(public: bytes, secret: bytes, info: bytes) -> bytes:
    """Encrypt ``secret`` so only the holder of the private half opens it; ``info`` is bound."""
    return _SUITE.encrypt(secret, X25519PublicKey.from_public_bytes(public), info=info)


def decrypt_with(private: bytes, sealed: bytes, info: bytes) -> bytes:
    """Undo :func:`encrypt_to`; :class:`DecryptionFailed` if the key, bytes or info differ."""
    try:
        return _SUITE.decrypt(sealed, X25519PrivateKey.from_private_bytes(private), info=info)
    except (InvalidTag, ValueError) as exc:
        raise DecryptionFailed("the sealed key does not open with this private key") from exc
