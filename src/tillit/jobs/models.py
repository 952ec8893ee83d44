"""A Job: long work started by a user (or the system) and run by `tillit worker`.

The django-tasks row (django_tasks_db.DBTaskResult) says whether the worker ran the task; the Job
is what people see: the municipality and user it belongs to, its stage, done/total, messages, and
its result or a Swedish error. Not a TenantModel on purpose: progress updates are frequent and are
no governance events, so the audit trail does not log them (the work itself is audited).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("I kö")
    RUNNING = "running", _("Pågår")
    DONE = "done", _("Klart")
    FAILED = "failed", _("Misslyckades")


OPEN_STATUSES = (JobStatus.QUEUED, JobStatus.RUNNING)


class Job(models.Model):
    municipality = models.ForeignKey(
        "organisation.Municipality",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("kommun"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("startat av"),
    )
    kind = models.CharField(_("slag"), max_length=80)
    title = models.CharField(_("rubrik"), max_length=300)
    params = models.JSONField(_("parametrar"), default=dict)
    status = models.CharField(
        _("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    stage = models.CharField(_("steg"), max_length=200, blank=True)
    done = models.BigIntegerField(_("klart"), default=0)
    total = models.BigIntegerField(_("totalt"), null=True, blank=True)
    messages = models.JSONField(_("meddelanden"), default=list)
    result = models.JSONField(_("resultat"), null=True, blank=True)
    error = models.TextField(_("fel"), blank=True)
    # Only one open job per key: the same import started twice is refused while one runs.
    lock_key = models.CharField(_("låsnyckel"), max_length=200, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    worker_host = models.CharField(max_length=200, blank=True)
    worker_pid = models.IntegerField(null=True, blank=True)
    retry_of = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    started_at = models.DateTimeField(_("startad"), null=True, blank=True)
    finished_at = models.DateTimeField(_("avslutad"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["municipality", "user", "-created_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["lock_key"],
                condition=models.Q(status__in=["queued", "running"]) & ~models.Q(lock_key=""),
                name="jobs_one_open_job_per_lock_key",
            )
        ]
        verbose_name = _("jobb")
        verbose_name_plural = _("jobb")

    def __str__(self) -> str:
        return f"{self.title} ({self.status})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def percent(self) -> int | None:
        if self.status == JobStatus.DONE:
            return 100
        if not self.total:
            return None
        return max(0, min(100, int(self.done * 100 / self.total)))
