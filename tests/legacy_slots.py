"""keys.json as an older studio wrote it (format 1), for the tests of re-keying and upgrades."""

from __future__ import annotations

import base64
import json
from pathlib import Path


def make_format1_slots(path: Path, lib_key: bytes, passwords: dict[str, str]) -> None:
    """Rewrite keys.json as the format 1 studio wrote it (library key sealed by password)."""
    from studio.library.crypto import seal
    from studio.library.keyslots import KdfParams

    data = json.loads((path / "keys.json").read_text())
    data["format"] = 1
    for name, password in passwords.items():
        slot = data["slots"][name]
        salt = base64.b64decode(slot["salt"])
        wrapping = KdfParams(**slot["params"]).derive(password, salt)
        aad = f"{data['library_id']}\x00{name}".encode()
        data["slots"][name] = {k: slot[k] for k in ("kdf", "params", "salt", "failures",
                                                    "last_failure")}
        data["slots"][name]["wrapped_key"] = base64.b64encode(
            seal(wrapping, lib_key, aad)).decode()
    (path / "keys.json").write_text(json.dumps(data))

