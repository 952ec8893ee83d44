"""The REST API at /api/v1: one NinjaAPI, one place mapping domain errors to HTTP, and the
OpenAPI 3.1 document it serves (valid: tests/api/test_openapi_valid.py)."""

from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from tillit import __version__
from tillit.core.errors import TillitError
from tillit.core.validation import DATE_MAX, DATE_MIN
from tillit.portal.throttling import TillitApiThrottle

from .input_rules import input_rules
from .messages import swedish_message

ERROR_SCHEMA = "ErrorOut"
# The error answers every operation may give, and those only some may give (docs/openness.md).
ERRORS_ALWAYS = {
    "400": "Bad request: the body is not JSON, or the request holds a NUL character.",
    "404": "Not found: an unknown id, or an unknown municipality.",
    "422": "Invalid input: `errors` names each field (dates 1900-01-01 – 2100-12-31; no "
    "control characters in text).",
    "429": "Rate limited: wait `Retry-After` seconds.",
}
ERRORS_WITH_BODY = {"413": "The request body is too large."}
ERRORS_WITH_TOKEN = {
    "401": "Missing or invalid API token.",
    "403": "The token's user may not do this.",
    "409": "Conflict: someone else changed the object meanwhile (`current_version`), or it "
    "can no longer change.",
}


class TillitApi(NinjaAPI):
    """NinjaAPI whose OpenAPI document is valid 3.1 and lists every error answer."""

    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        _ensure_error_schema(schema)
        for methods in schema.get("paths", {}).values():
            for operation in methods.values():
                for param in operation.get("parameters", []):
                    _examples_as_map(param)
                _document_errors(operation)
        return schema


def _examples_as_map(param: dict) -> None:
    """OpenAPI 3.1 wants a parameter's `examples` as a map of Example objects; django-ninja
    copies the JSON-schema list (`["vimmerby"]`). The schema keeps its list (valid JSON Schema)."""
    examples = param.get("examples")
    if isinstance(examples, list):
        param["examples"] = {
            ("example" if i == 0 else f"example{i + 1}"): {"value": value}
            for i, value in enumerate(examples)
        }


def _ensure_error_schema(schema: dict) -> None:
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    if ERROR_SCHEMA not in components:
        from .common import ErrorOut

        components[ERROR_SCHEMA] = ErrorOut.model_json_schema(
            ref_template="#/components/schemas/{model}"
        )


def _document_errors(operation: dict) -> None:
    responses = operation.setdefault("responses", {})
    errors = dict(ERRORS_ALWAYS)
    if "requestBody" in operation:
        errors.update(ERRORS_WITH_BODY)
    if operation.get("security"):
        errors.update(ERRORS_WITH_TOKEN)
    for status, description in errors.items():
        responses.setdefault(
            status,
            {
                "description": description,
                "content": {
                    "application/json": {"schema": {"$ref": f"#/components/schemas/{ERROR_SCHEMA}"}}
                },
            },
        )


api = TillitApi(
    title="Tillit API",
    version=__version__,
    urls_namespace="api",
    throttle=[TillitApiThrottle()],
    description=(
        "Tillit's REST API: the organisation, decisions and assignments (uppdrag) of a "
        "municipality.\n\n"
        "Reads are open. Writes need `Authorization: Bearer <token>` (create one with "
        '`tillit token create USER`). Errors are JSON `{"code": ..., "detail": ...}`; '
        "a decision-chain violation is HTTP 422 with code `chain_violation`. List endpoints "
        'answer `{"items": [...], "count": N}` and take `limit` (1–1000) and `offset`.\n\n'
        "When an installation holds one municipality, `municipality` can be left out.\n\n"
        f"**Input rules.** Dates are accepted from {DATE_MIN.isoformat()} to "
        f"{DATE_MAX.isoformat()}; text may hold tab, line feed and carriage return but no other "
        "control character (U+0001–U+001F). Anything else is HTTP 422 naming the field.\n\n"
        "**Open data.** Anonymous clients read published data only (no draft reports, no "
        "internal notes) under the licence shown on each municipality's *Öppna data* page "
        "(CC0 by default). Reads are rate-limited per client (default 120 requests a minute "
        "anonymously, more with a token): over the limit the answer is HTTP 429 with "
        '`{"code": "rate_limited", ...}` and a `Retry-After` header in seconds. GET '
        "endpoints allow any origin (CORS)."
    ),
)


api.add_decorator(input_rules)  # core.validation's rules on every operation's input


@api.exception_handler(TillitError)
def tillit_error(request, exc: TillitError):
    return api.create_response(request, exc.as_dict(), status=exc.status)


def _location(loc) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "payload")]
    out = ""
    for part in parts:
        out += f"[{part}]" if part.isdigit() else (f".{part}" if out else part)
    return out or "body"


@api.exception_handler(ValidationError)
def validation_error(request, exc: ValidationError):
    errors = {}
    for err in exc.errors:
        errors.setdefault(_location(err.get("loc", ())), swedish_message(err))
    detail = "; ".join(f"{k}: {v}" for k, v in errors.items()) or "Invalid input."
    return api.create_response(
        request, {"code": "invalid", "detail": detail, "errors": errors}, status=422
    )


@api.exception_handler(AuthenticationError)
def authentication_error(request, exc):
    return api.create_response(
        request,
        {"code": "unauthorized", "detail": "Missing or invalid API token (Authorization: Bearer)."},
        status=401,
    )


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    code = {400: "bad_request", 429: "rate_limited"}.get(exc.status_code, "error")
    return api.create_response(request, {"code": code, "detail": str(exc)}, status=exc.status_code)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"code": "not_found", "detail": str(exc)}, status=404)


from tillit.analysis.api import router as analysis_router  # noqa: E402
from tillit.assignments.api import router as assignments_router  # noqa: E402
from tillit.audit.api import router as audit_router  # noqa: E402
from tillit.barometer.api import router as barometer_router  # noqa: E402
from tillit.budget.api import router as budget_router  # noqa: E402
from tillit.decisions.api import router as decisions_router  # noqa: E402
from tillit.economy.api import router as economy_router  # noqa: E402
from tillit.followup.api import router as followup_router  # noqa: E402
from tillit.followup.yearwheel_api import router as yearwheel_router  # noqa: E402
from tillit.minutes.api import router as minutes_router  # noqa: E402
from tillit.organisation.api import router as organisation_router  # noqa: E402
from tillit.portal.api import router as portal_router  # noqa: E402
from tillit.workspace.api import router as workspace_router  # noqa: E402

api.add_router("", organisation_router)
api.add_router("/decisions", decisions_router)
api.add_router("/assignments", assignments_router)
api.add_router("", followup_router)  # /reports, /questions
api.add_router("/year-events", yearwheel_router)
api.add_router("/analyse", analysis_router)
api.add_router("/economy", economy_router)
api.add_router("/budgets", budget_router)
api.add_router("/audit", audit_router)
api.add_router("", portal_router)  # /search, /kpis
api.add_router("/barometer", barometer_router)
api.add_router("/meetings", minutes_router)
api.add_router("/me", workspace_router)
