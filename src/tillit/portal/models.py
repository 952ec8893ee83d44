"""Openness: per-municipality open-data settings and Kolada indicators (KPIs).

Kolada values are national data (every municipality, the country, comparison groups), so
`KoladaValue` is not a tenant row: one fetched value serves every installation's municipality
that shows the KPI. A `Kpi` is the municipality's own definition: which Kolada KPI, its targets
per year and the assignments it follows up.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from tillit.core.models import TenantModel, TimeStampedModel


class PortalSettings(TimeStampedModel):
    municipality = models.OneToOneField(
        "organisation.Municipality", on_delete=models.PROTECT, related_name="portal_settings"
    )
    data_licence = models.CharField(
        _("licens för öppna data"),
        max_length=40,
        blank=True,
        help_text=_("SPDX-id, t.ex. CC0-1.0 eller CC-BY-4.0. Tomt: installationens standard."),
    )
    comparison_group = models.CharField(
        _("jämförelsegrupp (kommunkoder)"),
        max_length=400,
        blank=True,
        help_text=_("Kommatecken mellan koderna, t.ex. 0860,0861,0862."),
    )
    comparison_group_name = models.CharField(
        _("jämförelsegruppens namn"), max_length=200, blank=True
    )

    class Meta:
        verbose_name = _("portalinställning")
        verbose_name_plural = _("portalinställningar")

    @property
    def comparison_codes(self) -> list[str]:
        return [c.strip() for c in self.comparison_group.split(",") if c.strip()]


class Kpi(TenantModel):
    """A key figure the municipality follows, by its Kolada id (e.g. N15428)."""

    code = models.CharField(_("Kolada-id"), max_length=20)
    title = models.CharField(_("namn"), max_length=300)
    description = models.TextField(_("beskrivning"), blank=True)
    unit = models.CharField(_("enhet"), max_length=40, blank=True)
    higher_is_better = models.BooleanField(_("högre är bättre"), default=True)
    assignments = models.ManyToManyField(
        "assignments.Assignment", blank=True, related_name="kpis", verbose_name=_("uppdrag")
    )

    class Meta:
        verbose_name = _("nyckeltal")
        verbose_name_plural = _("nyckeltal")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "code"], name="kpi_unique_code"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class KpiTarget(TenantModel):
    kpi = models.ForeignKey(Kpi, on_delete=models.PROTECT, related_name="targets")
    year = models.PositiveSmallIntegerField(_("år"))
    value = models.DecimalField(_("målvärde"), max_digits=16, decimal_places=2)

    class Meta:
        verbose_name = _("målvärde")
        verbose_name_plural = _("målvärden")
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(fields=["kpi", "year"], name="kpi_target_unique_year"),
        ]


class KoladaValue(TimeStampedModel):
    """One value from Kolada: KPI × area (municipality code, 0000 = Sweden) × year × gender."""

    kpi = models.CharField(max_length=20)
    area = models.CharField(max_length=10)
    year = models.PositiveSmallIntegerField()
    gender = models.CharField(max_length=1, default="T")  # T total, K women, M men
    value = models.DecimalField(max_digits=18, decimal_places=4, null=True, blank=True)
    status = models.CharField(max_length=20, blank=True)

    class Meta:
        verbose_name = _("Kolada-värde")
        verbose_name_plural = _("Kolada-värden")
        constraints = [
            models.UniqueConstraint(
                fields=["kpi", "area", "year", "gender"], name="kolada_value_unique"
            ),
        ]
        indexes = [models.Index(fields=["kpi", "area"])]
