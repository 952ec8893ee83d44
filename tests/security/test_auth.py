"""Authentication: Argon2 in production, login throttling with a Swedish lockout, TOTP
two-factor enrolment and verification, OpenID Connect claim mapping."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tillit.core.testing import TEST_PASSWORD

PROD_ENV = {
    "DJANGO_SETTINGS_MODULE": "tillit.config.settings.production",
    "TILLIT_SECRET_KEY": secrets.token_urlsafe(50),
    # The audit chain's own key (tillit.W002 without it: docs/decisions/0004).
    "TILLIT_AUDIT_KEY": secrets.token_urlsafe(48),
    "TILLIT_HTTPS": "1",
    "TILLIT_ALLOWED_HOSTS": "tillit.example.se",
    "TILLIT_DATABASE_URL": "postgres://tillit@127.0.0.1:5432/tillit",
}


def _run(args, tmp_path, extra=None):
    env = {**os.environ, **PROD_ENV, "TILLIT_VAR_DIR": str(tmp_path), **(extra or {})}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests' conftest
    return subprocess.run(
        [sys.executable, "-m", "tillit", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = _run(["check", "--deploy", "--fail-level", "WARNING"], tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_hashes_with_argon2_and_oidc_switches_on_by_env(tmp_path):
    code = (
        "from django.conf import settings;"
        "print(settings.PASSWORD_HASHERS[0]);"
        "print('mozilla_django_oidc' in settings.INSTALLED_APPS);"
        "print(settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE)"
    )
    off = _run(["shell", "-v", "0", "-c", code], tmp_path)
    assert off.stdout.split() == [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "False",
        "True",
        "True",
    ], off.stderr
    on = _run(["shell", "-v", "0", "-c", code], tmp_path, {"TILLIT_OIDC_CLIENT_ID": "tillit"})
    assert on.stdout.split()[1] == "True", on.stderr


def test_argon2_hash_verifies():
    from django.contrib.auth.hashers import check_password, make_password

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.Argon2PasswordHasher"]):
        encoded = make_password("ett långt lösenord")
        assert encoded.startswith("argon2$") and check_password("ett långt lösenord", encoded)


def test_login_throttled_with_swedish_message(client, testkommun):
    url = "/konto/logga-in/"
    for _ in range(4):
        response = client.post(url, {"username": "admin", "password": "fel"})
        assert response.status_code == 200
    assert client.post(url, {"username": "admin", "password": "fel"}).status_code == 429
    response = client.post(url, {"username": "admin", "password": TEST_PASSWORD})
    assert response.status_code == 429
    assert "För många misslyckade inloggningsförsök" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_successful_login_works(client, testkommun):
    response = client.post("/konto/logga-in/", {"username": "admin", "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"]


def _code(device) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def _unthrottle(device):
    """django-otp delays the next attempt after a wrong code; the test does not wait."""
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_count=0, throttling_failure_timestamp=None
    )


def test_totp_enrolment(client, testkommun):
    client.force_login(testkommun.users["admin"])
    page = client.get("/konto/tvafaktor/")
    assert page.status_code == 200 and b"<svg" in page.content
    device = TOTPDevice.objects.get(user=testkommun.users["admin"])
    assert not device.confirmed
    assert client.post("/konto/tvafaktor/", {"token": "000000"}).status_code == 422
    _unthrottle(device)
    done = client.post("/konto/tvafaktor/", {"token": _code(device)})
    assert done.status_code == 200 and "påslagen" in done.content.decode()
    device.refresh_from_db()
    assert device.confirmed


def test_enrolled_user_must_give_the_code_at_login(client, testkommun):
    user = testkommun.users["admin"]
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    response = client.post("/konto/logga-in/", {"username": "admin", "password": TEST_PASSWORD})
    assert response.status_code == 302 and response["Location"].startswith("/konto/verifiera/")
    blocked = client.get("/testkommun/")
    assert blocked.status_code == 302 and blocked["Location"].startswith("/konto/verifiera/")
    assert client.post("/konto/verifiera/", {"token": "123"}).status_code == 422
    _unthrottle(device)
    ok = client.post("/konto/verifiera/", {"token": _code(device), "next": "/testkommun/"})
    assert ok.status_code == 302 and ok["Location"] == "/testkommun/"
    assert client.get("/testkommun/").status_code == 200


OIDC = {
    "OIDC_RP_CLIENT_ID": "tillit",
    "OIDC_RP_CLIENT_SECRET": "hemligt",
    "OIDC_RP_SIGN_ALGO": "RS256",
    "OIDC_OP_TOKEN_ENDPOINT": "https://idp.example.se/token",
    "OIDC_OP_USER_ENDPOINT": "https://idp.example.se/userinfo",
    "OIDC_OP_JWKS_ENDPOINT": "https://idp.example.se/jwks",
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "https://idp.example.se/auth",
}


@pytest.mark.django_db
def test_oidc_claims_map_to_users():
    from tillit.accounts.oidc import TillitOIDCBackend

    with override_settings(**OIDC):
        backend = TillitOIDCBackend()
        claims = {
            "sub": "abc-123",
            "preferred_username": "anna.andersson",
            "email": "anna@kommun.se",
            "given_name": "Anna",
            "family_name": "Andersson",
        }
        assert backend.verify_claims(claims)
        assert not backend.filter_users_by_claims(claims).exists()
        user = backend.create_user(claims)
        assert (user.username, user.email, user.first_name) == (
            "anna.andersson",
            "anna@kommun.se",
            "Anna",
        )
        assert list(backend.filter_users_by_claims(claims)) == [user]
        assert backend.create_user({"sub": "xyz", "email": "b@k.se"}).username == "b@k.se"
        assert not backend.verify_claims({})
        assert not get_user_model().objects.get(pk=user.pk).roles.exists()  # roles from Tillit
