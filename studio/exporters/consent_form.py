"""The signed authorization as a PDF: Jinja2 text (English or Spanish) laid out by fpdf2.

The page, fonts and footer come from :mod:`studio.exporters.pdf_pages`. The template is ours,
not user-supplied, but it is still rendered with autoescape in a sandbox: a patient's name is
data.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
from dataclasses import dataclass

from fpdf import FontFace
from jinja2 import FileSystemLoader, StrictUndefined, select_autoescape
from jinja2.sandbox import SandboxedEnvironment

from studio.assets import assets_dir
from studio.exporters.pdf_pages import FONT, new_pdf

FORM_VERSION = {"en": "hipaa-marketing-en-1", "es": "hipaa-marketing-es-1"}

USE_LABELS = {
    "en": {"name": "my full name", "first-name": "my first name only",
           "photo": "photographs of me", "video": "video of me",
           "condition": "my health condition and treatment", "location": "where I live (city)"},
    "es": {"name": "mi nombre completo", "first-name": "solo mi nombre de pila",
           "photo": "fotografías mías", "video": "videos míos",
           "condition": "mi condición de salud y tratamiento",
           "location": "dónde vivo (ciudad)"},
}
SIGNER_LABELS = {
    "en": {"self": "the patient", "parent": "parent", "guardian": "legal guardian",
           "power-of-attorney": "holder of a power of attorney", "executor": "executor",
           "other": "personal representative"},
    "es": {"self": "el paciente", "parent": "madre o padre", "guardian": "tutor legal",
           "power-of-attorney": "apoderado", "executor": "albacea",
           "other": "representante personal"},
}
TITLE = {"en": "Authorization for marketing use", "es": "Autorización para uso en mercadeo"}


@dataclass(frozen=True)
class AuthorizationForm:
    language: str
    organization: str
    revoke_contact: str
    subject_name: str
    subject_dob: dt.date | None
    uses: tuple[str, ...]
    channels: tuple[str, ...]           # channel labels
    purpose: str
    remuneration: str | None
    expires_on: dt.date | None
    expiry_event: str | None
    signer_type: str
    signer_name: str
    signer_authority: str
    signed_on: dt.date
    witness: str | None
    signature_png: bytes | None         # a drawn signature or a scanned page, already sanitized
    consent_id: str


@functools.cache
def _environment() -> SandboxedEnvironment:
    return SandboxedEnvironment(loader=FileSystemLoader(assets_dir() / "consent"),
                                autoescape=select_autoescape(default=True,
                                                             enabled_extensions=("j2",)),
                                undefined=StrictUndefined, trim_blocks=True,
                                lstrip_blocks=True)


def render_html(form: AuthorizationForm) -> str:
    labels = USE_LABELS[form.language]
    template = _environment().get_template(f"authorization.{form.language}.html.j2")
    return template.render(
        organization=form.organization, revoke_contact=form.revoke_contact,
        subject_name=form.subject_name,
        subject_dob=form.subject_dob.isoformat() if form.subject_dob else None,
        uses=[labels[u] for u in form.uses], channels=list(form.channels),
        purpose=form.purpose, remuneration=form.remuneration,
        expires_on=form.expires_on.isoformat() if form.expires_on else None,
        expiry_event=form.expiry_event, signer_type=form.signer_type,
        signer_type_label=SIGNER_LABELS[form.language][form.signer_type],
        signer_name=form.signer_name, signer_authority=form.signer_authority,
        signed_on=form.signed_on.isoformat(), witness=form.witness)


HEADINGS = {"h1": FontFace(size_pt=16, emphasis="BOLD", color=(20, 40, 80)),
            "h2": FontFace(size_pt=11.5, emphasis="BOLD", color=(20, 40, 80))}


def render_pdf(form: AuthorizationForm) -> bytes:
    """The printable, signed form; deterministic for the same input (no creation date)."""
    pdf = new_pdf(f"{TITLE[form.language]} {form.consent_id}",
                  f"{form.consent_id} · {FORM_VERSION[form.language]}")
    pdf.write_html(render_html(form), font_family=FONT, tag_styles=HEADINGS)
    if form.signature_png:
        if pdf.will_page_break(40):
            pdf.add_page()
        pdf.ln(2)
        pdf.image(io.BytesIO(form.signature_png), h=30, keep_aspect_ratio=True, w=90)
    return bytes(pdf.output())
