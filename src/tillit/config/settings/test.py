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
# Jobs run in-process when started (the real task, synchronously), so a web import test sees its
# result at once; tests with a real worker process use the database backend (tests/browser).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Inside the test's transaction a second connection would not see the job row.
TILLIT_JOBS_SIDE_CONNECTION = False
