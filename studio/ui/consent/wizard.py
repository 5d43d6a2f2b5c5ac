"""The consent capture wizard: who signs, the scope, the statements, the signature, a review.

Finish calls :func:`studio.workflow.consents.add_consent` on the worker; the wizard stays open
until the workflow answers, and a refusal is shown on the review page in the workflow's words
(nothing is half-saved: ``add_consent`` stores all or nothing).
"""

from __future__ import annotations

import datetime as dt
from html import escape

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget, QWizard

from studio.exporters.consent_form import SIGNER_LABELS, AuthorizationForm
from studio.ui import labels
from studio.ui.consent.scope_page import ScopePage
from studio.ui.consent.sign_pages import ReviewPage, SignaturePage, StatementsPage
from studio.ui.consent.who_page import WhoPage
from studio.ui.context import CONSENT, MEDIA, POST, UiContext
from studio.ui.errors import user_message
from studio.workflow.consent_state import ConsentRow
from studio.workflow.consents import DEFAULT_PURPOSE, Signature, add_consent


def one_year_after(day: dt.date) -> dt.date:
    """A suggested expiry (staff change it): the same day next year, or 365 days on 29 Feb."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day + dt.timedelta(days=365)


class ConsentWizard(QWizard):
    """Emits ``saved`` with the new :class:`ConsentRow` once the workflow has stored it."""

    saved = Signal(object)

    def __init__(self, ctx: UiContext, subject: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.saved_row: ConsentRow | None = None
        self._busy = False
        self.setWindowTitle(self.tr("Record a consent"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage)
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("Sign and save"))
        self.who = WhoPage(ctx, subject)
        self.scope = ScopePage(one_year_after(self.who.signed_date()))
        self.statements = StatementsPage(self.form_for)
        self.signature = SignaturePage(ctx.lib.actor.display_name, self._signer_text)
        self.review = ReviewPage(self.summary)
        for page in (self.who, self.scope, self.statements, self.signature, self.review):
            self.addPage(page)
        self.resize(760, 640)

    # -- what the pages collected ----------------------------------------------------------
    def form_for(self, language: str) -> AuthorizationForm:
        """The authorization as it will print, from the answers so far (not yet signed)."""
        facts = self.who.facts
        return AuthorizationForm(
            language=language, organization=facts.organization if facts else "",
            revoke_contact=facts.revoke_contact if facts else "",
            subject_name=facts.name if facts else "",
            subject_dob=facts.date_of_birth if facts else None,
            uses=tuple(self.scope.uses()),
            channels=tuple(labels.channel(c) for c in self.scope.channels()),
            purpose=DEFAULT_PURPOSE[language], remuneration=self.scope.remuneration(),
            expires_on=self.scope.expiry_date(), expiry_event=self.scope.expiry_event_text(),
            signer_type=self.who.signer_type(), signer_name=self.who.signer_name(),
            signer_authority=self.who.signer_authority(), signed_on=self.who.signed_date(),
            witness=self.ctx.lib.actor.display_name, signature_png=None,
            consent_id=self.tr("(not yet signed)"))

    def _signer_text(self) -> str:
        name = self.who.signer_name()
        if self.who.signer_type() == "self":
            return name
        return f"{name}, {SIGNER_LABELS['en'][self.who.signer_type()]}"

    def summary(self) -> str:
        facts = self.who.facts
        who = self.who.signer_name()
        if self.who.signer_type() != "self":
            who += f" ({SIGNER_LABELS['en'][self.who.signer_type()]}: " \
                   f"{self.who.signer_authority()})"
        expiry = str(self.scope.expiry_date() or self.scope.expiry_event_text() or "")
        rows = [
            (self.tr("About"), f"{facts.name} ({facts.subject})" if facts else ""),
            (self.tr("Signed by"), who),
            (self.tr("Date signed"), str(self.who.signed_date())),
            (self.tr("Channels"), labels.channels(self.scope.channels())),
            (self.tr("Details"), ", ".join(labels.use(u) for u in self.scope.uses())),
            (self.tr("Ends"), expiry),
            (self.tr("Remuneration"), self.scope.remuneration() or self.tr("none")),
            (self.tr("Language"), "Español" if self.statements.language() == "es"
             else "English"),
            (self.tr("Signature"), self.tr("scanned form {name}").format(
                name=self.signature.scan[1]) if self.signature.scan else self.tr("drawn on "
                                                                                 "screen")),
            (self.tr("Witness"), self.ctx.lib.actor.display_name),
        ]
        cells = "".join(f"<tr><td style='padding:3px 14px 3px 0'><b>{escape(k)}</b></td>"
                        f"<td style='padding:3px 0'>{escape(v)}</td></tr>" for k, v in rows)
        return f"<table>{cells}</table>"

    # -- signing ---------------------------------------------------------------------------
    def accept(self) -> None:
        """Sign and save: hand everything to the workflow; close only when it has stored it."""
        if self._busy:
            return
        self._set_busy(True)
        data, name = self.signature.signature()
        lib, who, scope = self.ctx.lib, self.who, self.scope
        kwargs = dict(
            signed_on=who.signed_date(), channels=scope.channels(), uses=scope.uses(),
            signature=Signature(data, name), expires_on=scope.expiry_date(),
            expiry_event=scope.expiry_event_text(), signer_type=who.signer_type(),
            signer_name=who.signer_name() if who.signer_type() != "self" else None,
            signer_authority=who.signer_authority(), remuneration=scope.remuneration(),
            language=self.statements.language())
        subject = who.subject()
        self.ctx.op(lambda: add_consent(lib, subject, **kwargs),  # type: ignore[arg-type]
                    self._saved, changes={CONSENT, MEDIA, POST}, owner=self,
                    failed=self._failed)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for button in (QWizard.WizardButton.FinishButton, QWizard.WizardButton.BackButton):
            self.button(button).setEnabled(not busy)
        self.review.error_label.setText(self.tr("Saving…") if busy else "")

    def _saved(self, row: ConsentRow) -> None:
        self._set_busy(False)
        self.saved_row = row
        self.saved.emit(row)
        super().accept()

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.review.error_label.setText(user_message(exc))
