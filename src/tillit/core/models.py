"""Abstract bases shared by every app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    class Meta:
        abstract = True


class TenantModel(TimeStampedModel):
    """Every row belongs to exactly one municipality (the tenant)."""

    municipality = models.ForeignKey(
        "organisation.Municipality",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("kommun"),
    )

    class Meta:
        abstract = True


class DatedQuerySet(models.QuerySet):
    """Rows valid over a date range [valid_from, valid_to] (valid_to inclusive, null = open)."""

    def active_on(self, day):
        return self.filter(valid_from__lte=day).filter(
            models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=day)
        )


class DatedModel(models.Model):
    valid_from = models.DateField(_("giltig från"))
    valid_to = models.DateField(_("giltig till"), null=True, blank=True)

    objects = DatedQuerySet.as_manager()

    class Meta:
        abstract = True

    def is_active_on(self, day) -> bool:
        return self.valid_from <= day and (self.valid_to is None or self.valid_to >= day)
