"""studio subject add|edit | story add|edit|list|show | media add|get."""

from __future__ import annotations

import argparse
from pathlib import Path

from studio.commands.context import Context, bounded_int, table
from studio.errors import BadInput
from studio.vocabulary import CONSENT_BADGE_STATUSES, STORY_STATUSES
from studio.workflow import media, stories, subjects
from studio.workflow.story_listing import NEWEST_FIRST, NO_SERVICE_LINE, STORY_SORTS, StoryListing
from studio.workflow.subject_edits import edit_subject
from studio.workflow.text import read_text_file


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    subject = sub.add_parser("subject", help="the people stories are about").add_subparsers(
        dest="action", required=True, metavar="ACTION")
    p = subject.add_parser("add", help="add a subject (patient or family member)")
    p.add_argument("--name", required=True)
    p.add_argument("--first-name", help="how a first-name-only post names them")
    p.add_argument("--dob", help="date of birth, YYYY-MM-DD (minors need a representative)")
    p.add_argument("--email")
    p.add_argument("--phone")
    p.set_defaults(func=subject_add, writes=True)
    p = subject.add_parser("edit", help="correct a subject's name, date of birth or contact "
                                        "(give \"\" to clear dob, email, phone)")
    p.add_argument("subject", metavar="PT-n")
    p.add_argument("--name")
    p.add_argument("--first-name")
    p.add_argument("--dob", help="refused if it changes whether a signed consent's signer "
                                 "was a minor")
    p.add_argument("--email")
    p.add_argument("--phone")
    p.set_defaults(func=subject_edit, writes=True)

    story = sub.add_parser("story", help="patient stories").add_subparsers(
        dest="action", required=True, metavar="ACTION")
    p = story.add_parser("add", help="add a story from a UTF-8 text file")
    p.add_argument("--subject", required=True, metavar="PT-n")
    p.add_argument("--title", required=True)
    p.add_argument("--text-file", required=True)
    p.add_argument("--service-line")
    p.add_argument("--tag", action="append", default=[])
    p.set_defaults(func=story_add, writes=True)
    p = story.add_parser("edit", help="change a story's title, text, service line or tags "
                                      "(posts already drafted keep their text)")
    p.add_argument("story", metavar="S-n")
    p.add_argument("--title")
    p.add_argument("--text-file")
    p.add_argument("--service-line", help='"" clears it')
    p.add_argument("--tag", action="append", help="replaces all tags (repeat for each)")
    p.add_argument("--no-tags", action="store_true", help="remove every tag")
    p.set_defaults(func=story_edit, writes=True)
    p = story.add_parser("list", help="list stories (newest first, or sorted and filtered "
                                      "as the desktop list is), or search them")
    p.add_argument("--search", default="", help="best match first; takes no sort or filter")
    p.add_argument("--sort", choices=STORY_SORTS, default="id",
                   help="the column to sort by (default: id, the order stories were added)")
    order = p.add_mutually_exclusive_group()
    order.add_argument("--ascending", dest="descending", action="store_false",
                       help="A to Z, oldest first")
    order.add_argument("--descending", dest="descending", action="store_true",
                       help="Z to A, newest first (the default)")
    p.add_argument("--service-line", metavar="TEXT",
                   help='only stories of this service line; "" lists those without one')
    p.add_argument("--status", help=f"only stories in this status: {', '.join(STORY_STATUSES)}")
    p.add_argument("--consent", metavar="STATE",
                   help="only stories whose patient's consent badge says this now: "
                        f"{', '.join(CONSENT_BADGE_STATUSES)}")
    p.add_argument("--limit", type=bounded_int(1, 1000), default=50)
    p.add_argument("--offset", type=bounded_int(0, 10**9), default=0)
    p.set_defaults(func=story_list, writes=False, descending=True)
    p = story.add_parser("show", help="show one story")
    p.add_argument("story", metavar="S-n")
    p.set_defaults(func=story_show, writes=False)

    med = sub.add_parser("media", help="images and signed forms").add_subparsers(
        dest="action", required=True, metavar="ACTION")
    p = med.add_parser("add", help="import an image or PDF into a story (metadata stripped)")
    p.add_argument("story", metavar="S-n")
    p.add_argument("file", type=Path)
    p.add_argument("--alt", default="", help="alt text describing the image")
    p.add_argument("--depicts", action="append", default=[], metavar="PT-n",
                   help="a person shown in it (repeat for each)")
    p.set_defaults(func=media_add, writes=True)
    p = med.add_parser("get", help="write the stored, metadata-free file out")
    p.add_argument("media", metavar="M-n")
    p.add_argument("--out", required=True, type=Path)
    p.set_defaults(func=media_get, writes=True)


