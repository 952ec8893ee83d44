"""Follow-up: report cycles, reports on assignments, questions and answers, decisions on reports,
and the notifications (inbox + e-mail) that remind people.

Nothing is hard-deleted. A submitted report is immutable; a draft is private to the
administration (the recipient chief) until it is submitted. A decision on a report is a real
decision (§) registered through decisions.services.decision_register.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tillit.core.models import TenantModel

from .periods import ANNUAL, INTERIM, MONTHLY, TERTIAL


class CycleKind(models.TextChoices):
    TERTIAL = TERTIAL, _("Tertialrapport 1 (per 30 april)")
    INTERIM = INTERIM, _("Delårsrapport (per 31 augusti)")
    ANNUAL = ANNUAL, _("Årsredovisning (per 31 december)")
    MONTHLY = MONTHLY, _("Månadsuppföljning")


class ReportCycle(TenantModel):
    """A municipality's setting for one cycle. Without a row the Swedish default applies
    (periods.DEFAULT_CYCLES: T1, DR and AR on, monthly off)."""

    kind = models.CharField(_("cykel"), max_length=2, choices=CycleKind.choices)
    enabled = models.BooleanField(_("används"), default=True)
    report_due_days = models.PositiveSmallIntegerField(
        _("rapporten ska lämnas antal dagar efter perioden")
    )
    # Only for DR: the month the delårsrapport runs to (default August, periods.INTERIM_END_MONTH).
    # Used by the municipality-wide compiled report (documents.compiled_build).
    period_end_month = models.PositiveSmallIntegerField(
        _("perioden slutar med månad"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("rapportcykel")
        verbose_name_plural = _("rapportcykler")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "kind"], name="cycle_unique_kind"),
        ]


class ReportStatus(models.TextChoices):
    ON_TRACK = "on_track", _("Enligt plan")
    RISK = "risk", _("Risk")
    DEVIATION = "deviation", _("Avvikelse")


class ReportState(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    SUBMITTED = "submitted", _("Inlämnad")


class Report(TenantModel):
    """The administration's report (återrapportering) on one assignment for one period."""

    assignment = models.ForeignKey(
        "assignments.Assignment", on_delete=models.PROTECT, related_name="reports"
    )
    period = models.CharField(_("period"), max_length=7)
    period_end = models.DateField(_("per"))
    due_on = models.DateField(_("ska lämnas senast"))
    state = models.CharField(
        _("läge"), max_length=10, choices=ReportState.choices, default=ReportState.DRAFT
    )
    status = models.CharField(
        _("bedömning"), max_length=10, choices=ReportStatus.choices, blank=True
    )
    narrative = models.TextField(_("vad har uppnåtts och vad har vi lärt oss"), blank=True)
    resources_suffice = models.BooleanField(_("räcker resurserna"), null=True, blank=True)
    resources_missing_sek = models.DecimalField(
        _("saknas (kr)"), max_digits=14, decimal_places=0, null=True, blank=True
    )
    forecast = models.TextField(_("prognos"), blank=True)
    adjustment_request = models.TextField(_("begäran om ändring av uppdraget"), blank=True)
    assignment_version = models.PositiveIntegerField(_("uppdragets version"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("inlämnad"), null=True, blank=True)

    class Meta:
        verbose_name = _("rapport")
        verbose_name_plural = _("rapporter")
        ordering = ["period_end", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "period"], name="report_unique_assignment_period"
            ),
        ]
        indexes = [models.Index(fields=["municipality", "period"])]

    def __str__(self) -> str:
        return f"{self.label} – {self.assignment}"

    @property
    def is_submitted(self) -> bool:
        return self.state == ReportState.SUBMITTED

    @property
    def label(self) -> str:
        """'Delårsrapport 2026': the period in words (periods.period_name), never the code."""
        from .periods import period_name

        return period_name(self.period)

    @property
    def source_label(self) -> str:
        """How the assignment's history names this report (AssignmentEvent.source_label, stored
        in Swedish)."""
        from .periods import period_name

        return f"Genom {period_name(self.period, 'sv').lower()} (nr {self.pk})"


