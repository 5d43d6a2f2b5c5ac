"""Rule phi.identifiers: HIPAA Safe Harbor identifiers (45 CFR 164.514(b)(2)) in what a post
publishes (text, alt texts, hashtags, link).

Errors, whatever the consent says (a consent's uses never cover these): phone and fax numbers,
e-mail addresses, SSNs, street addresses, PO boxes, ZIP codes, full dates of a birth, admission,
discharge, death, surgery or diagnosis, record / account / plan / licence / device numbers,
IP addresses, ages over 89, links to a personal fundraiser or patient portal, and the full name
of another patient in the library.

Warnings (a reviewer decides and justifies): the same contacts and addresses when words like
"call us" / "visit us" / "llámenos" sit just before them or the mailbox is a department's
(the hospital's own), toll-free numbers, a street name without a number, other full dates with a
year, long numbers without a label, links to social-media profiles, names the Census lists
recognise that are not the patient's (and not staff), a person's title before a name
("Mrs. Ruiz"), and a representative's name when the consent allows the patient's name.

Info: a clinician's title before a name ("Dr. Patel") that is not a staff member in the library.

Not here, on purpose: the patient's own name (rule consent.scope decides it from the consent's
uses); staff members' names (clinicians are quoted by name; staff agree as part of their job);
another patient's first name on its own (too common to attribute); faces and voices in media.
"""

from __future__ import annotations

from studio.checks import names, people, phi_patterns
from studio.checks.base import CheckContext, Finding, Severity
from studio.checks.text import (
    compact_tokens,
    is_capitalized,
    published_fields,
    tokens,
    url_spans,
)

RULE = "phi.identifiers"
_ORG = (" It looks like the hospital's own (a department mailbox, a toll-free number, or "
        "words like 'call us' or 'visit us' before it), which may be published: say so when you "
        "justify it.")

# kind -> (severity, message, fix)
_TEXTS: dict[str, tuple[Severity, str, str]] = {
    "phone": ("error", "This looks like a phone number. A patient's or family member's phone "
              "number must never appear in a post.",
              "Remove it. The hospital's public number is fine with 'Call us at' before it."),
    "fax": ("error", "This looks like a fax number, which can identify a person.",
            "Remove it, or put 'Fax us at' before the hospital's own fax number."),
    "email": ("error", "This is an e-mail address. A patient's or family member's must never "
              "appear in a post.", "Remove it. A department address (info@, citas@...) is fine."),
    "ssn": ("error", "This looks like a Social Security number.",
            "Remove it. It must never be published."),
    "address": ("error", "This looks like a street address, which points to where someone "
                "lives.", "Remove it, or put 'Visit us at' before the hospital's own address."),
    "street": ("warning", "This names a street. With other details it can point to where "
               "someone lives.", "Remove it, unless it is where the hospital is."),
    "zip": ("error", "This looks like a ZIP or postal code, which narrows down where someone "
            "lives.", "Remove it, or keep only the state or region."),
    "date": ("error", "A full date of the patient's birth, admission, discharge, surgery or "
             "diagnosis identifies them.", "Keep only the year ('in 2023') or say 'last spring'."),
    "date-year": ("warning", "A full date with a year. If it is a date in the patient's life or "
                  "care, it identifies them.",
                  "Keep only the year, or justify that it is an event's date."),
    "id": ("error", "This looks like a record, account, insurance, licence or similar number.",
           "Remove it. Such numbers are never published."),
    "long-number": ("warning", "A long number. If it identifies a person (a record, account, "
                    "card or device number), it must not be published.",
                    "Remove it, or justify what it is."),
    "ip": ("error", "This is an IP address, which can identify a person's device.", "Remove it."),
    "age": ("error", "An age over 89 identifies people, because so few are that old.",
            "Write '90 or older' instead of the exact age."),
    "url-personal": ("error", "This links to a personal fundraiser, payment or patient-portal "
                     "page, which identifies a person.", "Remove the link."),
    "url-social": ("warning", "This links to a social-media profile or chat. If it is a "
                   "patient's or relative's, it identifies them.",
                   "Link only to the hospital's own pages, or justify the link."),
}


