"""Assignments (uppdrag): what a body asks to be achieved, with their full history.

Nothing is hard-deleted. Every change of status or content is an AssignmentEvent that names who,
when and which decision (or, later, report) caused it, with a snapshot of the content after it.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tillit.core.models import TenantModel


class Status(models.TextChoices):
    DECIDED = "decided", _("Beslutat")
    IN_PROGRESS = "in_progress", _("Pågår")
    REPORTED = "reported", _("Redovisat")
    COMPLETED = "completed", _("Avslutat")
    CANCELLED = "cancelled", _("Avbrutet")


OPEN_STATUSES = (Status.DECIDED, Status.IN_PROGRESS, Status.REPORTED)
FINAL_STATUSES = (Status.COMPLETED, Status.CANCELLED)


class Assignment(TenantModel):
    decision = models.ForeignKey(
        "decisions.Decision",
        on_delete=models.PROTECT,
        related_name="assignments",
        verbose_name=_("beslut"),
    )
    issuer = models.ForeignKey(
        "organisation.Body",
        on_delete=models.PROTECT,
        related_name="assignments_issued",
        verbose_name=_("uppdragsgivare"),
    )
    issued_on = models.DateField(_("beslutsdag"))
    title = models.CharField(_("rubrik"), max_length=300)
    what = models.TextField(_("vad (avsett resultat)"))
    why = models.TextField(_("varför"), blank=True)
    resources_sek = models.DecimalField(
        _("resurser (kr)"), max_digits=14, decimal_places=0, null=True, blank=True
    )
    resources_fte = models.DecimalField(
        _("resurser (årsarbetare)"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    deadline = models.DateField(_("slutdatum"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DECIDED
    )
    status_changed_at = models.DateTimeField(_("status ändrad"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    # Non-empty when the body gave the assignment outside the decision chain and the secretary
    # confirmed that it was decided so: why it breaks the chain (counted as a deviation).
    outside_chain = models.TextField(_("utanför beslutskedjan"), blank=True)

    class Meta:
        verbose_name = _("uppdrag")
        verbose_name_plural = _("uppdrag")
        ordering = ["-issued_on", "-id"]
        indexes = [
            models.Index(fields=["municipality", "status"]),
            models.Index(fields=["municipality", "issued_on"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_joint(self) -> bool:
        return len(self.recipients.all()) > 1


class CurrentVersionManager(models.Manager):
    """Only the rows of the assignment's current version. It is the default manager, so
    `assignment.recipients.all()` and prefetches show the current version; `all_versions` keeps
    the superseded rows (nothing is deleted when a decision amends an assignment)."""

    def get_queryset(self):
        return super().get_queryset().filter(superseded_in_version__isnull=True)


class AssignmentRecipient(TenantModel):
    """A recipient is a body (from KF) or a chief's office (from KS or a nämnd)."""

    assignment = models.ForeignKey(Assignment, on_delete=models.PROTECT, related_name="recipients")
    body = models.ForeignKey(
        "organisation.Body",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assignments_received",
    )
    office = models.ForeignKey(
        "organisation.Office",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assignments_received",
    )
    is_lead = models.BooleanField(_("samordningsansvarig"), default=False)
    # Set when an amending decision replaced this row: the version in which it stopped applying.
    superseded_in_version = models.PositiveIntegerField(
        _("ersatt i version"), null=True, blank=True
    )

    objects = CurrentVersionManager()
    all_versions = models.Manager()

    class Meta:
        verbose_name = _("mottagare")
        verbose_name_plural = _("mottagare")
        ordering = ["-is_lead", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(body__isnull=False, office__isnull=True)
                    | models.Q(body__isnull=True, office__isnull=False)
                ),
                name="recipient_is_body_xor_office",
            ),
        ]

    def __str__(self) -> str:
        return str(self.target)

    @property
    def target(self):
        return self.body or self.office

    @property
    def slug(self) -> str:
        return self.target.slug


class FollowUp(TenantModel):
    """A planned follow-up date (uppföljning) of an assignment."""

    assignment = models.ForeignKey(Assignment, on_delete=models.PROTECT, related_name="followups")
    due_on = models.DateField(_("planerad uppföljning"))
    superseded_in_version = models.PositiveIntegerField(
        _("ersatt i version"), null=True, blank=True
    )

    objects = CurrentVersionManager()
    all_versions = models.Manager()

    class Meta:
        verbose_name = _("planerad uppföljning")
        verbose_name_plural = _("planerade uppföljningar")
        ordering = ["due_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "due_on"],
                condition=models.Q(superseded_in_version__isnull=True),
                name="followup_unique_current_date",
            ),
        ]


class EventKind(models.TextChoices):
    ISSUED = "issued", _("Beslutat")
    STATUS_CHANGED = "status_changed", _("Status ändrad")
    AMENDED = "amended", _("Ändrat genom beslut")
    NOTE = "note", _("Anteckning")


class AssignmentEvent(TenantModel):
    """One entry of an assignment's history. Append-only."""

    assignment = models.ForeignKey(Assignment, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(_("händelse"), max_length=20, choices=EventKind.choices)
    occurred_at = models.DateTimeField(_("tidpunkt"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("utförd av"),
    )
    decision = models.ForeignKey(
        "decisions.Decision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("genom beslut"),
    )
    # Set by the follow-up app when a report causes the change (generic until that app lands).
    source_label = models.CharField(_("orsak"), max_length=300, blank=True)
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    version = models.PositiveIntegerField(_("version"))
    snapshot = models.JSONField(_("innehåll efter ändringen"), default=dict)
    note = models.TextField(_("kommentar"), blank=True)

    class Meta:
        verbose_name = _("historikpost")
        verbose_name_plural = _("historik")
        ordering = ["occurred_at", "id"]
