"""Every decision-chain rule, allowed and refused (assignments.chain via assignment_draft_check)."""

from datetime import date

import pytest

from tillit.assignments.chain import allowed_recipients
from tillit.assignments.services import AssignmentDraft, assignment_draft_check
from tillit.core.errors import ChainViolation, ValidationFailed
from tillit.organisation import services as org
from tillit.organisation.models import BodyKind, OfficeKind

ON = date(2026, 3, 10)


def check(kommun, issuer_slug, recipients, lead=None, on=ON):
    issuer = getattr(kommun, issuer_slug.replace("-", "_"))
    draft = AssignmentDraft(
        title="Uppdrag", what="Ett mätbart resultat", recipients=recipients, lead=lead
    )
    return assignment_draft_check(issuer=issuer, draft=draft, on=on)


ALLOWED = [
    ("kf", ["ks"]),
    ("kf", ["bun"]),
    ("kf", ["mbn"]),  # a gemensam nämnd is a nämnd
    ("ks", ["kommundirektor"]),
    ("ks", ["ks-au"]),
    ("bun", ["forvaltningschef-bun"]),
    ("ks_au", ["kommundirektor"]),  # an utskott acts on its parent's delegation
]


@pytest.mark.parametrize(("issuer", "recipients"), ALLOWED)
def test_allowed_paths(kommun, issuer, recipients):
    resolved = check(kommun, issuer, recipients)
    assert [t.slug for t in resolved.recipients] == recipients
    assert resolved.lead.slug == recipients[0]


def test_council_gives_joint_assignment_with_lead(kommun):
    resolved = check(kommun, "kf", ["bun", "sn"], lead="sn")
    assert {t.slug for t in resolved.recipients} == {"bun", "sn"}
    assert resolved.lead.slug == "sn"


REFUSED = [
    # (issuer, recipients, words the Swedish explanation must contain)
    ("ks", ["enhet-gata-park"], "Uppdraget ska ges till kommundirektören, som fördelar arbetet"),
    ("bun", ["enhet-gata-park"], "Uppdraget ska ges till förvaltningschefen, som fördelar arbetet"),
    ("ks", ["forvaltningschef-bun"], "svarar inför barn- och utbildningsnämnden"),
    ("ks", ["bun"], "det gör fullmäktige"),
    ("bun", ["kommundirektor"], "svarar inför kommunstyrelsen"),
    ("bun", ["sn"], "kan inte ge uppdrag till socialnämnden"),
    ("bun", ["ks-au"], "är inte barn- och utbildningsnämndens utskott"),
    ("kf", ["kommundirektor"], "Fullmäktige ger inte uppdrag direkt till kommundirektören"),
    ("kf", ["enhet-gata-park"], "enhet"),
    ("kf", ["ks-au"], "Ge uppdraget till kommunstyrelsen"),
    ("kf", ["kf"], "kan inte ge uppdrag till sig själv"),
    ("ks", ["ks"], "kan inte ge uppdrag till sig själv"),
    ("ks", ["kf"], "kan inte ge uppdrag till kommunfullmäktige"),
    ("ks", ["kommundirektor", "ks-au"], "Bara fullmäktige ger gemensamma uppdrag"),
]


@pytest.mark.parametrize(("issuer", "recipients", "explanation"), REFUSED)
def test_refused_paths_explain_the_right_one(kommun, issuer, recipients, explanation):
    with pytest.raises(ChainViolation) as excinfo:
        check(kommun, issuer, recipients)
    assert excinfo.value.code == "chain_violation"
    assert excinfo.value.field == "recipients"
    assert explanation in excinfo.value.message


def test_joint_assignment_needs_a_lead_among_recipients(kommun):
    with pytest.raises(ValidationFailed) as excinfo:
        check(kommun, "kf", ["bun", "sn"])
    assert "samordnar" in excinfo.value.errors["lead"]
    with pytest.raises(ValidationFailed) as excinfo:
        check(kommun, "kf", ["bun", "sn"], lead="ks")
    assert "en av mottagarna" in excinfo.value.errors["lead"]


def test_unknown_and_duplicate_recipients(kommun):
    with pytest.raises(ValidationFailed) as excinfo:
        check(kommun, "ks", ["finns-inte"])
    assert "finns-inte" in excinfo.value.errors["recipients"]
    with pytest.raises(ValidationFailed) as excinfo:
        check(kommun, "kf", ["bun", "bun"], lead="bun")
    assert "mer än en gång" in excinfo.value.errors["recipients"]
    with pytest.raises(ValidationFailed) as excinfo:
        check(kommun, "ks", [])
    assert "minst en mottagare" in excinfo.value.errors["recipients"]


def test_recipient_in_another_municipality_is_not_found(kommun):
    from tillit.core.testing import build_testkommun

    other = build_testkommun(slug="annan", code="9998", name="Annan kommun")
    other_unit = other.enhet_gata_park
    other_unit.slug = "annan-enhet"
    other_unit.save()
    with pytest.raises(ValidationFailed) as excinfo:
        check(kommun, "ks", ["annan-enhet"])
    assert "finns inte" in excinfo.value.errors["recipients"]


def test_validity_dates_apply(kommun):
    new_unit_chief = org.office_create(
        municipality=kommun.municipality,
        slug="forvaltningschef-ny",
        title="Förvaltningschef",
        organisation_name="Nya förvaltningen",
        kind=OfficeKind.DEPARTMENT_HEAD,
        valid_from=date(2027, 1, 1),
        answers_to=kommun.bun,
    )
    with pytest.raises(ValidationFailed) as excinfo:
        check(kommun, "bun", [new_unit_chief.slug])
    assert "fanns inte" in excinfo.value.errors["recipients"]
    with pytest.raises(ValidationFailed):
        check(kommun, "ks", ["kommundirektor"], on=date(2018, 1, 1))  # before KS existed


def test_allowed_recipients_match_the_rule(kommun):
    """The list the form offers first is exactly what the rule allows."""
    for issuer in (kommun.kf, kommun.ks, kommun.bun, kommun.ks_au):
        offered = allowed_recipients(issuer, ON)
        assert offered, issuer
        for target in offered:
            check(kommun, issuer.slug, [target.slug])
    assert {t.slug for t in allowed_recipients(kommun.ks, ON)} == {"kommundirektor", "ks-au"}
    assert {t.slug for t in allowed_recipients(kommun.kf, ON)} == {"ks", "bun", "sn", "mbn"}


def test_bodies_and_offices_share_one_slug_namespace(kommun):
    with pytest.raises(ValidationFailed):
        org.body_create(
            municipality=kommun.municipality,
            slug="kommundirektor",
            name="X",
            kind=BodyKind.COMMITTEE,
            valid_from=ON,
        )
