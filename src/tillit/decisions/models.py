"""Meetings and decisions (§). A decision is the only way an assignment is created or changed."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tillit.core.models import TenantModel


class Meeting(TenantModel):
    body = models.ForeignKey("organisation.Body", on_delete=models.PROTECT, related_name="meetings")
    date = models.DateField(_("sammanträdesdag"))
    # Justering locks the meeting: no § can be added to it afterwards (decisions.services).
    approved_on = models.DateField(_("justerad"), null=True, blank=True)
    adjusters = models.CharField(
        _("justerare"),
        max_length=300,
        blank=True,
        help_text=_("Uppdrag, inte namn, t.ex. ordföranden och en ledamot."),
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("justering registrerad av"),
    )

    class Meta:
        verbose_name = _("sammanträde")
        verbose_name_plural = _("sammanträden")
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(fields=["body", "date"], name="meeting_unique_body_date"),
        ]

    def __str__(self) -> str:
        return f"{self.body.label} {self.date.isoformat()}"

    @property
    def is_locked(self) -> bool:
        return self.approved_on is not None


class Initiative(models.TextChoices):
    """Where the matter came from. The seed complains politics only waits for the officials."""

    POLITICAL = "political", _("Politiskt initiativ")
    MOTION = "motion", _("Motion")
    CITIZEN_PROPOSAL = "citizen_proposal", _("Medborgarförslag")
    ADMINISTRATION = "administration", _("Förvaltningens förslag")


class Decision(TenantModel):
    body = models.ForeignKey(
        "organisation.Body", on_delete=models.PROTECT, related_name="decisions"
    )
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="decisions")
    # Denormalised from the meeting so "§ unique per body and year" is a database constraint.
    year = models.PositiveSmallIntegerField(_("år"))
    paragraph = models.PositiveIntegerField(_("paragraf"))
    case_number = models.CharField(_("diarienummer"), max_length=50, blank=True)
    title = models.CharField(_("rubrik"), max_length=300)
    text = models.TextField(_("beslutstext"), blank=True)
    approved_on = models.DateField(_("justerad"), null=True, blank=True)
    initiative = models.CharField(
        _("initiativ"), max_length=20, choices=Initiative.choices, default=Initiative.ADMINISTRATION
    )
    initiative_by = models.CharField(
        _("initiativtagare"),
        max_length=200,
        blank=True,
        help_text=_(
            "T.ex. majoriteten, en ledamot eller en medborgare (anges utan namn vid behov)."
        ),
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registrerad av"),
    )

    class Meta:
        verbose_name = _("beslut")
        verbose_name_plural = _("beslut")
        ordering = ["-meeting__date", "-paragraph"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "year", "paragraph"], name="decision_unique_paragraph_per_body_year"
            ),
        ]
        indexes = [models.Index(fields=["municipality", "year"])]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def reference(self) -> str:
        return f"{self.body.label} {self.year} § {self.paragraph}"

    @property
    def date(self):
        return self.meeting.date
