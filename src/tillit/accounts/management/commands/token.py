"""`tillit token create USER` — API tokens. The raw token is printed once, as the last line."""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from tillit.accounts.models import ApiToken
from tillit.accounts.services import api_token_create, api_token_revoke
from tillit.core.errors import TillitError


class Command(BaseCommand):
    help = "Create, list or revoke API tokens."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Create a token for USER and print it")
        create.add_argument("username")
        create.add_argument("--name", default="", help="A label, e.g. the integration's name")
        create.add_argument("--expires-days", type=int, default=None)
        listing = sub.add_parser("list", help="List a user's tokens (never the secret)")
        listing.add_argument("username")
        revoke = sub.add_parser("revoke", help="Revoke a token by its prefix")
        revoke.add_argument("prefix")

    def handle(self, *args, action, **options):
        if action == "create":
            days = options["expires_days"]
            if days is not None and days < 1:
                raise CommandError("--expires-days must be at least 1")
            expires = timezone.now() + timedelta(days=days) if days else None
            try:
                token, raw = api_token_create(
                    username=options["username"], name=options["name"], expires_at=expires
                )
            except TillitError as exc:
                raise CommandError(exc.message) from None
            until = f", expires {token.expires_at:%Y-%m-%d}" if token.expires_at else ""
            self.stdout.write(f"Token for {token.user.username}{until}. Shown once — store it now:")
            self.stdout.write(raw)
        elif action == "list":
            for token in ApiToken.objects.filter(user__username=options["username"]).order_by("id"):
                state = "revoked" if token.revoked_at else "active"
                self.stdout.write(
                    f"{token.prefix}…  {state}  {token.name}  {token.created_at:%Y-%m-%d}"
                )
        elif action == "revoke":
            matches = list(
                ApiToken.objects.filter(prefix=options["prefix"], revoked_at__isnull=True)
            )
            if len(matches) != 1:
                raise CommandError(
                    f"{len(matches)} active tokens have the prefix {options['prefix']!r}; "
                    "give the exact prefix shown by 'tillit token list'."
                )
            api_token_revoke(token=matches[0])
            self.stdout.write(f"Revoked {matches[0].prefix}…")
