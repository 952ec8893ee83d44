"""Property-based run of every public GET operation against the OpenAPI schema (schemathesis):
no 5xx, no status code the schema does not document, and every response matches the schema
(issue 19, item 11). Bounded: few examples per operation, derandomised, no deadline."""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from tillit.config.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application).include(method="GET")


@pytest.fixture
def published_data(testkommun, settings):
    """Like Django's test client: the WSGI app must not close the test transaction's connection
    at the end of each request (PostgreSQL would answer 'connection is closed')."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    settings.TILLIT_API_ANON_RATE = "100000/min"
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield testkommun
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_public_api_conforms_to_schema(case, published_data):
    from schemathesis.checks import not_a_server_error

    case.call_and_validate(
        checks=[not_a_server_error, status_code_conformance, response_schema_conformance]
    )
