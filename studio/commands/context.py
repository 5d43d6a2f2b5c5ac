"""What every command needs: where the library is, who acts, the password, and output."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import json
import os
import sys
from pathlib import Path
from typing import Any

from studio.errors import AuthError, BadInput
from studio.library.library import Library, open_library
from studio.paths import default_library_path


class Context:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.json = bool(args.json)
        self._stdin_password: str | None = None

    # -- where and who ---------------------------------------------------------------------
    @property
    def library_path(self) -> Path:
        given = self.args.library or os.environ.get("STUDIO_LIBRARY")
        return Path(given).expanduser() if given else default_library_path()

    @property
    def username(self) -> str:
        name = self.args.user or os.environ.get("STUDIO_USER")
        if not name:
            raise BadInput("say who you are: --user NAME or the STUDIO_USER variable")
        return str(name)

    def password(self, prompt: str = "Password: ") -> str:
        """$STUDIO_PASSWORD, else one line of stdin with --password-stdin, else a prompt."""
        env = os.environ.get("STUDIO_PASSWORD")
        if env:
            return env
        if self.args.password_stdin:
            if self._stdin_password is None:
                self._stdin_password = sys.stdin.readline().rstrip("\r\n")
            if not self._stdin_password:
                raise AuthError("--password-stdin: no password on standard input")
            return self._stdin_password
        if not sys.stdin.isatty():
            raise AuthError("no password: set STUDIO_PASSWORD, use --password-stdin, or run "
                            "in a terminal")
        return getpass.getpass(prompt)

    def new_password(self, whose: str) -> str:
        """A password for a new account: $STUDIO_NEW_PASSWORD, else asked twice."""
        env = os.environ.get("STUDIO_NEW_PASSWORD")
        if env:
            return env
        if not sys.stdin.isatty():
            raise BadInput(f"no password for {whose}: set STUDIO_NEW_PASSWORD or run in a "
                           "terminal")
        first = getpass.getpass(f"New password for {whose}: ")
        if getpass.getpass("Repeat it: ") != first:
            raise BadInput("the two passwords differ")
        return first

    def open(self, *, writes: bool) -> Library:
        lib = open_library(self.library_path, self.username, password=self.password(),
                           read_only=not writes)
        if writes:
            from studio.workflow.maintenance import sweep_expiries

            try:
                sweep_expiries(lib)
            except BaseException:
                lib.close()
                raise
        return lib

    # -- output ----------------------------------------------------------------------------
    def emit(self, text: str, data: dict[str, Any]) -> None:
        """Text for people, or with --json exactly one JSON object for scripts."""
        if self.json:
            sys.stdout.write(json.dumps(data, ensure_ascii=False, default=_json_value) + "\n")
        elif text:
            sys.stdout.write(text.rstrip("\n") + "\n")


def bounded_int(low: int, high: int) -> Any:
    """An argparse type: an integer in [low, high], else a usage error (exit 2)."""
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from exc
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{value} is outside {low} to {high}")
        return value
    return parse


def _json_value(value: Any) -> str:
    """Dates and times as ISO 8601 (with the T), everything else as text."""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def table(rows: list[list[str]], headers: list[str]) -> str:
    """A plain aligned table; cells are single-lined so a story title cannot break it."""
    cells = [[str(c).replace("\n", " ").replace("\r", " ") for c in r] for r in rows]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    lines = [fmt.format(*headers), fmt.format(*("-" * w for w in widths))]
    lines += [fmt.format(*r) for r in cells]
    return "\n".join(line.rstrip() for line in lines)
