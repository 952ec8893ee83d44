"""A tiny municipality for tests, built through the real services.

    from tillit.core.testing import build_testkommun
    tk = build_testkommun()
    tk.ks, tk.kommundirektor, tk.users["sekreterare-ks"], tk.decision_ks, ...

Structure (all valid from 2019-01-01):

    kf   Kommunfullmäktige (31 seats)
    ├── ks     Kommunstyrelsen ── ks-au (arbetsutskott)
    │          └─ kommundirektor ── enhet-gata-park (unit)
    ├── bun    Barn- och utbildningsnämnden ── forvaltningschef-bun
    └── mbn    Miljö- och byggnadsnämnden (gemensam med Hultsfreds kommun) ── forvaltningschef-mbn

Majorities "A+B" from 2019-01-01 and "C+D" from 2022-10-15; a term 2022–2026. Users (password
TEST_PASSWORD): sekreterare-kf, sekreterare-ks, sekreterare-bun (secretaries for their own body),
lasare (no role). Decisions: KS 2023 § 12 giving one assignment to the kommundirektör (moved to
"pågår"), and KF 2023 § 5 giving a joint assignment to KS and BUN with BUN as lead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction

TEST_PASSWORD = "test-losen-123"  # noqa: S105 - test fixture only
START = date(2019, 1, 1)


@dataclass
class TestKommun:
    municipality: object
    kf: object
    ks: object
    ks_au: object
    bun: object
    mbn: object
    sn: object
    kommundirektor: object
    forvaltningschef_bun: object
    forvaltningschef_mbn: object
    forvaltningschef_sn: object
    enhet_gata_park: object
    majority_old: object
    majority_new: object
    users: dict = field(default_factory=dict)
    decision_ks: object = None
    decision_kf: object = None
    assignment_ks: object = None
    assignment_kf: object = None

    __test__ = False  # not a pytest test class


def build_testkommun(
    *,
    slug: str = "testkommun",
    name: str = "Testkommun",
    code: str = "9999",
    with_decisions: bool = True,
):
    """with_decisions=False leaves out the two decisions, for tests that count rows.
    A second municipality (another slug) gets usernames prefixed with its slug."""
    from tillit.accounts.models import RoleKind
    from tillit.accounts.services import role_grant
    from tillit.assignments.models import Status
    from tillit.assignments.services import AssignmentDraft, assignment_change_status
    from tillit.decisions.models import Initiative
    from tillit.decisions.services import decision_register
    from tillit.organisation import services as org
    from tillit.organisation.models import BodyKind, MembershipRole, OfficeKind

    m = org.municipality_create(slug=slug, name=name, code=code, population=12000, county="Testlän")
    org.term_create(municipality=m, election_year=2022)
    old = org.majority_set(municipality=m, name="A+B", parties="A, B", valid_from=START)
    new = org.majority_set(
        municipality=m, name="C+D", parties="C, D", valid_from=date(2022, 10, 15)
    )
    old.refresh_from_db()

    kf = org.body_create(
        municipality=m,
        slug="kf",
        name="Kommunfullmäktige",
        short_name="KF",
        kind=BodyKind.COUNCIL,
        valid_from=START,
        seats=31,
        area_of_responsibility="Kommunens högsta beslutande organ.",
    )
    ks = org.body_create(
        municipality=m,
        slug="ks",
        name="Kommunstyrelsen",
        short_name="KS",
        kind=BodyKind.EXECUTIVE_BOARD,
        valid_from=START,
        parent=kf,
        seats=11,
        area_of_responsibility="Leder och samordnar förvaltningen, uppsikt över nämnderna.",
    )
    ks_au = org.body_create(
        municipality=m,
        slug="ks-au",
        name="Kommunstyrelsens arbetsutskott",
        short_name="KSAU",
        kind=BodyKind.SUBCOMMITTEE,
        valid_from=START,
        parent=ks,
        seats=5,
    )
    bun = org.body_create(
        municipality=m,
        slug="bun",
        name="Barn- och utbildningsnämnden",
        short_name="BUN",
        kind=BodyKind.COMMITTEE,
        valid_from=START,
        parent=kf,
        seats=9,
        area_of_responsibility="Förskola, grundskola och gymnasieskola.",
    )
    mbn = org.body_create(
        municipality=m,
        slug="mbn",
        name="Miljö- och byggnadsnämnden",
        short_name="MBN",
        kind=BodyKind.JOINT_COMMITTEE,
        valid_from=START,
        parent=kf,
        seats=7,
        shared_with="Hultsfreds kommun",
    )
    sn = org.body_create(
        municipality=m,
        slug="sn",
        name="Socialnämnden",
        short_name="SN",
        kind=BodyKind.COMMITTEE,
        valid_from=START,
        parent=kf,
        seats=9,
        area_of_responsibility="Individ- och familjeomsorg, äldreomsorg.",
    )
    kd = org.office_create(
        municipality=m,
        slug="kommundirektor",
        title="Kommundirektör",
        organisation_name="Kommunledningsförvaltningen",
        kind=OfficeKind.CHIEF_EXECUTIVE,
        valid_from=START,
        answers_to=ks,
    )
    fc_bun = org.office_create(
        municipality=m,
        slug="forvaltningschef-bun",
        title="Förvaltningschef",
        organisation_name="Barn- och utbildningsförvaltningen",
        kind=OfficeKind.DEPARTMENT_HEAD,
        valid_from=START,
        answers_to=bun,
    )
    fc_mbn = org.office_create(
        municipality=m,
        slug="forvaltningschef-mbn",
        title="Förvaltningschef",
        organisation_name="Miljö- och byggförvaltningen",
        kind=OfficeKind.DEPARTMENT_HEAD,
        valid_from=START,
        answers_to=mbn,
    )
    fc_sn = org.office_create(
        municipality=m,
        slug="forvaltningschef-sn",
        title="Förvaltningschef",
        organisation_name="Socialförvaltningen",
        kind=OfficeKind.DEPARTMENT_HEAD,
        valid_from=START,
        answers_to=sn,
        parent=kd,
    )
    gata = org.office_create(
        municipality=m,
        slug="enhet-gata-park",
        title="Enhetschef",
        organisation_name="Gata/park",
        kind=OfficeKind.UNIT,
        valid_from=START,
        parent=kd,
    )

    chair = org.person_create(municipality=m, name="Ordförande KS (fiktiv)", party="C")
    member = org.person_create(municipality=m, name="Ledamot KS (fiktiv)", party="D")
    director = org.person_create(municipality=m, name="Kommundirektören (fiktiv)")
    org.membership_add(person=chair, body=ks, role=MembershipRole.CHAIR, valid_from=START)
    org.membership_add(person=member, body=ks, role=MembershipRole.MEMBER, valid_from=START)
    org.membership_add(person=chair, body=kf, role=MembershipRole.MEMBER, valid_from=START)
    org.appointment_add(person=director, office=kd, valid_from=START)

    User = get_user_model()
    users = {}
    prefix = "" if slug == "testkommun" else f"{slug}-"
    for username, kind, scope in (
        ("sekreterare-kf", RoleKind.SECRETARY, {"body": kf}),
        ("sekreterare-ks", RoleKind.SECRETARY, {"body": ks}),
        ("sekreterare-bun", RoleKind.SECRETARY, {"body": bun}),
        ("kommundirektor", RoleKind.CHIEF, {"office": kd}),
        ("admin", RoleKind.ADMIN, {}),
        ("lasare", None, {}),
    ):
        user = User.objects.create_user(username=prefix + username, password=TEST_PASSWORD)
        if kind is not None:
            role_grant(user=user, municipality=m, kind=kind, **scope)
        users[username] = user
    users["utan-roll"] = users["lasare"]
    tk = TestKommun(
        municipality=m,
        kf=kf,
        ks=ks,
        ks_au=ks_au,
        bun=bun,
        mbn=mbn,
        sn=sn,
        kommundirektor=kd,
        forvaltningschef_bun=fc_bun,
        forvaltningschef_mbn=fc_mbn,
        forvaltningschef_sn=fc_sn,
        enhet_gata_park=gata,
        majority_old=old,
        majority_new=new,
        users=users,
    )
    if not with_decisions:
        return tk

    decision_ks = decision_register(
        actor=users["sekreterare-ks"],
        body=ks,
        meeting_date=date(2023, 3, 14),
        paragraph=12,
        title="Uppdrag om digitalisering",
        text="Kommunstyrelsen beslutar att ge uppdraget.",
        case_number="KS 2023/45",
        approved_on=date(2023, 3, 20),
        initiative=Initiative.POLITICAL,
        initiative_by="Majoriteten",
        assignments=[
            AssignmentDraft(
                title="Effektivisera genom digitalisering",
                what="Frigöra resurser till skola och äldreomsorg genom digitalisering.",
                why="Resurserna behövs i kärnverksamheten.",
                recipients=["kommundirektor"],
                resources_sek=500000,
                resources_fte="1.5",
                deadline=date(2023, 12, 31),
                followups=[date(2023, 6, 1), date(2023, 9, 1)],
            )
        ],
    )
    assignment_ks = decision_ks.assignments.get()
    assignment_change_status(
        actor=users["sekreterare-ks"], assignment=assignment_ks, to_status=Status.IN_PROGRESS
    )
    decision_kf = decision_register(
        actor=users["sekreterare-kf"],
        body=kf,
        meeting_date=date(2023, 2, 20),
        paragraph=5,
        title="Gemensamt uppdrag om skolskjuts",
        case_number="KS 2023/12",
        initiative=Initiative.MOTION,
        initiative_by="En ledamot",
        assignments=[
            AssignmentDraft(
                title="Samordna skolskjutsarna",
                what="Färre och kortare resor för eleverna.",
                recipients=["ks", "bun"],
                lead="bun",
                deadline=date(2024, 6, 30),
            )
        ],
    )
    tk.decision_ks, tk.assignment_ks = decision_ks, assignment_ks
    tk.decision_kf, tk.assignment_kf = decision_kf, decision_kf.assignments.get()
    return tk


def refetched(value):
    """A copy of ``value`` (a TestKommun, a dataclass, dict, list or tuple of them) with every model
    instance read again from the database, one query per model.

    Tests that share one built municipality (see the root conftest) get fresh instances each, so
    what one test changed in memory never leaks into the next; the database side is undone by the
    test's savepoint."""
    from dataclasses import fields, is_dataclass, replace

    from django.db.models import Model

    wanted: dict[type, set] = {}

    def collect(v):
        if isinstance(v, Model):
            wanted.setdefault(type(v), set()).add(v.pk)
        elif isinstance(v, dict):
            for item in v.values():
                collect(item)
        elif isinstance(v, list | tuple):
            for item in v:
                collect(item)
        elif is_dataclass(v) and not isinstance(v, type):
            for f in fields(v):
                collect(getattr(v, f.name))

    collect(value)
    fresh = {model: model._base_manager.in_bulk(pks) for model, pks in wanted.items()}

    def rebuild(v):
        if isinstance(v, Model):
            return fresh[type(v)][v.pk]
        if isinstance(v, dict):
            return {k: rebuild(item) for k, item in v.items()}
        if isinstance(v, list | tuple):
            return type(v)(rebuild(item) for item in v)
        if is_dataclass(v) and not isinstance(v, type):
            return replace(v, **{f.name: rebuild(getattr(v, f.name)) for f in fields(v) if f.init})
        return v

    return rebuild(value)


