"""The append-only, keyed hash chain of the audit log: one chain per municipality, and one for
the installation (users, API tokens, two-factor devices: rows of no municipality, ``municipality``
null). See docs/decisions/0001 and 0004."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _


def _chain():
    """The chain a row belongs to, as one value a unique index can hold (installation = 0)."""
    return Coalesce(
        models.F("municipality"), models.Value(0), output_field=models.BigIntegerField()
    )


class Action(models.TextChoices):
    CREATE = "create", _("skapad")
    UPDATE = "update", _("ändrad")
    DELETE = "delete", _("borttagen")
    ROWS = "rows", _("importerade rader (kontrollsumma)")
    BASELINE = "baseline", _("utgångsläge")


class AuditHead(models.Model):
    """The end of a chain: its last sequence number and hash. Locked (SELECT … FOR UPDATE) while
    an event is appended, so the chain is one line even under concurrency.

    ``legacy_seq``/``seal``: events 1..legacy_seq were written with the unkeyed scheme before the
    audit key existed; the seal (HMAC with the key, ``keys.seal``) binds that beginning, so it
    cannot be rewritten or extended with unkeyed events. 0 for chains begun keyed."""

    municipality = models.ForeignKey(
        "organisation.Municipality",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="")
    legacy_seq = models.PositiveBigIntegerField(default=0)
    seal = models.CharField(max_length=64, blank=True, default="")
    seal_key_id = models.CharField(max_length=16, blank=True, default="")

    class Meta:
        constraints = [models.UniqueConstraint(_chain(), name="audit_head_one_per_chain")]

    def __str__(self) -> str:
        return f"{self.municipality_id or 'installation'}: #{self.seq}"


class AuditEvent(models.Model):
    municipality = models.ForeignKey(
        "organisation.Municipality",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
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
    # 1: unkeyed SHA-256 (before the audit key existed); 2: HMAC-SHA256 with the key named by
    # key_id (audit.keys).
    scheme = models.PositiveSmallIntegerField(_("hashschema"), default=2)
    key_id = models.CharField(_("nyckel-id"), max_length=16, blank=True, default="")

    class Meta:
        verbose_name = _("granskningshändelse")
        verbose_name_plural = _("granskningshändelser")
        ordering = ["municipality", "seq"]
        constraints = [
            models.UniqueConstraint(_chain(), models.F("seq"), name="audit_seq_unique"),
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
