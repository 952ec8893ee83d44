"""One error hierarchy for the whole domain.

Services raise these; the API maps them to HTTP once (tillit.api.api.tillit_error), HTML views
turn them into form errors once (tillit.core.forms.apply_service_errors), and the CLI prints the
message. Messages are Swedish because users read them; `code` is the stable machine-readable part.
"""

from __future__ import annotations

from typing import Any


class TillitError(Exception):
    code = "error"
    status = 400

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        field: str | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.field = field
        self.extra = extra or {}

    def as_dict(self) -> dict[str, Any]:
        body: dict[str, Any] = {"code": self.code, "detail": self.message}
        if self.field:
            body["field"] = self.field
        body.update(self.extra)
        return body


class ValidationFailed(TillitError):
    """Input is malformed or inconsistent. `errors` maps field paths to Swedish messages."""

    code = "invalid"
    status = 422

    def __init__(self, errors: dict[str, str], message: str | None = None) -> None:
        self.errors = errors
        first = next(iter(errors.values()), "Ogiltiga uppgifter.")
        super().__init__(message or first, field=next(iter(errors), None), extra={"errors": errors})


class ChainViolation(TillitError):
    """An assignment addressed outside the decision chain."""

    code = "chain_violation"
    status = 422


class PermissionDenied(TillitError):
    code = "forbidden"
    status = 403


class NotFound(TillitError):
    code = "not_found"
    status = 404


class Conflict(TillitError):
    code = "conflict"
    status = 409
