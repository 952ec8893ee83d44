"""Signed-in pages keep their content until the data changes (core.fragments, issue 16): a change
shows at once, nobody gets a copy made for someone else, forms get the page's own CSRF token."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tillit.accounts.services import role_grant
from tillit.assignments.selectors import assignments_list
from tillit.assignments.services import AssignmentDraft
from tillit.core import fragments
from tillit.decisions.services import decision_register
from tillit.followup import services as followup
from tillit.followup.selectors import stale_map
from tillit.organisation.models import Person

pytestmark = pytest.mark.django_db

LIST = "/testkommun/uppdrag/"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
HX_TOKEN = re.compile(r'hx-headers=\'\{"X-CSRFToken": "([^"]+)"\}\'')


def _get(client, url):
    """The page (its CSRF tokens, new for every page, masked) and its number of queries."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    return re.sub(r"[A-Za-z0-9]{64}", "TOKEN", html), len(queries.captured_queries), html


def _member(tk):
    """The KS member ("Ledamot KS (fiktiv)") with a login: may ask questions on KS assignments."""
    user = get_user_model().objects.create_user(username="ledamot-ks", password="x")
    person = Person.objects.get(municipality=tk.municipality, name="Ledamot KS (fiktiv)")
    person.user = user
    person.save()
    return user


def test_a_stored_copy_is_reused_and_a_change_shows_at_once(login, testkommun):
    client = login("sekreterare-ks")
    first, cold, _ = _get(client, LIST)
    again, warm, _ = _get(client, LIST)
    assert again == first
    assert warm < cold  # the rows, the form's choices and the count were not read again
    decision_register(
        actor=testkommun.users["sekreterare-ks"],
        body=testkommun.ks,
        meeting_date=date(2024, 3, 4),
        paragraph=77,
        title="Nytt beslut",
        assignments=[
            AssignmentDraft(
                title="Helt nytt uppdrag", what="Ett resultat.", recipients=["kommundirektor"]
            )
        ],
    )
    assert "Helt nytt uppdrag" in _get(client, LIST)[0]
    assert "Nytt beslut" in _get(client, "/testkommun/beslut/")[0]


def test_nobody_gets_a_copy_made_for_someone_else(client, testkommun):
    url = "/testkommun/ekonomi/organ/ks/"
    client.force_login(testkommun.users["kommundirektor"])  # reports the KS forecast
    assert "Rapportera prognos" in _get(client, url)[0]
    client.force_login(testkommun.users["lasare"])
    assert "Rapportera prognos" not in _get(client, url)[0]
    assert "Rapportera prognos" not in _get(client, url)[0]


def test_a_new_role_shows_at_once(client, testkommun):
    url = "/testkommun/ekonomi/organ/ks/"
    reader = testkommun.users["lasare"]
    client.force_login(reader)
    assert "Rapportera prognos" not in _get(client, url)[0]
    role_grant(user=reader, municipality=testkommun.municipality, kind="controller")
    assert "Rapportera prognos" in _get(client, url)[0]


def test_forms_in_a_stored_copy_carry_the_pages_own_csrf_token(client, testkommun):
    url = f"/testkommun/uppdrag/{testkommun.assignment_ks.pk}/"
    member = _member(testkommun)
    pages = []
    for _ in range(2):  # rendered, then from the stored copy
        client.cookies.clear()
        client.force_login(member)
        html = _get(client, url)[2]
        assert "Ställ en fråga till förvaltningen" in html
        tokens = TOKEN.findall(html)
        assert tokens and set(tokens) == set(HX_TOKEN.findall(html))
        pages.append(tokens[0])
    assert pages[0] != pages[1]
    client.handler.enforce_csrf_checks = True
    response = client.post(
        f"/testkommun/uppfoljning/uppdrag/{testkommun.assignment_ks.pk}/fraga/",
        {"text": "Hur går det?", "csrfmiddlewaretoken": pages[1], "next": url},
    )
    assert response.status_code == 302, response.status_code  # accepted, back to the page


def test_a_renamed_user_shows_at_once_on_the_assignment_page(client, testkommun):
    url = f"/testkommun/uppdrag/{testkommun.assignment_ks.pk}/"
    member = _member(testkommun)
    followup.question_ask(actor=member, assignment=testkommun.assignment_ks, text="Hur går det?")
    client.force_login(testkommun.users["sekreterare-ks"])
    page = _get(client, url)[0]
    # Shown by the person's name and seat, never the login name (issue 14 item 7).
    assert "Ledamot KS (fiktiv)" in page and "ledamot-ks" not in page
    person = Person.objects.get(user=member)
    person.name = "Kim Ledamot"
    person.save()
    assert "Kim Ledamot" in _get(client, url)[0]
    # A user without a person is shown by her full name; a user is not a tenant row, so the
    # data version does not move — the page must show the new name all the same.
    person.user = None
    person.save()
    member.first_name, member.last_name = "Alex", "Nyman"
    member.save()
    assert "Alex Nyman" in _get(client, url)[0]


