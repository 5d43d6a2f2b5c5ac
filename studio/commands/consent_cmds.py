"""studio consent add | revoke | list | show."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from studio.commands.context import Context, bounded_int, table


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    consent = sub.add_parser("consent", help="signed marketing authorizations").add_subparsers(
        dest="action", required=True, metavar="ACTION")
    p = consent.add_parser("add", help="record a signed authorization (HIPAA 164.508)")
    p.add_argument("subject", metavar="PT-n")
    p.add_argument("--signed-on", required=True, metavar="DATE")
    p.add_argument("--expires", metavar="DATE", help="expiry date (or give --expiry-event)")
    p.add_argument("--expiry-event", metavar="TEXT", help="an event that ends it")
    p.add_argument("--channels", required=True, help="comma-separated, e.g. facebook,instagram")
    p.add_argument("--uses", required=True,
                   help="comma-separated: name, first-name, photo, video, condition, location")
    p.add_argument("--signature", required=True, type=Path,
                   help="signature image, or the scanned signed form (image or PDF)")
    p.add_argument("--signed-by", metavar="TEXT", help="the representative who signed")
    p.add_argument("--authority", metavar="TEXT",
                   help="the representative's authority (parent, guardian, power of attorney)")
    p.add_argument("--signer-type", default=None,
                   choices=["parent", "guardian", "power-of-attorney", "executor", "other"])
    p.add_argument("--remuneration", metavar="TEXT", help="payment or gift, if any")
    p.add_argument("--purpose", metavar="TEXT")
    p.add_argument("--witness", metavar="NAME", help="staff user who witnessed (default: you)")
    p.add_argument("--language", choices=["en", "es"], default="en")
    p.add_argument("--supersedes", metavar="C-n", help="the consent this one corrects")
    p.set_defaults(func=consent_add, writes=True)

    p = consent.add_parser("revoke", help="record a revocation; prints the take-down list")
    p.add_argument("consent", metavar="C-n")
    p.add_argument("--reason", required=True)
    p.add_argument("--received-on", metavar="DATE")
    p.add_argument("--method", default="in writing")
    p.set_defaults(func=consent_revoke, writes=True)

    p = consent.add_parser("list", help="list consents")
    p.add_argument("--subject", metavar="PT-n")
    p.add_argument("--expiring-within", type=bounded_int(1, 36_500), metavar="DAYS",
                   help="only consents in force that end within DAYS days (the badge's rule)")
    p.set_defaults(func=consent_list, writes=False)

    p = consent.add_parser("show", help="show one consent")
    p.add_argument("consent", metavar="C-n")
    p.add_argument("--form", type=Path, metavar="FILE", help="also write the signed form PDF")
    p.set_defaults(func=consent_show, writes=False)


def consent_add(ctx: Context) -> int:
    from studio.workflow import consents
    from studio.workflow.dates import parse_date
    from studio.workflow.media import read_media_file

    a = ctx.args
    signer_type = a.signer_type or ("other" if a.signed_by else "self")
    if a.signed_by and not a.signer_type:
        signer_type = "parent" if "parent" in (a.authority or "").lower() else "other"
    signature = consents.Signature(read_media_file(a.signature), a.signature.name)
    with ctx.open(writes=True) as lib:
        row = consents.add_consent(
            lib, a.subject, signed_on=parse_date(a.signed_on, what="--signed-on"),
            expires_on=parse_date(a.expires, what="--expires") if a.expires else None,
            expiry_event=a.expiry_event, channels=a.channels, uses=a.uses, signature=signature,
            signer_type=signer_type, signer_name=a.signed_by,
            signer_authority=a.authority or "", purpose=a.purpose,
            remuneration=a.remuneration, witness=a.witness, language=a.language,
            supersedes=a.supersedes)
    ctx.emit(row.display_id, {"id": row.display_id, "status": row.status,
                              "form_sha256": row.form_sha256})
    return 0


def _takedown_text(items: list, tz: Any) -> str:  # type: ignore[type-arg]
    if not items:
        return "No posts relied on it."
    rows = [[i.post, i.channel,
             i.scheduled_at.astimezone(tz).isoformat(timespec="minutes") if i.scheduled_at
             else "-",
             i.status_before, ", ".join(i.exports) or "-",
             "TAKE DOWN" if i.must_act else "withdrawn"] for i in items]
    return table(rows, ["POST", "CHANNEL", "SCHEDULED", "WAS", "EXPORTS", "ACTION"])


def consent_revoke(ctx: Context) -> int:
    from studio.workflow import consents
    from studio.workflow.dates import parse_date

    a = ctx.args
    with ctx.open(writes=True) as lib:
        row, items = consents.revoke_consent(
            lib, a.consent, reason=a.reason, method=a.method,
            received_on=parse_date(a.received_on, what="--received-on") if a.received_on
            else None)
        tz = lib.timezone
    must = [i for i in items if i.must_act]
    text = (f"{row.display_id} revoked. {len(items)} post(s) withdrawn; {len(must)} must be "
            "taken down from schedulers or channels:\n" + _takedown_text(items, tz))
    ctx.emit(text, {"id": row.display_id, "withdrawn": [i.post for i in items],
                    "takedown": [{"post": i.post, "channel": i.channel,
                                  "scheduled_at": i.scheduled_at, "was": i.status_before,
                                  "exports": list(i.exports)} for i in must]})
    return 0


def consent_list(ctx: Context) -> int:
    from studio.workflow import consent_queries

    a = ctx.args
    with ctx.open(writes=False) as lib:
        rows = consent_queries.list_consents(lib, subject=a.subject,
                                             expiring_within=a.expiring_within)
    text = table([[r.consent.display_id, r.consent.subject, r.consent.status,
                   str(r.consent.expires_on or r.consent.expiry_event),
                   ",".join(r.consent.channels), ",".join(r.posts) or "-"] for r in rows],
                 ["ID", "SUBJECT", "STATUS", "EXPIRES", "CHANNELS", "POSTS"]) if rows \
        else "No consents."
    ctx.emit(text, {"consents": [{"id": r.consent.display_id, "subject": r.consent.subject,
                                  "status": r.consent.status,
                                  "expires_on": r.consent.expires_on,
                                  "channels": list(r.consent.channels),
                                  "uses": list(r.consent.uses), "posts": list(r.posts)}
                                 for r in rows]})
    return 0


def consent_show(ctx: Context) -> int:
    from studio.workflow import consent_queries

    a = ctx.args
    with ctx.open(writes=bool(a.form)) as lib:  # writing the form out is audited
        r = consent_queries.show_consent(lib, a.consent, form_out=a.form)
    c = r.consent
    lines = [f"{c.display_id}  {c.subject} {c.subject_name}: {c.status} ({c.reason})",
             f"Signed on {c.signed_on} by {c.signer}",
             f"Channels: {', '.join(c.channels)}", f"Uses: {', '.join(c.uses)}",
             f"Expires: {c.expires_on or c.expiry_event}",
             f"Remuneration: {c.remuneration or 'none'}",
             f"Form SHA-256: {c.form_sha256}", f"Posts relying on it: "
             f"{', '.join(r.posts) or 'none'}"]
    if a.form:
        lines.append(f"Signed form written to {a.form}")
    ctx.emit("\n".join(lines), {"id": c.display_id, "subject": c.subject, "status": c.status,
                                "reason": c.reason, "channels": list(c.channels),
                                "uses": list(c.uses), "signed_on": c.signed_on,
                                "expires_on": c.expires_on, "form_sha256": c.form_sha256,
                                "posts": list(r.posts)})
    return 0
