"""Organisation changes registered by an administrator (services): the dated rules, nothing
stored on a refusal, and every change in the audit trail."""

from __future__ import annotations

from datetime import date

import pytest

from tillit.core.errors import PermissionDenied, ValidationFailed
from tillit.organisation import services as org
from tillit.organisation.models import Appointment, Body, Majority, Membership, Person, Term

pytestmark = pytest.mark.django_db


def _admin(tk):
    return tk.users["admin"]


def _refused(call, field: str) -> str:
    with pytest.raises(ValidationFailed) as exc:
        call()
    assert field in exc.value.errors, exc.value.errors
    return exc.value.errors[field]


def test_only_the_admin_may_change_the_organisation(kommun):
    tk = kommun
    for username in ("sekreterare-ks", "kommundirektor", "lasare"):
        with pytest.raises(PermissionDenied):
            org.person_register(actor=tk.users[username], municipality=tk.municipality, name="X")
    with pytest.raises(PermissionDenied):
        org.majority_register(
            actor=None, municipality=tk.municipality, parties="A", valid_from=date(2025, 1, 1)
        )
    assert not Person.objects.filter(name="X").exists()


def test_term_overlap_refused_and_next_term_registered(kommun):
    tk = kommun
    message = _refused(
        lambda: org.term_register(
            actor=_admin(tk), municipality=tk.municipality, election_year=2024
        ),
        "election_year",
    )
    assert "överlappar" in message and "2022–2026" in message
    _refused(
        lambda: org.term_register(
            actor=_admin(tk), municipality=tk.municipality, election_year=2099
        ),
        "election_year",
    )  # ends in 2103, outside 1900–2100
    term = org.term_register(actor=_admin(tk), municipality=tk.municipality, election_year=2026)
    assert (term.starts_on, term.ends_on) == (date(2026, 10, 15), date(2030, 10, 14))
    assert Term.objects.filter(municipality=tk.municipality).count() == 2


def test_new_majority_ends_the_previous_one_the_day_before(kommun):
    tk = kommun
    new = org.majority_register(
        actor=_admin(tk),
        municipality=tk.municipality,
        parties="S, V+MP",
        valid_from=date(2025, 3, 1),
    )
    assert (new.name, new.parties, new.valid_to) == ("S+V+MP", "S, V, MP", None)
    previous = Majority.objects.get(pk=tk.majority_new.pk)
    assert previous.valid_to == date(2025, 2, 28)


def test_majority_after_an_ended_one_may_not_overlap_it(kommun):
    tk = kommun
    Majority.objects.filter(pk=tk.majority_new.pk).update(valid_to=date(2024, 12, 31))
    assert "till och med 2024-12-31" in _refused(
        lambda: org.majority_register(
            actor=_admin(tk), municipality=tk.municipality, parties="S", valid_from=date(2024, 6, 1)
        ),
        "valid_from",
    )
    new = org.majority_register(
        actor=_admin(tk), municipality=tk.municipality, parties="S", valid_from=date(2025, 1, 1)
    )
    assert Majority.objects.get(pk=tk.majority_new.pk).valid_to == date(2024, 12, 31)
    assert new.valid_to is None


def test_majority_may_not_start_inside_the_history(kommun):
    tk = kommun
    before = list(Majority.objects.values_list("pk", "valid_to"))
    message = _refused(
        lambda: org.majority_register(
            actor=_admin(tk),
            municipality=tk.municipality,
            parties="S",
            valid_from=date(2022, 10, 15),
        ),
        "valid_from",
    )
    assert "C+D" in message
    _refused(
        lambda: org.majority_register(
            actor=_admin(tk), municipality=tk.municipality, parties=" , ", valid_from=None
        ),
        "parties",
    )
    _refused(
        lambda: org.majority_register(
            actor=_admin(tk),
            municipality=tk.municipality,
            parties="S",
            valid_from=date(2200, 1, 1),
        ),
        "valid_from",
    )
    assert list(Majority.objects.values_list("pk", "valid_to")) == before


def test_body_is_placed_in_the_chain(kommun):
    tk = kommun
    admin = _admin(tk)
    body = org.body_register(
        actor=admin,
        municipality=tk.municipality,
        name="Kultur- och fritidsnämnden",
        short_name="KFN",
        kind="committee",
        parent=tk.kf,
        valid_from=date(2025, 1, 1),
    )
    assert body.slug == "kfn" and body.parent == tk.kf
    assert "lyder under kommunfullmäktige" in _refused(
        lambda: org.body_register(
            actor=admin,
            municipality=tk.municipality,
            name="Fel",
            kind="committee",
            parent=tk.ks,
            valid_from=date(2025, 1, 1),
        ),
        "parent",
    )
    _refused(
        lambda: org.body_register(
            actor=admin,
            municipality=tk.municipality,
            name="Utan förälder",
            kind="subcommittee",
            valid_from=date(2025, 1, 1),
        ),
        "parent",
    )
    assert "finns inte den" in _refused(
        lambda: org.body_register(
            actor=admin,
            municipality=tk.municipality,
            name="För tidigt",
            kind="subcommittee",
            parent=body,
            valid_from=date(2024, 6, 1),
        ),
        "parent",
    )
    assert not Body.objects.filter(name__in=["Fel", "Utan förälder", "För tidigt"]).exists()