def subject_add(ctx: Context) -> int:
    a = ctx.args
    with ctx.open(writes=True) as lib:
        row = subjects.add_subject(lib, a.name, first_name=a.first_name, dob=a.dob,
                                   email=a.email, phone=a.phone)
    ctx.emit(row.display_id, {"id": row.display_id})
    return 0


def story_add(ctx: Context) -> int:
    a = ctx.args
    narrative = read_text_file(a.text_file, what="--text-file")
    with ctx.open(writes=True) as lib:
        row = stories.add_story(lib, a.subject, a.title, narrative,
                                service_line=a.service_line, tags=a.tag)
    ctx.emit(row.display_id, {"id": row.display_id})
    return 0


def _emit_changed(ctx: Context, display_id: str, changed: tuple[str, ...]) -> int:
    """What an edit did: the fields it changed, in words and for --json."""
    ctx.emit(f"{display_id}: changed {', '.join(c.replace('_', ' ') for c in changed)}"
             if changed else f"{display_id}: nothing to change",
             {"id": display_id, "changed": list(changed)})
    return 0


def story_edit(ctx: Context) -> int:
    a = ctx.args
    narrative = read_text_file(a.text_file, what="--text-file") if a.text_file else None
    tags = [] if a.no_tags else a.tag
    with ctx.open(writes=True) as lib:
        done = stories.edit_story(lib, a.story, title=a.title, narrative=narrative,
                                  service_line=a.service_line, tags=tags)
    return _emit_changed(ctx, done.row.display_id, done.changed)


def subject_edit(ctx: Context) -> int:
    a = ctx.args
    with ctx.open(writes=True) as lib:
        done = edit_subject(lib, a.subject, name=a.name, first_name=a.first_name, dob=a.dob,
                            email=a.email, phone=a.phone)
    return _emit_changed(ctx, done.row.display_id, done.changed)


def _story_listing(a: argparse.Namespace) -> StoryListing:
    """The listing the options ask for, checked (BadInput names a bad status or consent
    state); a search with a sort or filter is refused, since a search lists best match first."""
    line = a.service_line
    if line is not None:
        line = stories.clean_service_line(line) or NO_SERVICE_LINE
    listing = StoryListing(a.sort, a.descending, line, a.status, a.consent).checked()
    if a.search.strip() and listing != NEWEST_FIRST:
        raise BadInput("--search lists the best match first: give it without --sort, "
                       "--ascending, --service-line, --status or --consent")
    return listing


def story_list(ctx: Context) -> int:
    a = ctx.args
    listing = _story_listing(a)
    with ctx.open(writes=False) as lib:
        rows = stories.list_stories(lib, search=a.search, limit=max(1, min(a.limit, 1000)),
                                    offset=max(0, a.offset), listing=listing)
    ctx.emit(table([[r.display_id, r.title, r.subject, r.service_line, r.status]
                    for r in rows], ["ID", "TITLE", "SUBJECT", "SERVICE LINE", "STATUS"])
             if rows else "No stories.",
             {"stories": [{"id": r.display_id, "title": r.title, "subject": r.subject,
                           "service_line": r.service_line, "status": r.status,
                           "updated": r.updated_at.isoformat()} for r in rows]})
    return 0


def story_show(ctx: Context) -> int:
    with ctx.open(writes=False) as lib:
        d = stories.show_story(lib, ctx.args.story)
    r = d.row
    text = "\n".join([f"{r.display_id}  {r.title}",
                      f"Subject: {r.subject} ({d.subject_display_id})",
                      f"Service line: {r.service_line or '-'}   Status: {r.status}",
                      f"Tags: {', '.join(d.tags) or '-'}",
                      f"Media: {', '.join(d.media) or '-'}", "", d.narrative])
    ctx.emit(text, {"id": r.display_id, "title": r.title, "subject": d.subject_display_id,
                    "service_line": r.service_line, "status": r.status, "tags": list(d.tags),
                    "media": list(d.media), "text": d.narrative})
    return 0


def media_add(ctx: Context) -> int:
    a = ctx.args
    raw = media.read_media_file(a.file)
    with ctx.open(writes=True) as lib:
        row = media.import_media(lib, a.story, raw, name=a.file.name, alt_text=a.alt,
                                 depicts=a.depicts)
    ctx.emit(row.display_id, {"id": row.display_id, "mime": row.mime, "width": row.width,
                              "height": row.height, "sha256": row.sha256})
    return 0


def media_get(ctx: Context) -> int:
    with ctx.open(writes=True) as lib:
        row = media.export_media(lib, ctx.args.media, ctx.args.out)
    ctx.emit(f"{row.display_id} written to {ctx.args.out}",
             {"id": row.display_id, "out": str(ctx.args.out), "mime": row.mime})
    return 0
