"""Protocols (protokoll) read by the minutes reader and what registering them produced.

A Protocol keeps what was uploaded or pushed (file hash, the reader's JSON, who, when); a
ProtocolParagraph links one registered § to the Decision it became. The decision itself is born
only through decisions.services.decision_register, like a hand-registered one.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tillit.core.models import TenantModel


class ProtocolSource(models.TextChoices):
    WEB = "web", _("Uppladdad på webben")
    API = "api", _("Via API:t")
    CLI = "cli", _("Inläst med kommandot")


class Protocol(TenantModel):
    body = models.ForeignKey(
        "organisation.Body",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organ"),
    )
    meeting_date = models.DateField(_("sammanträdesdag"), null=True, blank=True)
    file_name = models.CharField(_("filnamn"), max_length=255, blank=True)
    # SHA-256 of the uploaded file, or of the canonical JSON pushed through the API.
    sha256 = models.CharField(_("kontrollsumma (SHA-256)"), max_length=64)
    parsed = models.JSONField(_("inläst protokoll"), default=dict)
    source = models.CharField(_("källa"), max_length=10, choices=ProtocolSource.choices)
    idempotency_key = models.CharField(_("idempotensnyckel"), max_length=200, null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uppladdad av"),
    )
    registered_at = models.DateTimeField(_("registrerad"), null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registrerad av"),
    )
    # What registering did (the API answer), kept so an idempotent replay answers the same.
    result = models.JSONField(_("resultat"), default=dict, blank=True)

    class Meta:
        verbose_name = _("protokoll")
        verbose_name_plural = _("protokoll")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "idempotency_key"],
                condition=models.Q(idempotency_key__isnull=False),
                name="protocol_unique_idempotency_key",
            ),
        ]

    def __str__(self) -> str:
        body = self.body.label if self.body_id else "?"
        day = self.meeting_date.isoformat() if self.meeting_date else "?"
        return f"{body} {day} ({self.file_name or self.source})"


class ProtocolParagraph(TenantModel):
    """One § of a protocol registered as a decision. A decision comes from at most one §."""

    protocol = models.ForeignKey(Protocol, on_delete=models.PROTECT, related_name="paragraphs")
    number = models.PositiveIntegerField(_("paragraf"))
    decision = models.OneToOneField(
        "decisions.Decision",
        on_delete=models.PROTECT,
        related_name="protocol_paragraph",
        verbose_name=_("beslut"),
    )

    class Meta:
        verbose_name = _("registrerad paragraf")
        verbose_name_plural = _("registrerade paragrafer")
        ordering = ["protocol", "number"]

    def __str__(self) -> str:
        return f"§ {self.number}"


class ParagraphKind(models.TextChoices):
    """What a § of a hand-registered meeting does (``meetings.py``)."""

    ASSIGNMENT = "assignment", _("Uppdrag")
    REPORT_DECISION = "report_decision", _("Beslut om återrapport")
    FRAME_CHANGE = "frame_change", _("Ramändring")
    DELEGATION_REPORT = "delegation_report", _("Anmälda delegationsbeslut")
    NOTED = "noted", _("Anmäls / läggs till handlingarna")


class MeetingDraft(TenantModel):
    """A meeting the secretary is registering by hand, § by §.

    Its paragraphs are drafts: nothing is in the decision chain, the barometer or the public
    pages until justering registers them all at once (``meetings.meeting_draft_approve``);
    then ``meeting`` points at the registered, locked meeting."""

    body = models.ForeignKey(
        "organisation.Body", on_delete=models.PROTECT, related_name="+", verbose_name=_("organ")
    )
    meeting_date = models.DateField(_("sammanträdesdag"))
    meeting = models.OneToOneField(
        "decisions.Meeting",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="draft",
        verbose_name=_("registrerat sammanträde"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("påbörjat av"),
    )

    class Meta:
        verbose_name = _("sammanträde under registrering")
        verbose_name_plural = _("sammanträden under registrering")
        ordering = ["-meeting_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "meeting_date"], name="meeting_draft_unique_body_date"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.body.label} {self.meeting_date.isoformat()}"

    @property
    def is_registered(self) -> bool:
        return self.meeting_id is not None


class DraftParagraph(TenantModel):
    """One § of a MeetingDraft: its kind and what the secretary typed (``data``)."""

    draft = models.ForeignKey(MeetingDraft, on_delete=models.CASCADE, related_name="paragraphs")
    number = models.PositiveIntegerField(_("paragraf"))
    kind = models.CharField(_("typ"), max_length=20, choices=ParagraphKind.choices)
    title = models.CharField(_("rubrik"), max_length=300)
    data = models.JSONField(_("uppgifter"), default=dict, blank=True)
    decision = models.OneToOneField(
        "decisions.Decision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("beslut"),
    )

    class Meta:
        verbose_name = _("paragraf under registrering")
        verbose_name_plural = _("paragrafer under registrering")
        ordering = ["draft", "number"]
        constraints = [
            models.UniqueConstraint(fields=["draft", "number"], name="draft_paragraph_unique"),
        ]

    def __str__(self) -> str:
        return f"§ {self.number} {self.title}"