def test_ending_a_body_ends_its_memberships_and_waits_for_its_children(kommun):
    tk = kommun
    admin = _admin(tk)
    assert "Kommunstyrelsens arbetsutskott" in _refused(
        lambda: org.body_end(actor=admin, body=tk.ks, valid_to=date(2025, 12, 31)), "valid_to"
    )
    assert Body.objects.get(pk=tk.ks.pk).valid_to is None
    org.body_end(actor=admin, body=tk.ks_au, valid_to=date(2025, 6, 30))
    org.body_end(actor=admin, body=tk.ks, valid_to=date(2025, 12, 31))
    assert set(Membership.objects.filter(body=tk.ks).values_list("valid_to", flat=True)) == {
        date(2025, 12, 31)
    }
    _refused(lambda: org.body_end(actor=admin, body=tk.ks, valid_to=date(2026, 1, 1)), "valid_to")


def test_new_chief_ends_the_previous_holder_the_day_before(kommun):
    tk = kommun
    admin = _admin(tk)
    old = Appointment.objects.get(office=tk.kommundirektor)
    person = org.person_register(
        actor=admin, municipality=tk.municipality, name="Ny direktör (fiktiv)"
    )
    new = org.appointment_register(
        actor=admin, office=tk.kommundirektor, person=person, valid_from=date(2025, 4, 1)
    )
    old.refresh_from_db()
    assert old.valid_to == date(2025, 3, 31)
    assert (new.valid_from, new.valid_to) == (date(2025, 4, 1), None)
    # History is not rewritten: a change on or before the latest one is refused.
    other = org.person_register(actor=admin, municipality=tk.municipality, name="Tredje (fiktiv)")
    assert "Ny direktör (fiktiv)" in _refused(
        lambda: org.appointment_register(
            actor=admin, office=tk.kommundirektor, person=other, valid_from=date(2025, 4, 1)
        ),
        "valid_from",
    )
    assert Appointment.objects.filter(office=tk.kommundirektor).count() == 2


def test_appointment_refuses_a_person_of_another_municipality(kommun):
    tk = kommun
    other = org.municipality_create(slug="annan", name="Annan kommun", code="9998")
    stranger = org.person_create(municipality=other, name="Främling (fiktiv)")
    _refused(
        lambda: org.appointment_register(
            actor=_admin(tk), office=tk.kommundirektor, person=stranger, valid_from=date(2025, 4, 1)
        ),
        "person",
    )


def test_membership_rules(kommun):
    tk = kommun
    admin = _admin(tk)
    person = org.person_register(actor=admin, municipality=tk.municipality, name="Ny (fiktiv)")
    ms = org.membership_register(
        actor=admin, body=tk.bun, person=person, role="substitute", valid_from=date(2023, 1, 1)
    )
    # One seat per body at a time.
    assert "redan ersättare" in _refused(
        lambda: org.membership_register(
            actor=admin, body=tk.bun, person=person, role="member", valid_from=date(2024, 1, 1)
        ),
        "person",
    )
    # One chair at a time: KS already has one.
    assert "Ordförande KS (fiktiv)" in _refused(
        lambda: org.membership_register(
            actor=admin, body=tk.ks, person=person, role="chair", valid_from=date(2024, 1, 1)
        ),
        "role",
    )
    # Inside the body's life.
    _refused(
        lambda: org.membership_register(
            actor=admin, body=tk.ks, person=person, role="member", valid_from=date(2018, 1, 1)
        ),
        "valid_from",
    )
    _refused(
        lambda: org.membership_register(
            actor=admin,
            body=tk.ks,
            person=person,
            role="member",
            valid_from=date(2024, 1, 1),
            valid_to=date(2023, 1, 1),
        ),
        "valid_to",
    )
    _refused(
        lambda: org.membership_register(
            actor=admin, body=tk.ks, person=person, role="boss", valid_from=date(2024, 1, 1)
        ),
        "role",
    )
    org.membership_end(actor=admin, membership=ms, valid_to=date(2023, 12, 31))
    _refused(
        lambda: org.membership_end(actor=admin, membership=ms, valid_to=date(2024, 6, 1)),
        "valid_to",
    )
    # After the seat ended, a new one may start.
    again = org.membership_register(
        actor=admin, body=tk.bun, person=person, role="member", valid_from=date(2024, 1, 1)
    )
    assert again.valid_to is None
    assert Membership.objects.filter(person=person).count() == 2


def test_every_change_is_in_the_audit_trail(kommun):
    from tillit.audit.context import acting_as
    from tillit.audit.models import AuditEvent
    from tillit.audit.verify import verify

    tk = kommun
    admin = _admin(tk)
    old = Appointment.objects.get(office=tk.kommundirektor)
    with acting_as(admin):
        person = org.person_register(
            actor=admin, municipality=tk.municipality, name="Granskad (fiktiv)"
        )
        new = org.appointment_register(
            actor=admin, office=tk.kommundirektor, person=person, valid_from=date(2025, 4, 1)
        )
        majority = org.majority_register(
            actor=admin, municipality=tk.municipality, parties="S", valid_from=date(2025, 5, 1)
        )
    events = AuditEvent.objects.filter(municipality=tk.municipality, actor=admin)
    ended = events.get(model="organisation.Appointment", object_pk=str(old.pk), action="update")
    assert (ended.before["valid_to"], ended.after["valid_to"]) == (None, "2025-03-31")
    assert events.filter(model="organisation.Appointment", object_pk=str(new.pk)).exists()
    assert events.filter(model="organisation.Person", object_pk=str(person.pk)).exists()
    assert events.filter(model="organisation.Majority", object_pk=str(majority.pk)).exists()
    assert verify(tk.municipality) == []
