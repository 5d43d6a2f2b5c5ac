"""The `studio` command (contract: shared/design/CLI.md).

With no sub-command it opens the desktop app. Every error a person can cause ends as one line
on stderr and the exit code CLI.md promises; a traceback appears only with --debug.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import NoReturn

from studio import __version__
from studio.errors import StudioError
from studio.library.diskfull import disk_full

EXIT_USAGE = 2


def build_parser() -> argparse.ArgumentParser:
    from studio.commands import (
        admin_cmds,
        consent_cmds,
        content_cmds,
        export_cmds,
        library_cmds,
        post_cmds,
    )

    parser = argparse.ArgumentParser(
        prog="studio", description="Patient Story Studio: patient stories to compliant posts. "
        "With no command, opens the desktop app.")
    parser.add_argument("--version", action="version", version=f"studio {__version__}")
    _add_global_options(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    library_cmds.register(sub)
    admin_cmds.register(sub)
    content_cmds.register(sub)
    consent_cmds.register(sub)
    post_cmds.register(sub)
    export_cmds.register(sub)
    return parser


def _add_global_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--library", metavar="PATH",
                        help="library folder (else $STUDIO_LIBRARY, else the default library)")
    parser.add_argument("--user", metavar="NAME", help="acting user (else $STUDIO_USER)")
    parser.add_argument("--json", action="store_true", help="one JSON object on stdout")
    parser.add_argument("--password-stdin", action="store_true",
                        help="read the password from the first line of standard input")
    parser.add_argument("--debug", action="store_true", help="show tracebacks (for developers)")


class _NotDesktop(Exception):
    """The argument list is not the desktop app's (a command, --help, or a mistake)."""


class _DesktopParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _NotDesktop(message)  # never print: the full parser reports what is wrong


def desktop_arguments(argv: Sequence[str] | None) -> argparse.Namespace | None:
    """The global options when ``argv`` names no command (the desktop app), else None.

    Read without the command modules, which import the library layer (SQLAlchemy): the app's
    first window is on screen before that loads. ``--help``, ``--version`` and any command or
    unknown word are left to the full parser.
    """
    parser = _DesktopParser(prog="studio", add_help=False)
    _add_global_options(parser)
    try:
        args, rest = parser.parse_known_args(argv)
    except _NotDesktop:
        return None
    if rest:
        return None
    args.command = None
    return args


def main(argv: Sequence[str] | None = None) -> int:
    desktop = desktop_arguments(argv)
    args = desktop if desktop is not None else build_parser().parse_args(argv)
    if args.command is None:
        from studio.ui.launch import run_app  # Qt is imported only for the desktop app

        return int(run_app(args))
    from studio.commands.context import Context

    try:
        return int(args.func(Context(args)))
    except StudioError as exc:
        if args.debug:
            raise
        print(f"studio: {one_line(str(exc))}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("studio: interrupted; nothing half-written was kept", file=sys.stderr)
        return 130
    except Exception as exc:
        if args.debug:
            raise
        print(f"studio: {one_line(_unexpected(exc))}", file=sys.stderr)
        return 1


def one_line(text: str) -> str:
    """The message on one terminal line, whatever it quotes.

    Messages name files and values a person or an attacker chose: a file name may hold CR/LF
    (forging a second "studio:" line for a script that reads stderr), terminal escapes or a
    right-to-left override. Those characters are shown escaped, never obeyed.
    """
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii")
                   for ch in text)


def _unexpected(exc: Exception) -> str:
    """The one line for an error no layer turned into a StudioError."""
    full = disk_full(exc)
    if full is not None:
        return str(full)
    if isinstance(exc, OSError):
        where = f" ({exc.filename})" if exc.filename else ""
        return f"cannot complete: {exc.strerror or exc}{where}"
    return (f"internal error ({type(exc).__name__}); this is a bug. Run again with --debug "
            "and report the output (it may contain file names, not story text).")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
