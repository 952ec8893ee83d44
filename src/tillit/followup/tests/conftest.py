import pytest
from django.contrib.auth import get_user_model

from tillit.organisation.models import Person


@pytest.fixture
def fu(testkommun):
    """testkommun plus a KS member with a login (through her Membership) and a BUN politician."""
    User = get_user_model()
    member = User.objects.create_user(username="ledamot-ks", password="x", email="l@example.org")
    person = Person.objects.get(municipality=testkommun.municipality, name="Ledamot KS (fiktiv)")
    person.user = member
    person.save()
    outsider = User.objects.create_user(username="politiker-bun", password="x")
    from tillit.accounts.services import role_grant

    role_grant(
        user=outsider, municipality=testkommun.municipality, kind="politician", body=testkommun.bun
    )
    testkommun.users["ledamot-ks"] = member
    testkommun.users["politiker-bun"] = outsider
    return testkommun
