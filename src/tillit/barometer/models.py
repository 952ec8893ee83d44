"""Tillitsbarometern: deviations from the decision chain, delegation decisions, target groups
and the municipality's confidentiality setting.

The reporter of a deviation is confidential. Only ``selectors.deviation_get_for_user`` (and the
confidential list built on it) ever reads ``reporter``; every public selector, the API, the CLI
and the exports use ``Deviation.public`` (which defers nothing but never serialises it) and
count deviations per body and period.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tillit.core.models import TenantModel


class ConfidentialitySetting(TenantModel):
    """Who may see the reporters of deviations in a municipality, and whether the details of
    each deviation are published (docs/dataskydd.md).

    Without a row the defaults apply: the chief holding the municipality's kommundirektör office
    (a Role of kind chief for it) and the municipality's administrators see reporters; the public
    sees counts per body, the details only users with a role in the municipality."""

    office = models.ForeignKey(
        "organisation.Office",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("befattning som ser uppgiftslämnare"),
        help_text=_("T.ex. kommundirektören eller HR-chefen. Tomt = kommundirektören."),
    )
    admins_may_see = models.BooleanField(_("administratörer ser uppgiftslämnare"), default=True)
    details_public = models.BooleanField(
        _("avvikelsernas detaljer publiceras öppet"),
        default=False,
        help_text=_(
            "Av: allmänheten ser antal avvikelser per organ; datum, roll och hantering för varje "
            "avvikelse ser bara inloggade med en roll i kommunen. På: även allmänheten ser "
            "detaljerna. Innehållet och den mottagande enheten visas aldrig öppet, "
            "uppgiftslämnaren bara för den utsedda rollen."
        ),
    )

    class Meta:
        verbose_name = _("sekretessinställning")
        verbose_name_plural = _("sekretessinställningar")
        constraints = [
            models.UniqueConstraint(fields=["municipality"], name="confidentiality_one_per_muni"),
        ]


class DeviationSource(models.TextChoices):
    REPORTED = "reported", _("Rapporterad av tjänsteperson")
    REFUSED_CHAIN = "refused_chain", _("Stoppat försök utanför beslutskedjan")
    QUESTION_OUTSIDE_CHAIN = "question_outside", _("Fråga utanför beslutskedjan")
    # A body's decision that gives an assignment outside the chain, registered after the
    # secretary confirmed it was decided so. (REFUSED_CHAIN rows are from before refusals stopped
    # being recorded: a refused attempt stores nothing.)
    DECIDED_OUTSIDE_CHAIN = "decided_outside", _("Beslut utanför beslutskedjan")


class Handling(models.TextChoices):
    FOLLOWED = "followed", _("Direktivet följdes")
    REFERRED = "referred", _("Hänvisades till beslutskedjan")
    REFUSED = "refused", _("Direktivet avböjdes")
    PENDING = "pending", _("Ännu inte hanterat")
    OTHER = "other", _("Annat")


class Deviation(TenantModel):
    """A directive that went outside the decision chain (avvikelse från beslutskedjan)."""

    source = models.CharField(
        _("källa"), max_length=20, choices=DeviationSource.choices, default=DeviationSource.REPORTED
    )
    occurred_on = models.DateField(_("datum"))
    body = models.ForeignKey(
        "organisation.Body",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organ som avvikelsen räknas på"),
        help_text=_("Det organ den som gav direktivet företräder (t.ex. kommunstyrelsen)."),
    )
    from_role = models.CharField(
        _("direktivet kom från (roll)"),
        max_length=200,
        help_text=_("En roll, inte ett namn, t.ex. »kommunstyrelsens ordförande«."),
    )
    to_office = models.ForeignKey(
        "organisation.Office",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("direktivet gick till (enhet/befattning)"),
    )
    to_role = models.CharField(_("direktivet gick till (roll)"), max_length=200, blank=True)
    content = models.TextField(_("vad direktivet sa"))
    handling = models.CharField(
        _("hur det hanterades"), max_length=20, choices=Handling.choices, default=Handling.PENDING
    )
    handling_note = models.TextField(_("kommentar om hanteringen"), blank=True)
    # The "vad, inte hur" analysis of the content (stored on the row: TextAnalysis is per
    # decision/assignment).
    level = models.CharField(_("nivå"), max_length=10, blank=True)
    score = models.FloatField(_("styrka"), null=True, blank=True)
    findings = models.JSONField(_("markerade formuleringar"), default=list, blank=True)
    details = models.JSONField(_("detaljer (automatiska avvikelser)"), default=dict, blank=True)
    # Confidential: read only through selectors.deviation_get_for_user / deviations_confidential.
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uppgiftslämnare (sekretess)"),
    )
    named_person = models.ForeignKey(
        "organisation.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person som avvikelsen gäller (ser aldrig uppgiftslämnaren)"),
    )

    class Meta:
        verbose_name = _("avvikelse från beslutskedjan")
        verbose_name_plural = _("avvikelser från beslutskedjan")
        ordering = ["-occurred_on", "-id"]
        indexes = [models.Index(fields=["municipality", "occurred_on"])]

    def __str__(self) -> str:
        return f"{self.occurred_on.isoformat()} {self.from_role}"


class DelegationDecision(TenantModel):
    """A delegationsbeslut: a decision an official took on a body's delegation, reported to the
    body. Flagged when its content is at the strategic level (kommunallagen 6 kap. 38 §)."""

    body = models.ForeignKey(
        "organisation.Body",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organ som delegerat"),
    )
    delegate_office = models.ForeignKey(
        "organisation.Office",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("delegat (befattning)"),
    )
    delegate_role = models.CharField(_("delegat (roll)"), max_length=200, blank=True)
    delegation_point = models.CharField(_("punkt i delegationsordningen"), max_length=50)
    decided_on = models.DateField(_("beslutsdag"))
    title = models.CharField(_("rubrik"), max_length=300)
    content = models.TextField(_("beslutets innehåll"))
    reported_meeting = models.ForeignKey(
        "decisions.Meeting",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("anmäld vid sammanträde"),
    )
    is_strategic = models.BooleanField(_("strategisk nivå"), default=False)
    strategic_findings = models.JSONField(_("skäl"), default=list, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("delegationsbeslut")
        verbose_name_plural = _("delegationsbeslut")
        ordering = ["-decided_on", "-id"]
        indexes = [models.Index(fields=["municipality", "decided_on"])]

    def __str__(self) -> str:
        return f"{self.delegation_point} {self.title}"


class TargetGroup(TenantModel):
    """A target group (målgrupp) assignments can be tagged with, across committee borders."""

    slug = models.SlugField(_("kortnamn"))
    name = models.CharField(_("namn"), max_length=100)
    position = models.PositiveSmallIntegerField(default=0)
    assignments = models.ManyToManyField(
        "assignments.Assignment",
        blank=True,
        related_name="target_groups",
        verbose_name=_("uppdrag"),
    )

    class Meta:
        verbose_name = _("målgrupp")
        verbose_name_plural = _("målgrupper")
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "slug"], name="targetgroup_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class MetricTarget(TenantModel):
    """The municipality's own target for a barometer metric — the scorecard's reference where
    set (else the previous period of the same length). In the metric's unit: a share 0–1, days,
    and counts and amounts (kronor) per 12 months, so one target serves periods of any length.
    Without a body it applies to the municipality's column and, for shares and days, to every
    body without a target of its own."""

    metric = models.CharField(_("mått"), max_length=64)
    body = models.ForeignKey(
        "organisation.Body",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organ"),
        help_text=_("Tomt = kommunen som helhet."),
    )
    value = models.DecimalField(_("målvärde"), max_digits=16, decimal_places=4)
    note = models.CharField(_("beslut eller källa"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("mål för mått")
        verbose_name_plural = _("mål för mått")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "metric", "body"], name="metrictarget_unique"
            ),
            models.UniqueConstraint(
                fields=["municipality", "metric"],
                condition=models.Q(body__isnull=True),
                name="metrictarget_unique_municipality",
            ),
        ]
