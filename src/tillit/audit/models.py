"""The append-only, hash-chained audit log (one chain per municipality)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    CREATE = "create", _("skapad")
    UPDATE = "update", _("ändrad")
    DELETE = "delete", _("borttagen")
    ROWS = "rows", _("importerade rader (kontrollsumma)")
    BASELINE = "baseline", _("utgångsläge")


class AuditHead(models.Model):
    """The end of a municipality's chain: its last sequence number and hash. Locked (SELECT …
    FOR UPDATE) while an event is appended, so the chain is one line even under concurrency."""

    municipality = models.OneToOneField(
        "organisation.Municipality", on_delete=models.CASCADE, related_name="+"
    )
    seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="")

    def __str__(self) -> str:
        return f"{self.municipality_id}: #{self.seq}"


class AuditEvent(models.Model):
    municipality = models.ForeignKey(
        "organisation.Municipality", on_delete=models.CASCADE, related_name="+"
    )
    seq = models.PositiveBigIntegerField(_("nummer"))
    at = models.DateTimeField(_("tid"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
    )
    actor_label = models.CharField(_("vem"), max_length=150)
    model = models.CharField(_("tabell"), max_length=100)
    object_pk = models.CharField(_("rad"), max_length=64)
    action = models.CharField(_("händelse"), max_length=10, choices=Action.choices)
    before = models.JSONField(_("före"), null=True, blank=True)
    after = models.JSONField(_("efter"), null=True, blank=True)
    fingerprint = models.CharField(_("radens fingeravtryck"), max_length=64, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("granskningshändelse")
        verbose_name_plural = _("granskningshändelser")
        ordering = ["municipality", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "seq"], name="audit_seq_unique"),
        ]
        indexes = [models.Index(fields=["municipality", "model", "object_pk", "seq"])]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.model}:{self.object_pk}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("Granskningsloggen kan bara utökas, inte ändras.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("Granskningsloggen kan bara utökas, inte ändras.")
