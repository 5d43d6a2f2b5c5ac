"""studio post draft | edit | submit | approve | request-changes | reject | list | show,
and studio check."""

from __future__ import annotations

import argparse
from typing import Any

from studio.commands.context import Context, table
from studio.errors import BadInput


def _media_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--media", action="append", metavar="M-n",
                   help="a picture from the story (repeat; order is kept)")
    p.add_argument("--hashtag", action="append", metavar="TAG")
    p.add_argument("--at", metavar="TIME", help="scheduled time, ISO 8601 (2026-12-01T09:00)")
    p.add_argument("--link", metavar="URL")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    post = sub.add_parser("post", help="posts: draft, edit, review").add_subparsers(
        dest="action", required=True, metavar="ACTION")
    p = post.add_parser("draft", help="draft a post from a story (needs consent)")
    p.add_argument("story", metavar="S-n")
    p.add_argument("--channel", required=True)
    p.add_argument("--text-file", required=True)
    p.add_argument("--title")
    _media_args(p)
    p.set_defaults(func=post_draft, writes=True)

    p = post.add_parser("edit", help="edit a post (a new revision; voids any approval)")
    p.add_argument("post", metavar="P-n")
    p.add_argument("--text-file")
    _media_args(p)
    p.add_argument("--unschedule", action="store_true", help="remove the scheduled time")
    p.set_defaults(func=post_edit, writes=True)

    p = post.add_parser("submit", help="run the checks and send for review")
    p.add_argument("post", metavar="P-n")
    p.add_argument("--justify", action="append", default=[], metavar="RULE=TEXT",
                   help="why a warning is acceptable (repeat per rule)")
    p.set_defaults(func=post_submit, writes=True)

    p = post.add_parser("approve", help="approve with your e-signature (password re-asked)")
    p.add_argument("post", metavar="P-n")
    p.add_argument("--comment", default="")
    p.set_defaults(func=post_approve, writes=True)
    for name, helptext in (("request-changes", "send back to the author with a comment"),
                           ("reject", "reject with a comment")):
        p = post.add_parser(name, help=helptext)
        p.add_argument("post", metavar="P-n")
        p.add_argument("--comment", required=True)
        p.set_defaults(func=post_decide, writes=True, decision=name)

    p = post.add_parser("list", help="list posts by scheduled time")
    p.add_argument("--status")
    p.add_argument("--channel")
    p.set_defaults(func=post_list, writes=False)
    p = post.add_parser("show", help="show a post, its consents and reviews")
    p.add_argument("post", metavar="P-n")
    p.set_defaults(func=post_show, writes=False)

    p = sub.add_parser("check", help="run the compliance checks on a post or a text file")
    p.add_argument("post", nargs="?", metavar="P-n")
    p.add_argument("--channel")
    p.add_argument("--text-file")
    p.set_defaults(func=check, writes=False)


def _common(ctx: Context, lib: Any) -> dict[str, Any]:
    from studio.workflow.dates import parse_time
    from studio.workflow.posts import MediaChoice

    a = ctx.args
    out: dict[str, Any] = {}
    if a.media:
        out["media"] = [MediaChoice(m) for m in a.media]
    if a.hashtag is not None:
        out["hashtags"] = a.hashtag
    if a.link is not None:
        out["link"] = a.link
    if a.at:
        out["scheduled_at"] = parse_time(a.at, what="--at", zone=lib.timezone)
    return out


def post_draft(ctx: Context) -> int:
    from studio.workflow import posts
    from studio.workflow.text import read_text_file

    a = ctx.args
    text = read_text_file(a.text_file, what="--text-file")
    with ctx.open(writes=True) as lib:
        row = posts.draft_post(lib, a.story, a.channel, text, title=a.title or "",
                               **_common(ctx, lib))
    ctx.emit(row.display_id, {"id": row.display_id, "status": row.status,
                              "digest": row.digest})
    return 0


def post_edit(ctx: Context) -> int:
    from studio.workflow import posts
    from studio.workflow.text import read_text_file

    a = ctx.args
    changes: dict[str, Any] = {}
    if a.text_file:
        changes["text"] = read_text_file(a.text_file, what="--text-file")
    with ctx.open(writes=True) as lib:
        changes.update(_common(ctx, lib))
        if a.unschedule:
            changes["scheduled_at"] = None
        row = posts.edit_post(lib, a.post, **changes)
    ctx.emit(f"{row.display_id} revision {row.revision}: {row.status}",
             {"id": row.display_id, "revision": row.revision, "status": row.status,
              "digest": row.digest})
    return 0


def _justifications(items: list[str]) -> dict[str, str]:
    out = {}
    for item in items:
        rule, sep, text = item.partition("=")
        if not sep or not rule.strip():
            raise BadInput(f"--justify {item!r}: write it as RULE=TEXT")
        out[rule.strip()] = text
    return out


def post_submit(ctx: Context) -> int:
    from studio.workflow import review

    with ctx.open(writes=True) as lib:
        result = review.submit_post(lib, ctx.args.post, _justifications(ctx.args.justify))
    warn = [f for f in result.findings if f.severity != "error"]
    ctx.emit(f"{result.post.display_id} submitted for review ({len(warn)} finding(s) noted)",
             {"id": result.post.display_id, "status": result.post.status,
              "findings": [{"rule": f.rule, "severity": f.severity, "message": f.message}
                           for f in result.findings]})
    return 0


