"""Forms for registering a decision with its assignments.

The forms only parse what the user typed (dates, numbers, lists). Every rule — the decision chain,
unique §, resources, dates in order — lives in decisions.services.decision_register and
assignments.services.assignment_draft_check; the view maps their errors back onto these fields.
"""

from __future__ import annotations

import re
from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from tillit.assignments.chain import allowed_recipients
from tillit.assignments.services import AssignmentDraft
from tillit.core.forms import InputRulesMixin
from tillit.core.widgets import SearchableCheckboxSelectMultiple, SwedishDateInput
from tillit.organisation.models import Body, OfficeKind
from tillit.organisation.selectors import bodies_list, offices_list

from .models import Initiative

DATE_ERROR = _("Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2026-03-10.")


# Checked by the services (with their own Swedish messages) but still marked as required.
SERVICE_REQUIRED = {"title", "what", "recipients"}


def _styled(form: forms.Form) -> None:
    for name, field in form.fields.items():
        field.show_required = field.required or name in SERVICE_REQUIRED
        field.widget.attrs.setdefault("class", "ds-input")
        field.error_messages["required"] = _("Fältet måste fyllas i.")
        field.error_messages["invalid_choice"] = _("Välj ett av alternativen i listan.")


class DecisionForm(InputRulesMixin, forms.Form):
    body = forms.ChoiceField(label=_("Organ"))
    meeting_date = forms.DateField(
        label=_("Sammanträdesdag"),
        error_messages={"invalid": DATE_ERROR},
        widget=SwedishDateInput(),
    )
    paragraph = forms.IntegerField(
        label=_("Paragraf (§)"),
        min_value=1,
        error_messages={
            "invalid": _("Paragrafnumret måste vara ett heltal."),
            "min_value": _("Paragrafnumret måste vara ett heltal från 1."),
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    case_number = forms.CharField(label=_("Diarienummer"), required=False, max_length=50)
    title = forms.CharField(label=_("Rubrik"), max_length=300, required=False)
    text = forms.CharField(
        label=_("Beslutstext"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    approved_on = forms.DateField(
        label=_("Justeringsdag"),
        required=False,
        error_messages={"invalid": DATE_ERROR},
        widget=SwedishDateInput(),
    )
    initiative = forms.ChoiceField(
        label=_("Initiativ"),
        choices=Initiative.choices,
        initial=Initiative.ADMINISTRATION,
        help_text=_("Varifrån ärendet kom."),
    )
    initiative_by = forms.CharField(
        label=_("Initiativtagare"),
        required=False,
        max_length=200,
        help_text=_("T.ex. majoriteten eller en ledamot. Kan lämnas tomt."),
    )

    def __init__(self, *args, municipality, allowed_bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.bodies = {b.slug: b for b in bodies_list(municipality=municipality)}
        # Any body validates (so the service can refuse with a clear message), but only the ones
        # the user may register for are offered.
        self.fields["body"].choices = [(slug, b.name) for slug, b in self.bodies.items()]
        self.fields["body"].widget.choices = [(b.slug, b.name) for b in allowed_bodies]
        _styled(self)

    def selected_body(self) -> Body | None:
        """The chosen body from the raw input (also when the form is invalid)."""
        slug = self.data.get(self.add_prefix("body")) if self.is_bound else self.initial.get("body")
        return self.bodies.get(slug or "")

    def selected_date(self) -> date | None:
        raw = self.data.get(self.add_prefix("meeting_date")) if self.is_bound else None
        try:
            return date.fromisoformat(raw) if raw else None
        except ValueError:
            return None


def recipient_choices(*, municipality, issuer: Body | None, on: date) -> list:
    """Every body, chief and unit, grouped — the chain-valid recipients for the issuer first.

    Wrong choices stay possible on purpose: the service explains why they are wrong.
    """
    bodies = list(bodies_list(municipality=municipality))
    offices = list(offices_list(municipality=municipality))
    allowed = allowed_recipients(issuer, on) if issuer is not None else []
    allowed_keys = {(type(t).__name__, t.pk) for t in allowed}

    def label(target) -> str:
        return str(target)

    groups = []
    if allowed:
        groups.append(
            (
                _("Rätt väg i beslutskedjan för %(body)s") % {"body": issuer.name},
                [(t.slug, label(t)) for t in allowed],
            )
        )
    rest_bodies = [b for b in bodies if ("Body", b.pk) not in allowed_keys]
    chiefs = [o for o in offices if o.is_chief and ("Office", o.pk) not in allowed_keys]
    units = [o for o in offices if o.kind == OfficeKind.UNIT]
    if rest_bodies:
        groups.append((_("Övriga organ"), [(b.slug, b.name) for b in rest_bodies]))
    if chiefs:
        groups.append((_("Övriga chefer"), [(o.slug, label(o)) for o in chiefs]))
    if units:
        groups.append((_("Enheter"), [(o.slug, label(o)) for o in units]))
    return groups


def flat_choices(groups: list) -> list:
    return [choice for _label, options in groups for choice in options]


_SPLIT = re.compile(r"[,;\s]+")


class AssignmentFieldsForm(forms.Form):
    """An assignment's fields as both the decision form's rows and the meeting's assignment §
    ask for them (what, why, recipients, lead, resources in kronor, deadline, follow-ups), with
    their parsing. Each form adds its own title field (the meeting § has a title of its own)."""

    what = forms.CharField(
        label=_("Vad (avsett resultat)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Beskriv resultatet politiken vill se, inte hur förvaltningen ska arbeta."),
    )
    why = forms.CharField(
        label=_("Varför"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    recipients = forms.MultipleChoiceField(
        label=_("Mottagare"),
        required=False,
        help_text=_("Välj en mottagare. Fullmäktige kan välja flera för ett gemensamt uppdrag."),
        widget=SearchableCheckboxSelectMultiple(filter_label=_("Sök mottagare")),
    )
    lead = forms.ChoiceField(
        label=_("Samordnande mottagare"),
        required=False,
        help_text=_("Behövs när uppdraget ges till flera."),
    )
    resources_sek = forms.CharField(
        label=_("Resurser (kr)"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    deadline = forms.DateField(
        label=_("Slutdatum"),
        required=False,
        error_messages={"invalid": DATE_ERROR},
        widget=SwedishDateInput(),
    )
    followups = forms.CharField(
        label=_("Planerade uppföljningar"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Ett eller flera datum ÅÅÅÅ-MM-DD, åtskilda med komma eller ny rad."),
    )

    def set_recipient_choices(self, recipient_groups) -> None:
        """Recipients grouped (see `recipient_choices`); the lead is one of them or none."""
        self.fields["recipients"].choices = list(recipient_groups)
        self.fields["lead"].choices = [("", _("– ingen / den enda mottagaren –"))] + flat_choices(
            list(recipient_groups)
        )

    def clean_followups(self) -> list[date]:
        raw = self.cleaned_data.get("followups") or ""
        days = []
        for part in _SPLIT.split(raw.strip()):
            if not part:
                continue
            try:
                days.append(date.fromisoformat(part))
            except ValueError:
                raise forms.ValidationError(
                    _("”%(value)s” är inget datum. %(hint)s"),
                    params={"value": part[:20], "hint": DATE_ERROR},
                ) from None
        return days


class AssignmentForm(InputRulesMixin, AssignmentFieldsForm):
    title = forms.CharField(label=_("Uppdragets rubrik"), max_length=300, required=False)
    resources_fte = forms.CharField(
        label=_("Resurser (årsarbetare)"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )

    # Title first, years of work beside the kronor; deadline and follow-ups follow as declared.
    field_order = ["title", "what", "why", "recipients", "lead", "resources_sek", "resources_fte"]

    def __init__(self, *args, recipient_groups=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.set_recipient_choices(recipient_groups)
        self.fields["recipients"].error_messages["invalid_choice"] = _(
            "Mottagaren %(value)s finns inte i listan."
        )
        _styled(self)

    def to_draft(self) -> AssignmentDraft:
        data = self.cleaned_data
        return AssignmentDraft(
            title=data.get("title", ""),
            what=data.get("what", ""),
            why=data.get("why", ""),
            recipients=list(data.get("recipients") or []),
            lead=data.get("lead") or None,
            resources_sek=data.get("resources_sek") or None,
            resources_fte=data.get("resources_fte") or None,
            deadline=data.get("deadline"),
            followups=data.get("followups") or [],
        )


class BaseAssignmentFormSet(forms.BaseFormSet):
    def __init__(self, *args, recipient_groups=(), **kwargs):
        self.recipient_groups = recipient_groups
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {"recipient_groups": self.recipient_groups}


AssignmentFormSet = forms.formset_factory(
    AssignmentForm,
    formset=BaseAssignmentFormSet,
    extra=1,
    max_num=50,
    absolute_max=60,
    validate_max=True,
)
