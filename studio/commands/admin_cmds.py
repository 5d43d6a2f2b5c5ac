"""studio user | audit."""

from __future__ import annotations

import argparse
import sys

from studio.commands.context import Context, bounded_int, table
from studio.errors import LibraryDamaged, LibraryNotFound
from studio.library.keyslots import KeySlots
from studio.library.layout import LibraryLayout
from studio.library.verify import verify_library
from studio.workflow import audit_log, users


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    user = sub.add_parser("user", help="staff accounts (administrators)").add_subparsers(
        dest="action", required=True, metavar="ACTION")
    p = user.add_parser("add", help="add a user; password from STUDIO_NEW_PASSWORD or asked")
    p.add_argument("name")
    p.add_argument("--role", action="append", required=True,
                   choices=["author", "compliance", "admin"], help="repeat for several roles")
    p.add_argument("--display-name")
    p.set_defaults(func=user_add, writes=True)
    p = user.add_parser("list", help="list users and their roles")
    p.set_defaults(func=user_list, writes=False)
    p = user.add_parser("disable", help="disable a user and re-key the library without them")
    p.add_argument("name")
    p.set_defaults(func=user_disable, writes=True)
    p = user.add_parser("set-password", help="give a user a new password; from "
                        "STUDIO_NEW_PASSWORD or asked")
    p.add_argument("name")
    p.set_defaults(func=user_set_password, writes=True)

    sett = sub.add_parser("settings", help="library-wide settings (administrators)")\
        .add_subparsers(dest="action", required=True, metavar="ACTION")
    p = sett.add_parser("show", help="show the library's settings")
    p.set_defaults(func=settings_show, writes=False)
    p = sett.add_parser("set", help="change a setting: organization, privacy_contact")
    p.add_argument("key", choices=["organization", "privacy_contact"])
    p.add_argument("value")
    p.set_defaults(func=settings_set, writes=True)

    aud = sub.add_parser("audit", help="the tamper-evident audit log").add_subparsers(
        dest="action", required=True, metavar="ACTION")
    p = aud.add_parser("verify", help="check every page, the structure and the audit chain")
    p.set_defaults(func=audit_verify, writes=False)
    p = aud.add_parser("list", help="list audit events, newest first")
    p.add_argument("--entity", help="only events about this id (S-12, P-3, user:alex)")
    p.add_argument("--limit", type=bounded_int(1, 100_000), default=100)
    p.set_defaults(func=audit_list, writes=False)


def user_add(ctx: Context) -> int:
    a = ctx.args
    with ctx.open(writes=True) as lib:
        users.add_user(lib, a.name, ctx.new_password(a.name), a.role, a.display_name)
    ctx.emit(f"Added user {a.name} ({', '.join(sorted(set(a.role)))})",
             {"user": a.name, "roles": sorted(set(a.role))})
    return 0


def user_list(ctx: Context) -> int:
    with ctx.open(writes=False) as lib:
        rows = users.list_users(lib)
    ctx.emit(table([[u.username, u.display_name, ", ".join(u.roles),
                     "disabled" if u.disabled else "active"] for u in rows],
                   ["USER", "NAME", "ROLES", "STATE"]),
             {"users": [{"user": u.username, "display_name": u.display_name,
                         "roles": list(u.roles), "disabled": u.disabled} for u in rows]})
    return 0


def user_disable(ctx: Context) -> int:
    """Disabling re-keys the library; the output says what the old key still opens."""
    def progress(step: str) -> None:
        print(f"... {step}", file=sys.stderr, flush=True)

    show = sys.stderr.isatty() and not ctx.json
    with ctx.open(writes=True) as lib:
        done = users.disable_user(lib, ctx.args.name, progress=progress if show else None)
    lines = [f"Disabled user {done.username}.", *done.notes()]
    ctx.emit("\n".join(lines), {"user": done.username, "disabled": True,
                                "generation": done.generation,
                                "rewrapped": list(done.rewrapped),
                                "needs_password": list(done.needs_password),
                                "older_backups": list(done.older_backups)})
    return 0


def user_set_password(ctx: Context) -> int:
    with ctx.open(writes=True) as lib:
        users.set_password(lib, ctx.args.name, ctx.new_password(ctx.args.name))
    ctx.emit(f"Set a new password for {ctx.args.name}", {"user": ctx.args.name})
    return 0


def audit_verify(ctx: Context) -> int:
    """Runs on the key alone: a library too damaged to open can still be verified."""
    layout = LibraryLayout(ctx.library_path)
    if not layout.looks_like_library():
        raise LibraryNotFound(f"{layout.root}: not a Patient Story Studio library")
    slots = KeySlots.load(layout.keys)
    key = slots.unlock(ctx.username, ctx.password())
    report = verify_library(layout, key)
    if not report.ok:
        ctx.emit("", {"ok": False, "problem": report.problems[0]})
        raise LibraryDamaged(report.problems[0])
    seq, _, digest = report.head.partition(":")
    ctx.emit(f"OK: {report.pages} pages of the encrypted file, database structure and guards, "
             f"{report.events} audit events in an unbroken chain, {report.media} media files "
             f"with their recorded bytes.\nAudit head: event {seq}, {digest}\n(keep this line "
             "somewhere else: a later verify must still reach it)",
             {"ok": True, "pages": report.pages, "events": report.events,
              "media": report.media, "head": {"seq": int(seq or 0), "digest": digest}})
    return 0


def audit_list(ctx: Context) -> int:
    with ctx.open(writes=False) as lib:
        rows = audit_log.list_events(lib, entity=ctx.args.entity,
                                     limit=max(1, min(ctx.args.limit, 10_000)))
    ctx.emit(table([[str(e.seq), e.at[:19].replace("T", " "), e.actor, e.action, e.entity]
                    for e in rows], ["SEQ", "TIME (UTC)", "ACTOR", "ACTION", "ENTITY"]),
             {"events": [e.__dict__ for e in rows]})
    return 0



def settings_show(ctx: Context) -> int:
    from studio.workflow.setting_defaults import EDITABLE
    from studio.workflow.settings import get_setting

    with ctx.open(writes=False) as lib:
        values = {key: get_setting(lib, key) for key in sorted(EDITABLE)}
        values["timezone"] = lib.timezone.key
    ctx.emit("\n".join(f"{k}: {v or '(not set)'}" for k, v in values.items()), values)
    return 0


def settings_set(ctx: Context) -> int:
    from studio.workflow.settings import set_setting

    with ctx.open(writes=True) as lib:
        set_setting(lib, ctx.args.key, ctx.args.value)
    ctx.emit(f"{ctx.args.key} set", {ctx.args.key: ctx.args.value})
    return 0
