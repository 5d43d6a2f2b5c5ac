"""The patterns of rule phi.identifiers (HIPAA Safe Harbor, 45 CFR 164.514(b)(2)) other than
names: each detector takes a text and returns hits with offsets. See phi.py for the rule.

Limits, on purpose: phone numbers are recognised in US, Spanish and Mexican layouts and
international +NN form; a bare run of digits counts only after a word such as "call" or
"tel." (so "Room 555" or "raised $10000" is not a phone); ZIP codes only after a state
abbreviation or "ZIP"/"código postal"; record, account, plan and licence numbers only after a
word that names them (phi.toml); IPv6 addresses and vehicle plates without a label are not
recognised; biometric identifiers and faces in images need a person's eyes.
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from studio.checks import wordlists
from studio.checks.text import PhraseMatcher, fold, sentences, tokens


class Hit(NamedTuple):
    start: int
    end: int
    kind: str       # phone, fax, email, ssn, address, street, zip, date, date-year, id,
                    # long-number, url, ip, age
    org: bool = False  # sits next to words that make it the hospital's own contact


_D = r"(?<![\w+/.,$€£-])"
PHONE_RE = re.compile(
    _D + r"(?:"
    r"(?:\+|00)\d{1,3}[\s.-]?(?:\(?\d{1,4}\)?[\s.-]?){1,4}\d{2,4}"     # +34 612 345 678, +1 ...
    r"|(?:1[\s.-])?\(\d{3}\)\s?\d{3}[\s.-]\d{4}"                       # (555) 123-4567
    r"|(?:1[\s.-])?\d{3}[\s.-]\d{3}[\s.-]\d{4}"                        # 555-123-4567
    r"|\d{3}[\s.-]\d{4}"                                               # 555-1234
    r"|\d{3}[\s.]\d{2}[\s.]\d{2}[\s.]\d{2}"                            # 612 34 56 78
    r"|\d{2}[\s.]\d{3}[\s.]\d{2}[\s.]\d{2}"                            # 91 123 45 67
    r"|\d{3}[\s.]\d{3}[\s.]\d{3}"                                      # 612 345 678
    r"|\d{2}[\s.]\d{4}[\s.]\d{4}"                                      # 55 1234 5678
    r")(?![\w/-]|[.,]\d)")
THOUSANDS_RE = re.compile(r"\d{1,3}(?:\.\d{3})+")   # 100.000.000 (a number, not a phone)
BARE_DIGITS_RE = re.compile(r"(?<![\w.,$€£-])\d{8,}(?![\w-]|[.,]\d)")
PHONE_WORDS_RE = re.compile(
    r"(?i)\b(?:call|phone|tel|telephone|cell|mobile|text|fax|whatsapp|llam[ae]\w*|"
    r"tel[ée]fono|m[óo]vil|celular|fax)\b[^\n\d]{0,12}$")
FAX_RE = re.compile(r"(?i)\bfax\b[^\n\d]{0,12}$")
TOLL_FREE_RE = re.compile(r"^(?:\+?1[\s.-]?)?\(?8(?:00|88|77|66|55|44|33)\)?")
EMAIL_RE = re.compile(r"(?<![\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*"
                      r"\.[A-Za-z]{2,}(?![\w-])")
SSN_RE = re.compile(r"(?<![\w-])\d{3}-\d{2}-\d{4}(?![\w-])")
_STREET_TYPES = (r"(?:Street|Avenue|Road|Boulevard|Lane|Drive|Court|Way|Place|Terrace|Parkway|"
                 r"Circle|Highway|Trail|Square|Alley|Pike|Row)\b|"
                 r"(?:St|Ave|Rd|Blvd|Ln|Dr|Ct|Pl|Ter|Pkwy|Cir|Hwy|Trl|Sq)\b\.?")
ADDRESS_EN_RE = re.compile(
    r"(?<![\w-])\d{1,6}[A-Za-z]?\s+(?:[NSEW]\.?\s+)?(?:[A-Z0-9][\w'’.-]*\s+){1,4}"
    rf"(?:{_STREET_TYPES})"
    r"(?:,?\s*(?:Apt|Apartment|Suite|Ste|Unit|#)\.?\s*#?\s*\w+)?")
_ES_STREETS = (r"[Cc]alle|C/|c/|[Aa]venida|[Aa]vda\.?|[Aa]v\.|[Pp]aseo|[Pp]laza|[Cc]arrera|"
               r"[Cc]amino|[Rr]onda|[Tt]raves[íi]a|[Cc]olonia|[Cc]ol\.|[Uu]rbanizaci[óo]n|"
               r"[Cc]alzada|[Bb]ulevar|[Cc]errada|[Pp]rivada")
_CAP = r"[A-ZÁÉÍÓÚÑÜ][\w'’-]*"
ADDRESS_ES_RE = re.compile(
    rf"(?<!\w)(?:{_ES_STREETS})\s+(?:(?:de|del|la|las|los|el)\s+)*(?:{_CAP}|\d{{1,2}}(?=\s+de\s))"
    rf"(?:\s+(?:(?:de|del|la|las|los|el|y)\s+)*{_CAP})*"
    r"(?P<num>,?\s*(?:n[º°o]\.?|núm\.?|número|#)?\s*\d{1,5}(?![\d/.-]\d))?")
PO_BOX_RE = re.compile(r"(?i)\b(?:P\.?\s?O\.?\s+Box|apartado\s+de\s+correos|apdo\.)\s*\d+")
_STATES = ("AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|"
           "NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|PR|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY")
ZIP_RE = re.compile(
    rf"(?:\b(?:{_STATES}),?\s+|(?i:\b(?:zip(?:\s*code)?|zipcode|c[óo]digo\s+postal|"
    r"cod\.\s*postal|c\.\s?p\.|cp)\s*:?\s*#?\s*))(?P<zip>\d{5}(?:-\d{4})?)(?![\w-])")
_MONTHS_EN = (r"January|February|March|April|May|June|July|August|September|October|"
              r"November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec")
_MONTHS_ES = (r"enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|"
              r"octubre|noviembre|diciembre")
_DAY = r"(?P<day>[12]\d|3[01]|0?[1-9])"
DATE_RES = (
    re.compile(rf"\b(?:{_MONTHS_EN})\.?\s+{_DAY}(?:st|nd|rd|th)?\b(?P<year>,?\s+\d{{4}}\b)?"),
    re.compile(rf"\b{_DAY}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS_EN})\b\.?"
               r"(?P<year>,?\s+\d{4}\b)?"),
    re.compile(rf"(?i)\b(?:{_DAY}|primero)(?:\.?[º°o])?\s+de\s+(?:{_MONTHS_ES})\b"
               r"(?P<year>\s+(?:de|del)\s+\d{4}\b)?"),
    re.compile(r"(?<![\w/.-])(?P<day>\d{1,2})[/.-]\d{1,2}[/.-](?P<year>\d{4}|\d{2})"
               r"(?![\w/-]|\.\d)"),
    re.compile(r"(?<![\w/.-])(?P<year>\d{4})-\d{2}-(?P<day>\d{2})(?![\w/-])"),
)
ID_CODE_RE = re.compile(r"(?<![\w-])(?=[A-Za-z0-9-]*\d)[A-Za-z0-9][A-Za-z0-9-]{4,}(?![\w-])")
YEARISH_RE = re.compile(r"^(?:19|20)\d\d(?:-(?:19|20)?\d\d)?$")
IP_RE = re.compile(r"(?<![\w.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}"
                   r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?![\w.]|\.\d)")
_OLD = r"(?:9\d|1[01]\d)"
AGE_RE = re.compile("|".join(f"(?:{p})" for p in (
    rf"\b{_OLD}(?:\s+|-)(?:years?|yrs?)(?:\s+|-)old\b",
    rf"\b(?:aged?|turned|turning|turns|at\s+age)\s+{_OLD}\b",
    rf"\b{_OLD}\s*(?:yo|y/o|y\.o\.)(?!\w)",
    rf"\b{_OLD}(?:th|st|nd|rd)\s+birthday\b",
    rf"\b(?:tiene|ten[íi]a|cumpli[óo]|cumple|cumplir|con|a\s+sus|sus|edad\s+de|de)\s+{_OLD}"
    r"\s+años\b(?!\s+de\s+(?:servicio|historia|experiencia))",
    rf"\b{_OLD}\s+años\s+de\s+edad\b",
    rf"\bcumpleaños\s+(?:número\s+)?{_OLD}\b",
    rf"\b{_OLD}\s+cumpleaños\b")), re.IGNORECASE)
SOCIAL_HOSTS = ("facebook.com", "fb.com", "instagram.com", "twitter.com", "x.com",
                "tiktok.com", "threads.net", "linkedin.com/in/", "youtube.com/@",
                "snapchat.com", "wa.me", "t.me")
PERSONAL_HOSTS = ("gofundme.com", "caringbridge.org", "mealtrain.com", "venmo.com",
                  "cash.app", "paypal.me", "givesendgo.com", "spotfund.com", "mychart.")


@functools.cache
def _matcher(key: str) -> PhraseMatcher:
    return PhraseMatcher(wordlists.strings("phi.toml", key))


@functools.cache
def _folded_list(key: str) -> tuple[str, ...]:
    return tuple(fold(p) for p in wordlists.strings("phi.toml", key))


def _org_before(text: str, start: int) -> bool:
    window = fold(text[max(0, start - 45):start])
    return any(p in window for p in _folded_list("org_context"))


def contacts(text: str) -> list[Hit]:
    """Phone and fax numbers, e-mail addresses."""
    hits: list[Hit] = []
    for m in PHONE_RE.finditer(text):
        if any(h.start <= m.start() < h.end for h in hits):
            continue
        digits = sum(c.isdigit() for c in m.group())
        before = text[max(0, m.start() - 20):m.start()]
        weak = digits == 7 or THOUSANDS_RE.fullmatch(m.group()) is not None
        if digits < 7 or (weak and not PHONE_WORDS_RE.search(before)):
            continue
        kind = "fax" if FAX_RE.search(before) else "phone"
        org = _org_before(text, m.start()) or bool(TOLL_FREE_RE.match(m.group()))
        hits.append(Hit(m.start(), m.end(), kind, org))
    for m in BARE_DIGITS_RE.finditer(text):
        if any(h.start <= m.start() < h.end for h in hits):
            continue
        before = text[max(0, m.start() - 20):m.start()]
        if PHONE_WORDS_RE.search(before) and len(m.group()) <= 13:
            kind = "fax" if FAX_RE.search(before) else "phone"
            hits.append(Hit(m.start(), m.end(), kind, _org_before(text, m.start())))
        else:
            hits.append(Hit(m.start(), m.end(), "long-number"))
    roles = _folded_list("role_mailboxes")
    for m in EMAIL_RE.finditer(text):
        local = fold(m.group().split("@", 1)[0])
        hits.append(Hit(m.start(), m.end(), "email",
                        local in roles or _org_before(text, m.start())))
    return hits


def places(text: str) -> list[Hit]:
    """Street addresses, street names, PO boxes and ZIP codes."""
    hits: list[Hit] = []
    for m in ADDRESS_EN_RE.finditer(text):
        hits.append(Hit(m.start(), m.end(), "address", _org_before(text, m.start())))
    for m in ADDRESS_ES_RE.finditer(text):
        if not any(h.start <= m.start() < h.end for h in hits):
            kind = "address" if m.group("num") else "street"
            hits.append(Hit(m.start(), m.end(), kind, _org_before(text, m.start())))
    for m in PO_BOX_RE.finditer(text):
        hits.append(Hit(m.start(), m.end(), "address", _org_before(text, m.start())))
    for m in ZIP_RE.finditer(text):
        hits.append(Hit(m.start("zip"), m.end("zip"), "zip", _org_before(text, m.start())))
    return hits


def dates(text: str) -> list[Hit]:
    """Full dates (day and month): "date" when the sentence speaks of a birth, admission,
    discharge, death, surgery or diagnosis; "date-year" for other full dates with a year."""
    found: list[tuple[int, int, bool]] = []
    for rx in DATE_RES:
        for m in rx.finditer(text):
            if any(s <= m.start() < e for s, e, _ in found):
                continue
            end = m.end("year") if m.group("year") else m.end()
            found.append((m.start(), end, bool(m.group("year"))))
    if not found:
        return []
    ctx_hits = _matcher("date_context").find(tokens(text))
    sents = sentences(text)
    hits: list[Hit] = []
    for start, end, has_year in found:
        sent = next(((s, e) for s, e in sents if s <= start < e), (start, end))
        if any(sent[0] <= hs < sent[1] for hs, _, _ in ctx_hits):
            hits.append(Hit(start, end, "date"))
        elif has_year:
            hits.append(Hit(start, end, "date-year"))
    return hits


def numbers(text: str) -> list[Hit]:
    """SSNs; record, account, plan, licence numbers after a word naming them; IP addresses;
    ages over 89."""
    hits = [Hit(m.start(), m.end(), "ssn") for m in SSN_RE.finditer(text)]
    for _, end, _ in _matcher("id_context").find(tokens(text)):
        m = ID_CODE_RE.search(text, end, min(len(text), end + 30))
        if m and any(h.start <= m.start() < h.end for h in hits):
            continue
        if m and not YEARISH_RE.match(m.group()) and "\n" not in text[end:m.start()]:
            hits.append(Hit(m.start(), m.end(), "id"))
    for m in IP_RE.finditer(text):
        hits.append(Hit(m.start(), m.end(), "ip"))
    for m in AGE_RE.finditer(text):
        if not any(h.start <= m.start() < h.end for h in hits):
            hits.append(Hit(m.start(), m.end(), "age"))
    return hits


def url_kind(url: str) -> str | None:
    """"personal" for a fundraiser, payment or patient-portal page (nearly always someone's
    own), "social" for a social-media profile or chat link, None otherwise."""
    path = url.lower().split("://", 1)[-1]
    path = path[4:] if path.startswith("www.") else path
    host = path.split("/", 1)[0].split("?", 1)[0]
    for kind, hosts in (("personal", PERSONAL_HOSTS), ("social", SOCIAL_HOSTS)):
        for h in hosts:
            if h.endswith("."):
                if h in host:
                    return kind
            elif "/" in h:
                if path.startswith(h) or f".{h}" in path:
                    return kind
            elif host == h or host.endswith("." + h):
                return kind
    return None
