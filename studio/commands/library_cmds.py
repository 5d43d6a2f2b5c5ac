"""studio init | demo | backup | restore."""

from __future__ import annotations

import argparse
from pathlib import Path

from studio.commands.context import Context
from studio.library.backup import backup_slots, restore_backup
from studio.library.library import create_library
from studio.library.names import DEFAULT_TIMEZONE
from studio.workflow.maintenance import backup_library


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("init", help="create a new, empty library with its administrator")
    p.add_argument("path", type=Path)
    p.add_argument("--admin", required=True, help="user name of the first administrator")
    p.add_argument("--display-name")
    p.add_argument("--timezone", default=DEFAULT_TIMEZONE)
    p.add_argument("--organization", metavar="NAME",
                   help="the covered entity's name, printed on consent forms")
    p.add_argument("--privacy-contact", metavar="TEXT",
                   help="where patients send a written revocation")
    p.set_defaults(func=init, writes=True)

    p = sub.add_parser("demo", help="create a demo library of fictional people")
    p.add_argument("path", type=Path)
    p.set_defaults(func=demo, writes=True)

    p = sub.add_parser("backup", help="write an encrypted, verified backup file")
    p.add_argument("file", type=Path)
    p.set_defaults(func=backup, writes=True)

    p = sub.add_parser("restore", help="restore a backup file into a new library folder")
    p.add_argument("file", type=Path)
    p.add_argument("path", type=Path)
    p.set_defaults(func=restore, writes=True)


def init(ctx: Context) -> int:
    args = ctx.args
    password = ctx.new_password(args.admin)
    with create_library(args.path, admin=args.admin, password=password,
                        display_name=args.display_name, timezone=args.timezone,
                        organization=args.organization,
                        privacy_contact=args.privacy_contact) as lib:
        ctx.emit(f"Created library {args.path} (administrator: {args.admin}, time zone "
                 f"{lib.timezone.key})",
                 {"library": str(args.path), "admin": args.admin, "timezone": lib.timezone.key,
                  "library_id": lib.library_id})
    return 0


def demo(ctx: Context) -> int:
    from studio.demo import build_demo

    result = build_demo(ctx.args.path)
    lines = [f"Demo library created at {ctx.args.path}", "", "Users (fictional):"]
    lines += [f"  {u.username:<8} {u.password:<24} {', '.join(u.roles)}" for u in result.users]
    lines += ["", f"{result.stories} stories, {result.media} images. Open it with:",
              f"  studio --library {ctx.args.path} --user {result.users[0].username}"]
    ctx.emit("\n".join(lines), {"library": str(ctx.args.path),
                                "users": [u.__dict__ for u in result.users],
                                "stories": result.stories, "media": result.media})
    return 0


def backup(ctx: Context) -> int:
    with ctx.open(writes=True) as lib:
        digests = backup_library(lib, ctx.args.file)
    ctx.emit(f"Backup written and verified: {ctx.args.file} ({len(digests)} files)",
             {"backup": str(ctx.args.file), "files": len(digests)})
    return 0


def restore(ctx: Context) -> int:
    slots = backup_slots(ctx.args.file)
    key = slots.unlock(ctx.username, ctx.password())
    restore_backup(ctx.args.file, ctx.args.path, key)
    ctx.emit(f"Restored {ctx.args.file} into {ctx.args.path}",
             {"backup": str(ctx.args.file), "library": str(ctx.args.path)})
    return 0