def _text_hits(text: str) -> list[phi_patterns.Hit]:
    hits: list[phi_patterns.Hit] = []
    for group in (phi_patterns.numbers(text), phi_patterns.contacts(text),
                  phi_patterns.places(text), phi_patterns.dates(text)):
        for h in group:
            if not any(h.start < o.end and o.start < h.end for o in hits):
                hits.append(h)
    for s, e in url_spans(text):
        kind = phi_patterns.url_kind(text[s:e])
        if kind and not any(s < o.end and o.start < e for o in hits):
            hits.append(phi_patterns.Hit(s, e, f"url-{kind}"))
    return hits


def _hit_finding(field: str, hit: phi_patterns.Hit) -> Finding:
    severity, message, fix = _TEXTS[hit.kind]
    if hit.org and severity == "error":
        severity, message = "warning", message + _ORG
    return Finding(RULE, severity, message, fix, field, (hit.start, hit.end))


def _known_findings(ctx: CheckContext, field: str, text: str,
                    explained: set[int]) -> list[Finding]:
    uses = ctx.consent.uses if ctx.consent else frozenset()
    subject_id = ctx.subject.display_id if ctx.subject else None
    index = people.known_index(ctx.known_people)
    keys, toks = names.token_keys(text), tokens(text)
    compact = compact_tokens(field, text)
    subject_ids: set[int] = set()
    if ctx.subject is not None:
        for hit in people.find_person(text, ctx.subject) + people.find_in_compact(
                text, ctx.subject, compact):
            subject_ids.update(hit.token_ids)
    explained.update(subject_ids)
    explained.update(i for i, k in enumerate(keys)
                     if k in index.staff_words and is_capitalized(toks[i].text))
    hits = people.find_known(text, index, subject_id)
    if compact:
        hits += people.find_known_compact(text, index, compact, subject_id)
    out: list[Finding] = []
    for hit in hits:
        if subject_ids.issuperset(hit.token_ids):
            continue   # the patient's own name, shared by someone else in the library
        explained.update(hit.token_ids)
        span = (hit.start, hit.end)
        if hit.person.kind == "representative":
            allowed = bool(uses & {"name", "first-name"})
            out.append(Finding(
                RULE, "warning" if allowed else "error", "This names a patient's representative "
                "or family member. The consent covers the patient, not them.",
                "Remove the name, or make sure they agreed to be named and justify it.",
                field, span))
        else:
            out.append(Finding(RULE, "error", "This names another patient in the library, who "
                               "has not consented to this post.", "Remove their name.", field,
                               span))
    return out


def _name_findings(ctx: CheckContext, field: str, text: str) -> list[Finding]:
    if not text:
        return []
    explained: set[int] = set()
    out = _known_findings(ctx, field, text, explained)
    for ch in names.census_names(text):
        ids = ch.token_ids[1:] if ch.kind.startswith("title") else ch.token_ids
        if all(i in explained for i in ids):
            continue
        span = (ch.start, ch.end)
        if ch.kind == "title-clinician":
            out.append(Finding(RULE, "info", "This looks like a clinician's name who is not on "
                               "the library's staff list.", "Make sure they agreed to be named "
                               "(or add them as staff).", field, span))
        else:
            out.append(Finding(RULE, "warning", "This looks like a person's name, and it is not "
                               "the patient's.", "Remove it, or make sure this person agreed to "
                               "be named and justify it.", field, span))
    return out


def check(ctx: CheckContext) -> list[Finding]:
    out: list[Finding] = []
    for field, text in published_fields(ctx.post):
        hits: list[phi_patterns.Hit] = []
        if field == "text" or field.startswith("alt:"):
            hits = _text_hits(text)
        elif field == "link":
            kind = phi_patterns.url_kind(text)
            hits = [phi_patterns.Hit(0, len(text), f"url-{kind}")] if kind else []
        out += [_hit_finding(field, h) for h in hits]
        out += [f for f in _name_findings(ctx, field, text) if f.span is None or not any(
            f.span[0] < h.end and h.start < f.span[1] for h in hits)]   # "12 Maple Street"
    return out
