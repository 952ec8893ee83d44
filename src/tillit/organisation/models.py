"""The municipality and its organisation, versioned by date.

Political side: bodies (KF, KS, nämnder, utskott, gemensamma nämnder) with memberships.
Administration: offices (kommundirektör, förvaltningschefer, enheter) with the body each chief
answers to. Everything carries valid_from/valid_to so a reorganisation keeps history.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from tillit.core.models import DatedModel, DatedQuerySet, TenantModel, TimeStampedModel

slug_validator = RegexValidator(
    r"^[a-z0-9]+(?:-[a-z0-9]+)*$", _("Endast små bokstäver a–z, siffror och bindestreck.")
)


class Municipality(TimeStampedModel):
    slug = models.SlugField(_("kortnamn"), unique=True, validators=[slug_validator])
    name = models.CharField(_("namn"), max_length=200)
    code = models.CharField(
        _("kommunkod"),
        max_length=4,
        unique=True,
        validators=[RegexValidator(r"^\d{4}$", _("Kommunkoden har fyra siffror."))],
    )
    population = models.PositiveIntegerField(_("invånare"), null=True, blank=True)
    county = models.CharField(_("län"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("kommun")
        verbose_name_plural = _("kommuner")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Term(TenantModel):
    """A mandatperiod: four years from 15 October after the general election."""

    election_date = models.DateField(_("valdag"))
    starts_on = models.DateField(_("börjar"))
    ends_on = models.DateField(_("slutar"))

    class Meta:
        verbose_name = _("mandatperiod")
        verbose_name_plural = _("mandatperioder")
        ordering = ["starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "starts_on"], name="term_unique_start"),
            models.CheckConstraint(
                condition=models.Q(ends_on__gt=models.F("starts_on")), name="term_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.starts_on.year}–{self.ends_on.year}"

    @staticmethod
    def dates_for_election(election_year: int) -> tuple[date, date]:
        """A term starts 15 October of the election year and ends 14 October four years later."""
        return date(election_year, 10, 15), date(election_year + 4, 10, 14)


class Majority(TenantModel, DatedModel):
    """A governing majority (styre). It can change mid-term, so it has its own dates."""

    name = models.CharField(_("benämning"), max_length=200, help_text=_("T.ex. C+M+KD"))
    parties = models.CharField(_("partier"), max_length=200, blank=True)

    objects = DatedQuerySet.as_manager()

    class Meta:
        verbose_name = _("majoritet")
        verbose_name_plural = _("majoriteter")
        ordering = ["valid_from"]

    def __str__(self) -> str:
        end = self.valid_to.isoformat() if self.valid_to else ""
        return f"{self.name} ({self.valid_from.isoformat()}–{end})"


class BodyKind(models.TextChoices):
    COUNCIL = "council", _("Kommunfullmäktige")
    EXECUTIVE_BOARD = "executive_board", _("Kommunstyrelse")
    COMMITTEE = "committee", _("Nämnd")
    SUBCOMMITTEE = "subcommittee", _("Utskott")
    JOINT_COMMITTEE = "joint_committee", _("Gemensam nämnd")


class Body(TenantModel, DatedModel):
    """A political body. The decision chain is defined over these kinds."""

    slug = models.SlugField(_("kortnamn"), validators=[slug_validator])
    name = models.CharField(_("namn"), max_length=200)
    short_name = models.CharField(_("förkortning"), max_length=20, blank=True)
    kind = models.CharField(_("typ"), max_length=20, choices=BodyKind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("överordnat organ"),
    )
    area_of_responsibility = models.TextField(_("ansvarsområde"), blank=True)
    seats = models.PositiveSmallIntegerField(_("antal ledamöter"), null=True, blank=True)
    shared_with = models.CharField(
        _("gemensam med"),
        max_length=200,
        blank=True,
        help_text=_("För gemensam nämnd: den andra kommunen."),
    )

    objects = DatedQuerySet.as_manager()

    class Meta:
        verbose_name = _("organ")
        verbose_name_plural = _("organ")
        ordering = ["municipality", "valid_from", "id"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "slug"], name="body_unique_slug"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        return self.short_name or self.name


class OfficeKind(models.TextChoices):
    CHIEF_EXECUTIVE = "chief_executive", _("Kommundirektör")
    DEPARTMENT_HEAD = "department_head", _("Förvaltningschef")
    UNIT = "unit", _("Enhet")


class Office(TenantModel, DatedModel):
    """A post or unit in the administration.

    The kommundirektör and förvaltningschefer are *chiefs*: they answer to a body, and a body's
    assignments go to them. Units sit below a chief and are never addressed by politics.
    """

    slug = models.SlugField(_("kortnamn"), validators=[slug_validator])
    title = models.CharField(_("befattning"), max_length=200)
    organisation_name = models.CharField(
        _("förvaltning/enhet"),
        max_length=200,
        help_text=_("T.ex. Barn- och utbildningsförvaltningen"),
    )
    kind = models.CharField(_("typ"), max_length=20, choices=OfficeKind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("överordnad"),
    )
    answers_to = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="chiefs",
        verbose_name=_("svarar inför"),
    )

    objects = DatedQuerySet.as_manager()

    class Meta:
        verbose_name = _("befattning")
        verbose_name_plural = _("befattningar")
        ordering = ["municipality", "kind", "id"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "slug"], name="office_unique_slug"),
        ]

    def __str__(self) -> str:
        if self.kind == OfficeKind.UNIT:
            return self.organisation_name
        return f"{self.title}, {self.organisation_name}"

    @property
    def is_chief(self) -> bool:
        return self.kind in (OfficeKind.CHIEF_EXECUTIVE, OfficeKind.DEPARTMENT_HEAD)

    def chief_above(self) -> Office | None:
        """The nearest chief at or above this office."""
        node: Office | None = self
        while node is not None and not node.is_chief:
            node = node.parent
        return node


class Person(TenantModel):
    """A politician or official. Demo data uses fictional names only."""

    name = models.CharField(_("namn"), max_length=200)
    email = models.EmailField(_("e-post"), blank=True)
    party = models.CharField(_("parti"), max_length=50, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("användare"),
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("personer")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class MembershipRole(models.TextChoices):
    CHAIR = "chair", _("Ordförande")
    VICE_CHAIR = "vice_chair", _("Vice ordförande")
    MEMBER = "member", _("Ledamot")
    SUBSTITUTE = "substitute", _("Ersättare")
    COUNCILLOR = "councillor", _("Kommunalråd")


class Membership(TenantModel, DatedModel):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("roll"), max_length=20, choices=MembershipRole.choices)

    objects = DatedQuerySet.as_manager()

    class Meta:
        verbose_name = _("uppdrag i organ")
        verbose_name_plural = _("ledamotskap")
        ordering = ["body", "role", "person__name"]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_role_display()}, {self.body}"


class Appointment(TenantModel, DatedModel):
    """A person holding an office for a period."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="appointments")
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="appointments")

    objects = DatedQuerySet.as_manager()

    class Meta:
        verbose_name = _("tjänst")
        verbose_name_plural = _("tjänster")
        ordering = ["office", "valid_from"]

    def __str__(self) -> str:
        return f"{self.person} – {self.office}"