class IndicatorValue(TenantModel):
    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="indicators")
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("indikator"), max_length=200)
    value = models.DecimalField(_("värde"), max_digits=16, decimal_places=2, null=True, blank=True)
    unit = models.CharField(_("enhet"), max_length=30, blank=True)
    target = models.DecimalField(_("mål"), max_digits=16, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("indikatorvärde")
        verbose_name_plural = _("indikatorvärden")
        ordering = ["position", "id"]


class Question(TenantModel):
    """A politician's question on an assignment (optionally on one report), asked in the issuing
    body and answered by the chief through the chain."""

    assignment = models.ForeignKey(
        "assignments.Assignment", on_delete=models.PROTECT, related_name="questions"
    )
    report = models.ForeignKey(
        Report, on_delete=models.PROTECT, null=True, blank=True, related_name="questions"
    )
    body = models.ForeignKey(
        "organisation.Body", on_delete=models.PROTECT, related_name="+", verbose_name=_("organ")
    )
    to_office = models.ForeignKey(
        "organisation.Office",
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("ställd till"),
    )
    text = models.TextField(_("fråga"))
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    asked_at = models.DateTimeField(_("ställd"))
    due_on = models.DateField(_("svar senast"))
    answer = models.TextField(_("svar"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("besvarad"), null=True, blank=True)

    class Meta:
        verbose_name = _("fråga")
        verbose_name_plural = _("frågor")
        ordering = ["asked_at", "id"]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None

    def is_overdue(self, today) -> bool:
        return not self.is_answered and self.due_on < today


class Outcome(models.TextChoices):
    CONTINUE = "continue", _("Fortsätta (lägga rapporten till handlingarna)")
    ADJUST = "adjust", _("Ändra uppdraget")
    RESOURCES = "resources", _("Ändra resurserna")
    COMPLETE = "complete", _("Avsluta uppdraget")
    CANCEL = "cancel", _("Avbryta uppdraget")


class ReportDecision(TenantModel):
    """The body's decision (§) on a report — how the follow-up closes the loop."""

    report = models.OneToOneField(Report, on_delete=models.PROTECT, related_name="decision_on")
    decision = models.ForeignKey(
        "decisions.Decision", on_delete=models.PROTECT, related_name="report_decisions"
    )
    outcome = models.CharField(_("beslut"), max_length=10, choices=Outcome.choices)
    resources_change_sek = models.DecimalField(
        _("ändring av resurser (kr)"), max_digits=14, decimal_places=0, null=True, blank=True
    )
    # The budget year the resources change applies to and its split among the recipient bodies
    # ([{"body": slug, "amount": "kr"}]), as decided — kept even when Economy records no frame
    # change (e.g. no frame set for the year).
    frame_year = models.PositiveSmallIntegerField(_("ramår"), null=True, blank=True)
    frame_split = models.JSONField(_("fördelning på mottagare"), default=list, blank=True)
    # Set when Economy recorded the frame change (the lead's share when split); until then the
    # requested change is kept above.
    frame_change = models.ForeignKey(
        "economy.FrameChange",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ramförändring"),
    )
    assignment_version = models.PositiveIntegerField(_("uppdragets version efter beslutet"))
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("beslut om rapport")
        verbose_name_plural = _("beslut om rapporter")
        ordering = ["id"]


class NotificationKind(models.TextChoices):
    ASSIGNMENT_RECEIVED = "assignment_received", _("Nytt uppdrag")
    REPORT_DUE = "report_due", _("Rapport ska lämnas")
    REPORT_OVERDUE = "report_overdue", _("Rapport försenad")
    QUESTION = "question", _("Fråga att besvara")
    QUESTION_OVERDUE = "question_overdue", _("Obesvarad fråga")
    ANSWER = "answer", _("Svar på fråga")
    REPORT_SUBMITTED = "report_submitted", _("Rapport inlämnad")
    DEVIATION = "deviation", _("Avvikelse från beslutskedjan")
    STRATEGIC_DELEGATION = "strategic_delegation", _("Delegationsbeslut på strategisk nivå")
    DEFICIT_WITHOUT_PLAN = "deficit_without_plan", _("Underskott utan åtgärdsplan")
    YEAR_EVENT = "year_event", _("Händelse i årshjulet")


class Notification(TenantModel):
    """One message to one user: in the inbox at once, and in the user's daily e-mail digest
    (`tillit remind`) unless she turned it off. The key makes every message idempotent: `tillit
    remind` twice sends nothing twice."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="followup_notifications"
    )
    key = models.CharField(max_length=120)
    kind = models.CharField(_("typ"), max_length=20, choices=NotificationKind.choices)
    title = models.CharField(_("rubrik"), max_length=300)
    text = models.TextField(_("text"), blank=True)
    url = models.CharField(max_length=300, blank=True)
    assignment = models.ForeignKey(
        "assignments.Assignment", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    emailed_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("påminnelse")
        verbose_name_plural = _("påminnelser")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="notification_unique_key"),
        ]


class NotificationPreference(models.Model):
    """A user's choice about e-mail (the inbox always has everything). One row per user, created
    when she first changes the default: a daily digest."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    email_digest = models.BooleanField(_("daglig sammanfattning med e-post"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("val för aviseringar")
        verbose_name_plural = _("val för aviseringar")

    def __str__(self) -> str:
        return f"{self.user}: {'sammanfattning' if self.email_digest else 'ingen e-post'}"


class YearEventKind(models.TextChoices):
    BUDGET_DIRECTIVES = "budget_directives", _("Budgetdirektiv")
    BUDGET_DIALOGUE = "budget_dialogue", _("Budgetdialog")
    BUDGET_DECISION = "budget_decision", _("Budgetbeslut i kommunfullmäktige")
    T1 = "t1", _("Tertialrapport 1")
    DR = "dr", _("Delårsrapport")
    AR = "ar", _("Årsredovisning")
    KF_T1 = "kf_t1", _("Tertialrapport 1 i kommunfullmäktige")
    KF_DR = "kf_dr", _("Delårsrapport i kommunfullmäktige")
    KF_AR = "kf_ar", _("Årsredovisning i kommunfullmäktige")
    OTHER = "other", _("Annan händelse")


class YearEvent(TenantModel):
    """One event of the municipality's governance year (årshjul). Without any row the Swedish
    defaults in followup.yearwheel.DEFAULT_EVENTS apply; the first change copies them here.
    ``year`` empty = every year on month/day; a year = that year only (a one-off date)."""

    kind = models.CharField(_("typ"), max_length=20, choices=YearEventKind.choices)
    title = models.CharField(_("rubrik"), max_length=200)
    year = models.PositiveSmallIntegerField(_("år"), null=True, blank=True)
    month = models.PositiveSmallIntegerField(_("månad"))
    day = models.PositiveSmallIntegerField(_("dag"))
    end_month = models.PositiveSmallIntegerField(_("slutmånad"), null=True, blank=True)
    end_day = models.PositiveSmallIntegerField(_("slutdag"), null=True, blank=True)
    body = models.ForeignKey(
        "organisation.Body", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    remind_days_before = models.PositiveSmallIntegerField(
        _("påminnelse antal dagar före"), default=14
    )
    enabled = models.BooleanField(_("används"), default=True)

    class Meta:
        verbose_name = _("händelse i årshjulet")
        verbose_name_plural = _("händelser i årshjulet")
        ordering = ["month", "day", "id"]
