"""Mål och budget: the year's budget as frame changes with purposes (docs/budget.md).

A :class:`Budget` is one proposal for year Y (the majority's, an opposition party's) with plan
years Y+1 and Y+2. Each :class:`BudgetLine` is one body: its frame for Y is the previous frame
(year Y-1's final frame) plus its :class:`BudgetChange` rows, each of a kind that says what the
money is for. Adopting a proposal (``services.budget_adopt``) makes it KF's decision: it writes
economy.Frame (the previous frame as the base) and one economy.FrameChange per change, linked
back here, so the economy pages and the barometer see the budget like any frame change.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tillit.core.models import TenantModel

AMOUNT = {"max_digits": 16, "decimal_places": 2}


class BudgetStatus(models.TextChoices):
    PROPOSAL = "proposal", _("Förslag")
    ADOPTED = "adopted", _("Antagen")


class Budget(TenantModel):
    year = models.PositiveSmallIntegerField(_("år"))
    title = models.CharField(_("rubrik"), max_length=300)
    proposed_by = models.CharField(_("förslagsställare"), max_length=200)
    status = models.CharField(
        _("status"), max_length=20, choices=BudgetStatus.choices, default=BudgetStatus.PROPOSAL
    )
    decision = models.OneToOneField(
        "decisions.Decision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="budget",
        verbose_name=_("beslut"),
    )
    # The council's few direction goals (inriktningsmål), and the result budget: skatteintäkter
    # och generella statsbidrag, finansnetto and the financial goal of god ekonomisk hushållning
    # (result as a percentage of skatter och bidrag). Net costs are the frames.
    goals = models.JSONField(_("inriktningsmål"), default=list, blank=True)
    tax_revenue = models.DecimalField(
        _("skatteintäkter och generella statsbidrag (kr)"), null=True, blank=True, **AMOUNT
    )
    financial_net = models.DecimalField(_("finansnetto (kr)"), null=True, blank=True, **AMOUNT)
    financial_goal = models.DecimalField(
        _("finansiellt mål (resultat i % av skatter och bidrag)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("budget")
        verbose_name_plural = _("budgetar")
        ordering = ["-year", "id"]
        constraints = [
            # One adopted budget per municipality and year, also against concurrent adoptions.
            models.UniqueConstraint(
                fields=["municipality", "year"],
                condition=models.Q(status="adopted"),
                name="budget_one_adopted_per_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.proposed_by})"

    @property
    def plan_years(self) -> tuple[int, int]:
        return self.year + 1, self.year + 2


class BudgetLine(TenantModel):
    """One body in a budget proposal: its changes, plan frames and grunduppdrag."""

    budget = models.ForeignKey(Budget, on_delete=models.PROTECT, related_name="lines")
    body = models.ForeignKey(
        "organisation.Body", on_delete=models.PROTECT, related_name="+", verbose_name=_("organ")
    )
    position = models.PositiveSmallIntegerField(default=0)
    # Frames of the plan years Y+1 and Y+2 (null: the year's frame carried forward).
    plan_1 = models.DecimalField(_("plan år 1 (kr)"), null=True, blank=True, **AMOUNT)
    plan_2 = models.DecimalField(_("plan år 2 (kr)"), null=True, blank=True, **AMOUNT)
    # The body's grunduppdrag (standing mission): {"title", "what", "indicators": [{"code",
    # "title", "unit", "target", "higher_is_better"}]}; issued as a KF assignment on adoption.
    mission = models.JSONField(_("grunduppdrag"), default=dict, blank=True)
    mission_assignment = models.ForeignKey(
        "assignments.Assignment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("grunduppdrag (uppdrag)"),
    )

    class Meta:
        verbose_name = _("budgetrad")
        verbose_name_plural = _("budgetrader")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["budget", "body"], name="budgetline_unique_body"),
        ]


class Kind(models.TextChoices):
    ASSIGNMENT = "assignment", _("Uppdrag")
    INDEX = "index", _("Pris- och löneuppräkning")
    VOLUME = "volume", _("Volym och demografi")
    EFFICIENCY = "efficiency", _("Effektiviseringskrav")
    TECHNICAL = "technical", _("Teknisk justering")
    UNLINKED = "unlinked", _("Utan kopplat uppdrag")


# Kinds that state a purpose; only ``unlinked`` does not (barometer: budget_change_explained_*).
EXPLAINED_KINDS = (Kind.ASSIGNMENT, Kind.INDEX, Kind.VOLUME, Kind.EFFICIENCY, Kind.TECHNICAL)


class BudgetChange(TenantModel):
    """A change to the body's frame in the budget; ``amount`` is its signed effect on the line's
    body (a technical change moves it from or to ``counterpart``)."""

    line = models.ForeignKey(BudgetLine, on_delete=models.PROTECT, related_name="changes")
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices)
    amount = models.DecimalField(_("belopp (kr)"), **AMOUNT)
    note = models.CharField(_("kommentar"), max_length=500, blank=True)
    percentage = models.DecimalField(
        _("uppräkning (%)"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    driver = models.CharField(_("volymdrivare"), max_length=200, blank=True)
    counterpart = models.ForeignKey(
        "organisation.Body",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("motpart"),
    )
    assignments = models.ManyToManyField(
        "assignments.Assignment",
        blank=True,
        related_name="budget_changes",
        verbose_name=_("finansierade uppdrag"),
    )
    # A new KF assignment proposed with the budget (the shape of AssignmentDraft, dates as ISO
    # strings); it is issued by the adoption decision and then also linked in ``assignments``.
    new_assignment = models.JSONField(_("nytt uppdrag"), null=True, blank=True)
    frame_change = models.OneToOneField(
        "economy.FrameChange",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="budget_change",
    )
    counterpart_frame_change = models.OneToOneField(
        "economy.FrameChange",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="budget_change_counterpart",
    )

    class Meta:
        verbose_name = _("budgetförändring")
        verbose_name_plural = _("budgetförändringar")
        ordering = ["position", "id"]


class OperationalPlan(TenantModel):
    """The administration's answer to the budget (verksamhetsplan): for one body and year, HOW
    the administration will carry out the grunduppdrag and each assignment. Written by the chief
    who answers to the body; the politicians read it."""

    body = models.ForeignKey(
        "organisation.Body", on_delete=models.PROTECT, related_name="+", verbose_name=_("organ")
    )
    year = models.PositiveSmallIntegerField(_("år"))
    mission_how = models.TextField(_("så genomförs grunduppdraget"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("verksamhetsplan")
        verbose_name_plural = _("verksamhetsplaner")
        constraints = [
            models.UniqueConstraint(fields=["body", "year"], name="opplan_unique_body_year"),
        ]


class OperationalPlanItem(TenantModel):
    """How one assignment will be carried out: activities and milestones."""

    plan = models.ForeignKey(OperationalPlan, on_delete=models.PROTECT, related_name="items")
    assignment = models.ForeignKey(
        "assignments.Assignment", on_delete=models.PROTECT, related_name="+"
    )
    activities = models.TextField(_("aktiviteter"), blank=True)
    milestones = models.TextField(_("delmål och tidpunkter"), blank=True)

    class Meta:
        verbose_name = _("verksamhetsplanens del")
        verbose_name_plural = _("verksamhetsplanens delar")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "assignment"], name="opplanitem_unique_assignment"
            ),
        ]


class BudgetRevision(TenantModel):
    """One amendment of a proposal before it was adopted: who changed it, when, what changed (a
    Swedish summary, one line per item) and the proposal as it was before (``before``, the input
    shape of ``services.budget_check`` plus the header), so the tabled version is never lost.
    ``at_adoption``: kommunfullmäktige's own amendment, made in the adoption decision."""

    budget = models.ForeignKey(Budget, on_delete=models.PROTECT, related_name="revisions")
    at_adoption = models.BooleanField(_("ändrat vid antagandet"), default=False)
    summary = models.TextField(_("ändringar"))
    before = models.JSONField(_("förslaget före ändringen"), default=dict)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("ändring av budgetförslag")
        verbose_name_plural = _("ändringar av budgetförslag")
        ordering = ["created_at", "id"]

    @property
    def summary_lines(self) -> list[str]:
        return [line for line in self.summary.splitlines() if line.strip()]