def post_approve(ctx: Context) -> int:
    from studio.workflow import review

    with ctx.open(writes=True) as lib:
        password = ctx.password(f"Password to sign the approval of {ctx.args.post} "
                                f"({review.APPROVAL_MEANING}): ")
        row = review.approve_post(lib, ctx.args.post, password, ctx.args.comment)
    ctx.emit(f"{row.display_id} approved for publication (revision {row.revision}, "
             f"SHA-256 {row.digest[:16]}...)",
             {"id": row.display_id, "status": row.status, "digest": row.digest})
    return 0


def post_decide(ctx: Context) -> int:
    from studio.workflow import review

    a = ctx.args
    fn = review.request_changes if a.decision == "request-changes" else review.reject_post
    with ctx.open(writes=True) as lib:
        row = fn(lib, a.post, a.comment)
    ctx.emit(f"{row.display_id}: {row.status}", {"id": row.display_id, "status": row.status})
    return 0


def post_list(ctx: Context) -> int:
    from studio.workflow import posts

    with ctx.open(writes=False) as lib:
        rows = posts.list_posts(lib, status=ctx.args.status, channel=ctx.args.channel)
        tz = lib.timezone
    ctx.emit(table([[r.display_id, r.story, r.channel, r.status,
                     r.scheduled_at.astimezone(tz).strftime("%Y-%m-%d %H:%M")
                     if r.scheduled_at else "-", r.title] for r in rows],
                   ["ID", "STORY", "CHANNEL", "STATUS", "SCHEDULED", "TITLE"])
             if rows else "No posts.",
             {"posts": [{"id": r.display_id, "story": r.story, "channel": r.channel,
                         "status": r.status, "scheduled_at": r.scheduled_at,
                         "title": r.title, "revision": r.revision} for r in rows]})
    return 0


def post_show(ctx: Context) -> int:
    from studio.workflow import post_queries

    with ctx.open(writes=False) as lib:
        d = post_queries.show_post(lib, ctx.args.post)
        tz = lib.timezone
    r = d.row
    when = r.scheduled_at.astimezone(tz).isoformat(timespec="minutes") if r.scheduled_at \
        else "-"
    lines = [f"{r.display_id}  {r.title}  [{r.status}]",
             f"Story {r.story} · {r.channel} · revision {r.revision} by {r.author}",
             f"Scheduled: {when} ({tz.key})",
             f"Consents relied on: {', '.join(d.consents)}",
             f"Media: {', '.join(m for m, _ in d.media) or '-'}",
             f"SHA-256: {r.digest}", "", d.text]
    if d.hashtags:
        lines.append(" ".join("#" + h for h in d.hashtags))
    if d.withdrawn_reason:
        lines.append(f"\nWithdrawn: {d.withdrawn_reason}")
    for rv in d.reviews:
        sig = f" — signed {rv.signed_name}, {rv.signed_at:%Y-%m-%d %H:%M UTC}, " \
              f"\"{rv.meaning}\"" if rv.signed_name else ""
        lines.append(f"Review: {rv.decision} by {rv.reviewer}{sig} {rv.comment}".rstrip())
    ctx.emit("\n".join(lines), {
        "id": r.display_id, "status": r.status, "channel": r.channel, "story": r.story,
        "revision": r.revision, "digest": r.digest, "text": d.text,
        "hashtags": list(d.hashtags), "link": d.link, "consents": list(d.consents),
        "media": [m for m, _ in d.media], "scheduled_at": r.scheduled_at,
        "reviews": [rv.__dict__ for rv in d.reviews], "withdrawn_reason": d.withdrawn_reason})
    return 0


def check(ctx: Context) -> int:
    from studio.workflow import review
    from studio.workflow.text import read_text_file

    a = ctx.args
    if a.post and (a.channel or a.text_file):
        raise BadInput("give either P-n, or --channel with --text-file")
    if a.post:
        with ctx.open(writes=False) as lib:
            _, text, findings = review.check_post(lib, a.post)
    elif a.channel and a.text_file:
        text = read_text_file(a.text_file, what="--text-file")
        findings = review.check_text(a.channel, text)
    else:
        raise BadInput("give P-n, or --channel NAME with --text-file FILE")
    rows = []
    for f in findings:
        where = f.line_col(text) if f.field == "text" else None
        rows.append([f.severity.upper(), f.rule, f"{where[0]}:{where[1]}" if where else f.field,
                     f.message, f.fix])
    ctx.emit(table(rows, ["SEVERITY", "RULE", "WHERE", "FINDING", "FIX"]) if rows
             else "No findings.",
             {"findings": [{"rule": f.rule, "severity": f.severity, "message": f.message,
                            "fix": f.fix, "field": f.field,
                            "span": list(f.span) if f.span else None,
                            "line_col": list(f.line_col(text) or ()) if f.field == "text"
                            else None} for f in findings]})
    return 1 if any(f.severity == "error" for f in findings) else 0
