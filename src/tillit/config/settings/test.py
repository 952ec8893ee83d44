"""Test settings: fast hashing, in-memory SQLite unless TILLIT_DATABASE_URL points at PostgreSQL."""

import os

from .base import *  # noqa: F403

SECRET_KEY = "test-secret-key-not-for-production"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["OPTIONS"] = {"timeout": 20}  # noqa: F405
else:
    # One test database per run, so two runs on one server (the SQLite and PostgreSQL halves of
    # `make test` side by side, or two developers) never drop each other's database.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": f"test_{DATABASES['default']['NAME']}_{os.getpid()}"  # noqa: F405
    }
LANGUAGE_CODE = "sv"
# The suite makes many API calls from one "IP"; the throttle tests set their own low rate.
TILLIT_API_ANON_RATE = "100000/min"
TILLIT_API_AUTH_RATE = "100000/min"
