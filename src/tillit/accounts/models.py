"""Roles per municipality and body, and API tokens (stored hashed)."""

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tillit.core.models import TenantModel


class RoleKind(models.TextChoices):
    ADMIN = "admin", _("Administratör")
    SECRETARY = "secretary", _("Sekreterare")
    CHIEF = "chief", _("Chef (kommundirektör/förvaltningschef)")
    POLITICIAN = "politician", _("Förtroendevald")
    CONTROLLER = "controller", _("Controller/ekonom")
    AUDITOR = "auditor", _("Revisor")


class Role(TenantModel):
    """A user's role in a municipality, optionally limited to one body or one office."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="roles"
    )
    kind = models.CharField(_("roll"), max_length=20, choices=RoleKind.choices)
    body = models.ForeignKey(
        "organisation.Body", on_delete=models.PROTECT, null=True, blank=True, related_name="roles"
    )
    office = models.ForeignKey(
        "organisation.Office", on_delete=models.PROTECT, null=True, blank=True, related_name="roles"
    )

    class Meta:
        verbose_name = _("roll")
        verbose_name_plural = _("roller")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "municipality", "kind", "body", "office"], name="role_unique"
            ),
        ]

    def __str__(self) -> str:
        scope = self.body or self.office or self.municipality
        return f"{self.user} – {self.get_kind_display()} ({scope})"


def hash_token(raw: str) -> str:
    # Tokens are 256-bit random values, so a fast hash is safe (no dictionary to attack).
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def usable(self):
        now = timezone.now()
        return self.filter(revoked_at__isnull=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        )


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("benämning"), max_length=100, blank=True)
    prefix = models.CharField(max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API-nyckel")
        verbose_name_plural = _("API-nycklar")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"