class SharedData:
    """At most one built test municipality at a time, inside a transaction of its own that is
    rolled back when the module is done (or another kind of data is needed). Each test still runs
    in its own savepoint within it, so every test starts from exactly the built state, and gets
    freshly read instances (``refetched``). Building through the real services costs 0.5-1.3 s;
    building once per module instead of once per test is most of the suite's speed."""

    def __init__(self, blocker):
        self.blocker = blocker
        self.key = None
        self.atomic = None
        self.value = None

    def get(self, key, build):
        if self.key != key:
            self.close()
            with self.blocker.unblock():
                atomic = transaction.atomic()
                atomic.__enter__()
                try:
                    self.value = build()
                except BaseException:
                    transaction.set_rollback(True)
                    atomic.__exit__(None, None, None)
                    raise
            self.key, self.atomic = key, atomic
        return self.value

    def close(self, key=None):
        if self.atomic is None or (key is not None and key != self.key):
            return
        with self.blocker.unblock():
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)
        self.key = self.atomic = self.value = None


def shared_fixture(kind, build):
    """A module-scoped fixture holding ``build()``'s result for the module's tests, or None when
    the module has transactional tests (they commit and flush, so they build their own). The root
    conftest orders each module's tests so those that share nothing run before it is built."""
    import pytest

    @pytest.fixture(scope="module")
    def fixture(request, _shared_data):
        if getattr(request.node, "_tillit_no_sharing", False):
            yield None
            return
        key = (request.node.nodeid, kind)
        yield _shared_data.get(key, build)
        _shared_data.close(key)

    return fixture
