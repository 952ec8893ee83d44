"""Forms for registering a meeting by hand. They only parse input; every rule is in
``minutes.meetings`` and the services it calls (the view maps their errors onto these fields)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tillit.core.forms import InputRulesMixin
from tillit.core.widgets import SearchableCheckboxSelectMultiple, SwedishDateInput
from tillit.decisions.forms import DATE_ERROR, AssignmentFieldsForm
from tillit.economy.models import ChangeKind
from tillit.followup.models import Outcome

from .models import ParagraphKind


def _styled(form: forms.Form, required=()) -> None:
    for name, field in form.fields.items():
        field.show_required = field.required or name in required
        if not isinstance(field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
            if isinstance(field.widget, forms.CheckboxInput):
                continue
            field.widget.attrs.setdefault("class", "ds-input")
        field.error_messages["required"] = _("Fältet måste fyllas i.")
        field.error_messages["invalid_choice"] = _("Välj ett av alternativen i listan.")


class MeetingStartForm(InputRulesMixin, forms.Form):
    body = forms.ChoiceField(label=_("Organ"))
    meeting_date = forms.DateField(
        label=_("Sammanträdesdag"),
        error_messages={"invalid": DATE_ERROR},
        widget=SwedishDateInput(),
    )

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.bodies = {b.slug: b for b in bodies}
        self.fields["body"].choices = [(b.slug, b.name) for b in bodies]
        _styled(self)


class KindForm(forms.Form):
    typ = forms.ChoiceField(
        label=_("Vad gäller paragrafen?"),
        choices=ParagraphKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Välj vad paragrafen gäller."),
            "invalid_choice": _("Välj vad paragrafen gäller."),
        },
    )


class ApproveForm(InputRulesMixin, forms.Form):
    approved_on = forms.DateField(
        label=_("Justeringsdag"),
        error_messages={"invalid": DATE_ERROR},
        widget=SwedishDateInput(),
    )
    adjusters = forms.CharField(
        label=_("Justerare"),
        max_length=300,
        help_text=_("Uppdrag, inte namn, t.ex. ”ordföranden och en ledamot”."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _styled(self)


class ParagraphForm(InputRulesMixin, AssignmentFieldsForm):
    """Every field a § can have; the template shows those of its kind (``FIELDS``)."""

    paragraph = forms.IntegerField(
        label=_("Paragraf (§)"),
        min_value=1,
        max_value=100000,
        error_messages={
            "invalid": _("Paragrafnumret måste vara ett heltal."),
            "min_value": _("Paragrafnumret måste vara ett heltal från 1."),
            "max_value": _("Paragrafnumret är orimligt stort."),
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    case_number = forms.CharField(label=_("Diarienummer"), required=False, max_length=50)
    title = forms.CharField(label=_("Rubrik"), max_length=300, required=False)
    text = forms.CharField(
        label=_("Beslutstext"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    # Uppdrag: its title here, the other fields from AssignmentFieldsForm
    assignment_title = forms.CharField(label=_("Uppdragets rubrik"), max_length=300, required=False)
    accept_deviation = forms.BooleanField(required=False, widget=forms.HiddenInput)
    # Beslut om återrapport
    report = forms.ChoiceField(label=_("Rapport"), required=False, widget=forms.RadioSelect)
    outcome = forms.ChoiceField(
        label=_("Organet beslutar att"),
        required=False,
        widget=forms.RadioSelect,
        choices=[(v, label) for v, label in Outcome.choices if v != Outcome.ADJUST],
    )
    resources_change_sek = forms.CharField(
        label=_("Resursändring (kr)"),
        required=False,
        max_length=30,
        help_text=_("Endast vid ändrade resurser. Minus för minskning."),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    # Ramändring
    change_kind = forms.ChoiceField(
        label=_("Typ av ramändring"),
        required=False,
        widget=forms.RadioSelect,
        choices=ChangeKind.choices,
    )
    target_body = forms.ChoiceField(label=_("Organ vars ram ändras"), required=False)
    from_body = forms.ChoiceField(label=_("Från organ (vid omfördelning)"), required=False)
    amount = forms.CharField(
        label=_("Belopp (kr)"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    frame_year = forms.IntegerField(
        label=_("Budgetår"),
        required=False,
        min_value=1900,
        max_value=2100,
        error_messages={"invalid": _("Ange året med fyra siffror.")},
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    frame_assignments = forms.MultipleChoiceField(
        label=_("Uppdrag som ändringen finansierar"),
        required=False,
        widget=SearchableCheckboxSelectMultiple(filter_label=_("Sök uppdrag")),
    )
    unlinked = forms.BooleanField(label=_("Utan kopplat uppdrag"), required=False)
    # Anmälda delegationsbeslut
    delegations = forms.MultipleChoiceField(
        label=_("Anmälda delegationsbeslut"),
        required=False,
        widget=SearchableCheckboxSelectMultiple(filter_label=_("Sök delegationsbeslut")),
    )

    # The shared assignment fields in their place after the § fields; the rest follow as declared.
    field_order = [
        "paragraph",
        "case_number",
        "title",
        "text",
        "assignment_title",
        *AssignmentFieldsForm.base_fields,
    ]

    FIELDS = {
        ParagraphKind.ASSIGNMENT: [
            "assignment_title",
            "what",
            "why",
            "recipients",
            "lead",
            "resources_sek",
            "deadline",
            "followups",
        ],
        ParagraphKind.REPORT_DECISION: ["report", "outcome", "resources_change_sek"],
        ParagraphKind.FRAME_CHANGE: [
            "change_kind",
            "target_body",
            "from_body",
            "amount",
            "frame_year",
            "frame_assignments",
            "unlinked",
        ],
        ParagraphKind.DELEGATION_REPORT: ["delegations"],
        ParagraphKind.NOTED: [],
    }

    def __init__(self, *args, kind, options, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.options = options
        # Grouped like the decision form: the chain's right path for the body first.
        self.set_recipient_choices(options.recipients)
        # One line here (the § form is long), so no new lines between the dates.
        self.fields["followups"].widget = forms.TextInput()
        self.fields["followups"].help_text = _(
            "Ett eller flera datum ÅÅÅÅ-MM-DD, åtskilda med komma."
        )
        self.fields["report"].choices = [(str(r.pk), str(r)) for r in options.reports]
        bodies = [("", _("– välj –"))] + [(b.slug, b.name) for b in options.bodies]
        self.fields["target_body"].choices = bodies
        self.fields["from_body"].choices = bodies
        self.fields["frame_assignments"].choices = [
            (str(a.pk), a.title) for a in options.assignments
        ]
        self.fields["delegations"].choices = [(str(d.pk), d.title) for d in options.delegations]
        required = {"title"} | (
            {"what", "recipients"} if kind == ParagraphKind.ASSIGNMENT else set()
        )
        _styled(self, required)

    def kind_fields(self):
        return [self[name] for name in self.FIELDS.get(self.kind, [])]

    def to_data(self) -> dict:
        """What the draft § stores (JSON): the common fields and those of its kind."""
        cd = self.cleaned_data
        data = {"text": cd.get("text", ""), "case_number": cd.get("case_number", "")}
        if self.kind == ParagraphKind.ASSIGNMENT:
            deadline = cd.get("deadline")
            data["assignment"] = {
                "title": cd.get("assignment_title", ""),
                "what": cd.get("what", ""),
                "why": cd.get("why", ""),
                "recipients": list(cd.get("recipients") or []),
                "lead": cd.get("lead") or None,
                "resources_sek": cd.get("resources_sek") or None,
                "deadline": deadline.isoformat() if deadline else None,
                "followups": [d.isoformat() for d in cd.get("followups") or []],
            }
            data["accept_deviation"] = bool(cd.get("accept_deviation"))
        elif self.kind == ParagraphKind.REPORT_DECISION:
            data["report"] = int(cd["report"]) if cd.get("report") else None
            data["outcome"] = cd.get("outcome", "")
            data["resources_change_sek"] = cd.get("resources_change_sek") or None
        elif self.kind == ParagraphKind.FRAME_CHANGE:
            data.update(
                change_kind=cd.get("change_kind", ""),
                target_body=cd.get("target_body", ""),
                from_body=cd.get("from_body", ""),
                amount=cd.get("amount", ""),
                frame_year=cd.get("frame_year"),
                frame_assignments=[int(x) for x in cd.get("frame_assignments") or []],
                unlinked=bool(cd.get("unlinked")),
            )
        elif self.kind == ParagraphKind.DELEGATION_REPORT:
            data["delegations"] = [int(x) for x in cd.get("delegations") or []]
        return data


def initial_from(paragraph) -> dict:
    """A stored draft § as the form's initial values."""
    d = paragraph.data or {}
    a = d.get("assignment") or {}
    return {
        "paragraph": paragraph.number,
        "title": paragraph.title,
        "text": d.get("text", ""),
        "case_number": d.get("case_number", ""),
        "assignment_title": a.get("title", ""),
        "what": a.get("what", ""),
        "why": a.get("why", ""),
        "recipients": a.get("recipients") or [],
        "lead": a.get("lead") or "",
        "resources_sek": a.get("resources_sek") or "",
        "deadline": a.get("deadline") or None,
        "followups": ", ".join(a.get("followups") or []),
        "accept_deviation": d.get("accept_deviation", False),
        "report": str(d.get("report") or ""),
        "outcome": d.get("outcome", ""),
        "resources_change_sek": d.get("resources_change_sek") or "",
        "change_kind": d.get("change_kind", ""),
        "target_body": d.get("target_body", ""),
        "from_body": d.get("from_body", ""),
        "amount": d.get("amount", ""),
        "frame_year": d.get("frame_year"),
        "frame_assignments": [str(x) for x in d.get("frame_assignments") or []],
        "unlinked": d.get("unlinked", False),
        "delegations": [str(x) for x in d.get("delegations") or []],
    }
