"""Economy: frames traced to decisions and purposes, budgets, actuals, forecasts, deficits.

Amounts are kronor as ``Decimal`` with two decimals (exact öre); positive = net cost, the SIE
sign convention (costs debit +, revenue credit −). A frame is the net cost a body may have.

Nothing is hard-deleted. Imported rows belong to an :class:`ImportBatch`; replacing an import
(``--replace``) keeps the old batch and its rows and marks the batch ``replaced_by`` the new one —
only rows of active batches (``replaced_by`` null) count.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tillit.core.models import TenantModel

AMOUNT = {"max_digits": 16, "decimal_places": 2}


class Frame(TenantModel):
    """A body's frame (ram) for a year, set by kommunfullmäktige's budget decision."""

    body = models.ForeignKey(
        "organisation.Body",
        on_delete=models.PROTECT,
        related_name="frames",
        verbose_name=_("organ"),
    )
    year = models.PositiveSmallIntegerField(_("år"))
    amount = models.DecimalField(_("ram (kr)"), **AMOUNT)
    decision = models.ForeignKey(
        "decisions.Decision",
        on_delete=models.PROTECT,
        related_name="frames",
        verbose_name=_("budgetbeslut"),
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("ram")
        verbose_name_plural = _("ramar")
        ordering = ["year", "body__name"]
        constraints = [
            models.UniqueConstraint(fields=["body", "year"], name="frame_unique_body_year"),
        ]

    def __str__(self) -> str:
        return f"{self.body} {self.year}: {self.amount}"


class ChangeKind(models.TextChoices):
    ADDITION = "addition", _("Tillskott")
    CUT = "cut", _("Besparing")
    REALLOCATION = "reallocation", _("Omfördelning")


class FrameChange(TenantModel):
    """A decided change to a frame. ``amount`` is the signed effect on this body's frame.

    It either funds one or more assignments or is explicitly ``unlinked`` ("utan kopplat
    uppdrag"). An omfördelning is stored as a pair: − on the giving body, + on the receiving one,
    each pointing at the other through ``counterpart``.
    """

    body = models.ForeignKey(
        "organisation.Body",
        on_delete=models.PROTECT,
        related_name="frame_changes",
        verbose_name=_("organ"),
    )
    year = models.PositiveSmallIntegerField(_("år"))
    kind = models.CharField(_("typ"), max_length=20, choices=ChangeKind.choices)
    amount = models.DecimalField(_("belopp (kr)"), **AMOUNT)
    decision = models.ForeignKey(
        "decisions.Decision",
        on_delete=models.PROTECT,
        related_name="frame_changes",
        verbose_name=_("beslut"),
    )
    assignments = models.ManyToManyField(
        "assignments.Assignment",
        blank=True,
        related_name="frame_changes",
        verbose_name=_("finansierade uppdrag"),
    )
    unlinked = models.BooleanField(_("utan kopplat uppdrag"), default=False)
    counterpart = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("motpost (omfördelning)"),
    )
    purpose = models.CharField(_("syfte"), max_length=500, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("ramförändring")
        verbose_name_plural = _("ramförändringar")
        ordering = ["year", "decision__meeting__date", "id"]
        indexes = [models.Index(fields=["municipality", "year"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.body} {self.year}: {self.amount}"


class BatchKind(models.TextChoices):
    SIE = "sie", _("SIE 4-fil")
    BUDGET_CSV = "budget_csv", _("Budget (CSV)")
    ACTUAL_CSV = "actual_csv", _("Utfall (CSV)")


class ImportBatch(TenantModel):
    """One imported file. Replaced batches are kept, marked ``replaced_by``."""

    kind = models.CharField(_("typ"), max_length=20, choices=BatchKind.choices)
    file_name = models.CharField(_("filnamn"), max_length=300)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    company = models.CharField(_("företag (#FNAMN)"), max_length=300, blank=True)
    fiscal_year_start = models.DateField(_("räkenskapsår från"), null=True, blank=True)
    fiscal_year_end = models.DateField(_("räkenskapsår till"), null=True, blank=True)
    period_start = models.DateField(_("period från"))
    period_end = models.DateField(_("period till"))
    vouchers = models.PositiveIntegerField(_("verifikationer"), default=0)
    transactions = models.PositiveIntegerField(_("transaktioner"), default=0)
    rows = models.PositiveIntegerField(_("sparade rader"), default=0)
    unmapped_objects = models.JSONField(_("okopplade objekt"), default=list, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    replaced_by = models.ForeignKey(
        "self",
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="replaced",
        verbose_name=_("ersatt av"),
    )
    replaced_at = models.DateTimeField(_("ersatt"), null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("importer")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.period_start:%Y-%m}–{self.period_end:%Y-%m})"

    @property
    def is_active(self) -> bool:
        return self.replaced_by_id is None


class ActiveQuerySet(models.QuerySet):
    def active(self):
        return self.filter(batch__replaced_by__isnull=True)


class ActualLine(TenantModel):
    """Actuals aggregated per month × object (dim 1) × project (dim 6) × account class.

    ``body`` is resolved through :class:`ObjectMapping` (null = not yet mapped; re-resolved when
    the mapping changes), ``assignment`` likewise from the project object.
    """

    batch = models.ForeignKey(ImportBatch, on_delete=models.PROTECT, related_name="actual_lines")
    month = models.DateField(_("månad"))
    object_id = models.CharField(_("objekt (dim 1)"), max_length=100, blank=True)
    project = models.CharField(_("projekt (dim 6)"), max_length=100, blank=True)
    account_class = models.CharField(_("kontoklass"), max_length=1)
    amount = models.DecimalField(_("belopp (kr)"), **AMOUNT)
    body = models.ForeignKey(
        "organisation.Body", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    assignment = models.ForeignKey(
        "assignments.Assignment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actual_lines",
    )

    objects = ActiveQuerySet.as_manager()

    class Meta:
        verbose_name = _("utfallsrad")
        verbose_name_plural = _("utfallsrader")
        indexes = [models.Index(fields=["municipality", "month"])]


class BudgetLine(TenantModel):
    """The internal budget (internbudget) of a body per month, from #PBUDGET or CSV."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.PROTECT, related_name="budget_lines")
    month = models.DateField(_("månad"))
    object_id = models.CharField(_("objekt (dim 1)"), max_length=100, blank=True)
    amount = models.DecimalField(_("belopp (kr)"), **AMOUNT)
    body = models.ForeignKey(
        "organisation.Body", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = ActiveQuerySet.as_manager()

    class Meta:
        verbose_name = _("budgetrad")
        verbose_name_plural = _("budgetrader")
        indexes = [models.Index(fields=["municipality", "month"])]


class ObjectMapping(TenantModel):
    """Which body a dimension object belongs to (dim 1), or which assignment a project funds
    (dim 6)."""

    dimension = models.CharField(_("dimension"), max_length=10, default="1")
    object_id = models.CharField(_("objekt"), max_length=100)
    name = models.CharField(_("benämning"), max_length=300, blank=True)
    body = models.ForeignKey(
        "organisation.Body", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    assignment = models.ForeignKey(
        "assignments.Assignment", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("objektkoppling")
        verbose_name_plural = _("objektkopplingar")
        ordering = ["dimension", "object_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "dimension", "object_id"], name="mapping_unique_object"
            ),
            models.CheckConstraint(
                condition=models.Q(body__isnull=False) | models.Q(assignment__isnull=False),
                name="mapping_has_target",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dimension}:{self.object_id} → {self.body or self.assignment}"


class Forecast(TenantModel):
    """The administration's reported year-end forecast of a body's net cost."""

    body = models.ForeignKey(
        "organisation.Body", on_delete=models.PROTECT, related_name="forecasts"
    )
    year = models.PositiveSmallIntegerField(_("år"))
    as_of = models.DateField(_("per månad"))
    amount = models.DecimalField(_("prognos helår (kr)"), **AMOUNT)
    note = models.TextField(_("kommentar"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("prognos")
        verbose_name_plural = _("prognoser")
        ordering = ["-as_of", "-created_at", "-id"]


class ActionPlan(TenantModel):
    """A decision with an action plan (åtgärdsplan) linked to a body's deficit in a year."""

    body = models.ForeignKey(
        "organisation.Body", on_delete=models.PROTECT, related_name="action_plans"
    )
    year = models.PositiveSmallIntegerField(_("år"))
    decision = models.ForeignKey(
        "decisions.Decision", on_delete=models.PROTECT, related_name="action_plans"
    )
    note = models.TextField(_("sammanfattning"), blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("åtgärdsplan")
        verbose_name_plural = _("åtgärdsplaner")
        constraints = [
            models.UniqueConstraint(
                fields=["body", "year", "decision"], name="actionplan_unique_decision"
            ),
        ]
