"""Stored results of the "vad, inte hur" analysis.

One row per analysed text of a domain object: a decision's text, an assignment's what + why, and
(later) a question. The analysed object is a nullable foreign key per kind, so lists can prefetch
analyses with plain ``Prefetch`` (no generic relations). Rows are derived data: re-analysing an
object (a new analyser version, a backfill) adds a row; readers use the newest.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from tillit.core.models import TenantModel


class Level(models.TextChoices):
    WHAT = "what", _("Vad-nivå")
    HOW = "how", _("Hur-nivå")


class TextAnalysis(TenantModel):
    decision = models.ForeignKey(
        "decisions.Decision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="text_analyses",
        verbose_name=_("beslut"),
    )
    assignment = models.ForeignKey(
        "assignments.Assignment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="text_analyses",
        verbose_name=_("uppdrag"),
    )
    text = models.TextField(_("analyserad text"))
    level = models.CharField(_("nivå"), max_length=10, choices=Level.choices)
    score = models.FloatField(_("styrka"))
    findings = models.JSONField(_("markerade formuleringar"), default=list, blank=True)
    missing = models.JSONField(_("saknade delar"), default=list, blank=True)
    analyser_version = models.CharField(_("analysatorversion"), max_length=20)
    analysed_at = models.DateTimeField(_("analyserad"))

    class Meta:
        verbose_name = _("textanalys")
        verbose_name_plural = _("textanalyser")
        ordering = ["-analysed_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(decision__isnull=False, assignment__isnull=True)
                | models.Q(decision__isnull=True, assignment__isnull=False),
                name="textanalysis_one_object",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()} ({self.score:.2f})"

    @property
    def is_how(self) -> bool:
        return self.level == Level.HOW

    def to_dict(self) -> dict:
        """The same shape as ``Analysis.to_dict()``, plus when and with which version."""
        return {
            "level": self.level,
            "score": self.score,
            "findings": list(self.findings),
            "missing": list(self.missing),
            "analyser_version": self.analyser_version,
            "analysed_at": self.analysed_at.isoformat(),
        }
