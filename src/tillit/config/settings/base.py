"""Settings shared by every environment.

Everything deployment-specific comes from TILLIT_* environment variables.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parents[2]  # src/tillit


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


# The working directory holds var/ (SQLite file, uploads) unless TILLIT_VAR_DIR says otherwise.
VAR_DIR = Path(os.environ.get("TILLIT_VAR_DIR", Path.cwd() / "var")).resolve()

DEBUG = env_bool("TILLIT_DEBUG", False)


def _secret_key() -> str:
    """TILLIT_SECRET_KEY, else a key generated once and kept in var/secret_key (single server)."""
    key = os.environ.get("TILLIT_SECRET_KEY", "").strip()
    if key:
        return key
    path = VAR_DIR / "secret_key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        import secrets

        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(50)
        path.write_text(key)
        path.chmod(0o600)
        return key


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("TILLIT_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
    if h.strip()
]

DEFAULT_DATABASE_URL = f"sqlite:///{VAR_DIR / 'tillit.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("TILLIT_DATABASE_URL", DEFAULT_DATABASE_URL), conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL + a busy timeout let the web server and the CLI share the file safely.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "tillit.core",
    "tillit.accounts",
    "tillit.organisation",
    "tillit.decisions",
    "tillit.assignments",
    "tillit.economy",
    "tillit.budget",
    "tillit.analysis",
    "tillit.followup",
    "tillit.barometer",
    "tillit.api",
    "tillit.demo",
    "tillit.audit",
    "tillit.minutes",
    "django_tasks",
    "django_tasks_db",
    "tillit.jobs",
    "ninja",  # Swagger UI served from our own static files (the CSP allows no CDN)
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "tillit.portal",
    "tillit.workspace",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "tillit.core.middleware.RejectNulMiddleware",
    "tillit.portal.middleware.PublicApiCorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "tillit.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "tillit.accounts.middleware.OtpRequiredMiddleware",
    "tillit.audit.middleware.AuditActorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "tillit.core.middleware.SecurityHeadersMiddleware",
    "axes.middleware.AxesMiddleware",
    # Innermost: anonymous, cookie-less GETs of public pages (docs/performance.md).
    "tillit.core.public_cache.PublicPageCacheMiddleware",
]
# Seconds an anonymous visitor's public page may be reused; 0 = off (production: 15).
PUBLIC_CACHE_SECONDS = int(os.environ.get("TILLIT_PUBLIC_CACHE_SECONDS", "0"))
# Signed-in pages keep their rendered content until the municipality's data changes
# (tillit.core.fragments; keyed on the audit chain's head, the user and the day, no timer).
TILLIT_FRAGMENT_CACHE = env_bool("TILLIT_FRAGMENT_CACHE", True)
FRAGMENT_CACHE = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "tillit-fragments",
    "TIMEOUT": None,
    "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("TILLIT_FRAGMENT_CACHE_ENTRIES", "2000"))},
}
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "fragments": FRAGMENT_CACHE,
}

ROOT_URLCONF = "tillit.config.urls"
WSGI_APPLICATION = "tillit.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tillit.core.context_processors.tillit",
            ],
        },
    }
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Svenska")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "workspace_landing"  # Min sida of the user's municipality
LOGOUT_REDIRECT_URL = "/"

DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("TILLIT_LOG_LEVEL", "INFO")},
}

# E-mail (follow-up reminders): printed to the console unless SMTP is configured, either as
# TILLIT_EMAIL_URL=smtp://user:password@host:587 (smtps:// for SSL) or TILLIT_SMTP_HOST etc.
DEFAULT_FROM_EMAIL = os.environ.get("TILLIT_EMAIL_FROM", "tillit@localhost")
TILLIT_BASE_URL = os.environ.get("TILLIT_BASE_URL", "")  # for links in e-mail
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
_email_url = os.environ.get("TILLIT_EMAIL_URL", "").strip()
if _email_url:
    from urllib.parse import unquote, urlparse

    _mail = urlparse(_email_url)
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = _mail.hostname or "localhost"
    EMAIL_PORT = _mail.port or (465 if _mail.scheme == "smtps" else 587)
    EMAIL_HOST_USER = unquote(_mail.username or "")
    EMAIL_HOST_PASSWORD = unquote(_mail.password or "")
    EMAIL_USE_SSL = _mail.scheme == "smtps"
    EMAIL_USE_TLS = _mail.scheme == "smtp" and EMAIL_PORT == 587
elif os.environ.get("TILLIT_SMTP_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["TILLIT_SMTP_HOST"]
    EMAIL_PORT = int(os.environ.get("TILLIT_SMTP_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("TILLIT_SMTP_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("TILLIT_SMTP_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("TILLIT_SMTP_TLS", EMAIL_PORT == 587)
    EMAIL_USE_SSL = env_bool("TILLIT_SMTP_SSL", EMAIL_PORT == 465)
EMAIL_TIMEOUT = 20

# Openness (docs/openness.md): the default licence of open data, the API's rate limits per
# client (anonymous per IP, authenticated per token) and Kolada's API.
TILLIT_DATA_LICENCE = os.environ.get("TILLIT_DATA_LICENCE", "CC0-1.0")
TILLIT_API_ANON_RATE = os.environ.get("TILLIT_API_ANON_RATE", "120/min")
TILLIT_API_AUTH_RATE = os.environ.get("TILLIT_API_AUTH_RATE", "1200/min")
TILLIT_KOLADA_URL = os.environ.get("TILLIT_KOLADA_URL", "https://api.kolada.se/v3")
TILLIT_KOLADA_CACHE_DIR = Path(os.environ.get("TILLIT_KOLADA_CACHE_DIR", VAR_DIR / "kolada"))

# Security (docs/deployment.md, docs/permissions.md): Argon2 password hashing, login throttling
# (django-axes), optional TOTP two-factor (django-otp), OpenID Connect (mozilla-django-oidc).
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ENABLED = env_bool("TILLIT_AXES_ENABLED", True)
AXES_FAILURE_LIMIT = int(os.environ.get("TILLIT_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("TILLIT_LOGIN_COOLOFF_HOURS", "0.25"))  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "tillit.accounts.views.locked_out"
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("TILLIT_PROXY_COUNT", "0")) or None
AXES_VERBOSE = False

# Two-factor: anyone may enrol a TOTP app at /konto/tvafaktor/; once enrolled the code is asked
# at every login. TILLIT_OTP_ADMIN=1 makes the admin site require a verified device.
TILLIT_OTP_ADMIN = env_bool("TILLIT_OTP_ADMIN", False)
OTP_TOTP_ISSUER = os.environ.get("TILLIT_OTP_ISSUER", "Tillit")

# OpenID Connect single sign-on: on when TILLIT_OIDC_CLIENT_ID is set (docs/deployment.md).
TILLIT_OIDC_ENABLED = bool(os.environ.get("TILLIT_OIDC_CLIENT_ID", "").strip())
if TILLIT_OIDC_ENABLED:
    INSTALLED_APPS.append("mozilla_django_oidc")
    AUTHENTICATION_BACKENDS.append("tillit.accounts.oidc.TillitOIDCBackend")
    OIDC_RP_CLIENT_ID = os.environ["TILLIT_OIDC_CLIENT_ID"].strip()
    OIDC_RP_CLIENT_SECRET = os.environ.get("TILLIT_OIDC_CLIENT_SECRET", "")
    OIDC_RP_SIGN_ALGO = os.environ.get("TILLIT_OIDC_SIGN_ALGO", "RS256")
    OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("TILLIT_OIDC_AUTHORIZATION_ENDPOINT", "")
    OIDC_OP_TOKEN_ENDPOINT = os.environ.get("TILLIT_OIDC_TOKEN_ENDPOINT", "")
    OIDC_OP_USER_ENDPOINT = os.environ.get("TILLIT_OIDC_USER_ENDPOINT", "")
    OIDC_OP_JWKS_ENDPOINT = os.environ.get("TILLIT_OIDC_JWKS_ENDPOINT", "")
    OIDC_RP_SCOPES = os.environ.get("TILLIT_OIDC_SCOPES", "openid email profile")
    OIDC_CREATE_USER = env_bool("TILLIT_OIDC_CREATE_USERS", True)
TILLIT_OIDC_USERNAME_CLAIM = os.environ.get("TILLIT_OIDC_USERNAME_CLAIM", "preferred_username")
TILLIT_OIDC_LABEL = os.environ.get("TILLIT_OIDC_LABEL", "Logga in med kommunens konto")

# Uploads: SIE files can be large; forms and JSON bodies cannot.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
TILLIT_MAX_UPLOAD_BYTES = int(os.environ.get("TILLIT_MAX_UPLOAD_MB", "50")) * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

TILLIT_CSP = os.environ.get("TILLIT_CSP", "")
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "tillit.accounts.views.csrf_failure"

# Background jobs (tillit.jobs, docs/jobs.md): Django's tasks framework (the django-tasks backport)
# with its database backend, run by `tillit worker`. Another backend (Redis, RabbitMQ) is a matter
# of TILLIT_TASKS_BACKEND and its package.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TILLIT_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
# A running job whose worker (on another host) showed no sign of life for this long is failed.
TILLIT_JOB_STALE_SECONDS = int(os.environ.get("TILLIT_JOB_STALE_SECONDS", "900"))
