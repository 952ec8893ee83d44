"""`tillit check --deploy`: the audit chain's key (audit.keys)."""

from django.core.checks import Tags, Warning, register

from . import keys


@register(Tags.security, deploy=True)
def check_audit_key(app_configs, **kwargs):
    if not keys.configured():
        return [
            Warning(
                "TILLIT_AUDIT_KEY is not set: the audit chain is keyed with a key derived from "
                "TILLIT_SECRET_KEY, so anyone who can read the settings and write the database "
                "can rewrite the audit trail undetected.",
                hint=(
                    "Set TILLIT_AUDIT_KEY to a long random string kept apart from the database "
                    "and its backups (e.g. `python -c 'import secrets; "
                    "print(secrets.token_urlsafe(48))'`). Earlier events keep verifying; see "
                    "docs/decisions/0004-audit-key-and-coverage.md."
                ),
                id="tillit.W002",
            )
        ]
    if keys.configured_length() < keys.MIN_KEY_LENGTH:
        return [
            Warning(
                f"TILLIT_AUDIT_KEY is shorter than {keys.MIN_KEY_LENGTH} characters.",
                hint="Use a long random string; rotate as docs/decisions/0004 describes.",
                id="tillit.W003",
            )
        ]
    return []