def test_an_old_answer_leaves_the_inbox_without_any_write(client, testkommun, monkeypatch):
    member = _member(testkommun)
    question = followup.question_ask(
        actor=member, assignment=testkommun.assignment_ks, text="Hur går det?"
    )
    followup.question_answer(
        actor=testkommun.users["kommundirektor"], question=question, text="Enligt plan."
    )
    # Answered 90 days ago less a minute: shown now, gone two minutes later.
    answered = timezone.now() - timedelta(days=90) + timedelta(minutes=1)
    type(question).objects.filter(pk=question.pk).update(answered_at=answered)
    client.force_login(member)
    assert "Enligt plan." in _get(client, "/testkommun/uppfoljning/inkorg/")[0]
    assert "Enligt plan." in _get(client, "/testkommun/uppfoljning/inkorg/")[0]
    later = timezone.now() + timedelta(minutes=2)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert "Enligt plan." not in _get(client, "/testkommun/uppfoljning/inkorg/")[0]


def test_switched_off(login, settings):
    settings.TILLIT_FRAGMENT_CACHE = False
    client = login("sekreterare-ks")
    first, cold, _ = _get(client, LIST)
    again, warm, _ = _get(client, LIST)
    assert again == first and warm == cold


def test_a_stored_copy_is_never_shared_by_two_keys(rf, testkommun):
    request = rf.get(LIST)
    request.user = testkommun.users["sekreterare-ks"]
    m = testkommun.municipality
    one = fragments.Fragment(request, m, "x", "a", day=date(2024, 1, 1))
    one.store("<p>ett</p>")
    assert fragments.Fragment(request, m, "x", "a", day=date(2024, 1, 1)).hit
    assert not fragments.Fragment(request, m, "x", "a", day=date(2024, 1, 2)).hit
    assert not fragments.Fragment(request, m, "x", "b", day=date(2024, 1, 1)).hit
    other = rf.get(LIST)
    other.user = testkommun.users["sekreterare-kf"]
    assert not fragments.Fragment(other, m, "x", "a", day=date(2024, 1, 1)).hit


# The assignment table's rows as the template loop wrote them before assignment_rows (with the
# column names a phone shows on each card, .tl-card-table).
_LOOP = """{% load i18n tillit followup bodies %}{% stale_reasons rows as stale %}{% for a in rows %}
    <tr>
      <td class="tl-card-table__title"><a class="ds-link" href="{% url 'assignments:detail' municipality=municipality.slug pk=a.pk %}">{{ a.title }}</a></td>
      <td data-label="{% translate "Givet av" %}">{{ a.issuer|body_abbr }}\u00a0<span class="tl-muted">{{ a.decision.year }}\u00a0§\u00a0{{ a.decision.paragraph }}</span></td>
      <td data-label="{% translate "Mottagare" %}"><ul class="tl-inline-list">{% for r in a.recipients.all %}<li>{{ r.target }}{% if r.is_lead and a.recipients.all|length > 1 %} ({% translate "samordnar" %}){% endif %}</li>{% endfor %}</ul></td>
      <td data-label="{% translate "Beslutat" %}">{{ a.issued_on|isodate }}</td>
      <td data-label="{% translate "Slutdatum" %}">{{ a.deadline|isodate|default:"–" }}</td>
      <td data-label="{% translate "Status" %}">{% status_tag a.status a.get_status_display %}{% include "followup/_stale_tag.html" with reason=stale|get_item:a.pk %}</td>
    </tr>
    {% endfor %}"""  # noqa: E501


def test_assignment_rows_write_what_the_template_loop_wrote(testkommun):
    decision_register(
        actor=testkommun.users["sekreterare-ks"],
        body=testkommun.ks,
        meeting_date=date(2020, 3, 4),
        paragraph=78,
        title="Äldre <beslut> & mer",
        assignments=[
            AssignmentDraft(
                title='Uppdrag med "tecken" <b>',
                what="Ett resultat.",
                recipients=["kommundirektor"],
                deadline=date(2020, 6, 30),
                followups=[date(2020, 5, 1)],
            )
        ],
    )
    m = testkommun.municipality
    for lean in (False, True):
        rows = list(assignments_list(municipality=m, for_table=lean))
        assert stale_map(rows)  # a stale row is among them
        assert any(len(list(a.recipients.all())) > 1 for a in rows)  # and a joint one
        context = {"rows": rows, "municipality": m}
        old = Template(_LOOP).render(Context(context))
        new = Template(
            "{% load followup assignments %}{% stale_reasons rows as stale %}"
            "{% assignment_rows rows stale %}"
        ).render(Context(context))
        assert new == old


def test_the_header_name_follows_the_language(client, testkommun):
    """The header's "Name (office)" is kept per viewer; the office is translated, so per
    language too (a copy made in Swedish showed 'Sekreterare' on English pages)."""
    client.force_login(testkommun.users["sekreterare-ks"])
    header = re.compile(r'<span class="tl-user">([^<]*)</span>')
    swedish = header.search(_get(client, LIST)[2]).group(1)
    client.cookies["django_language"] = "en"
    english = header.search(_get(client, LIST)[2]).group(1)
    assert "Sekreterare" in swedish
    assert "Secretary" in english and "Sekreterare" not in english
