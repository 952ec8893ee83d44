"""The OpenAPI document is valid OpenAPI 3.1 (issue 19, item 11): strict client generators read
it. openapi-spec-validator checks it as clients get it from /api/v1/openapi.json."""

from __future__ import annotations

import pytest
from openapi_spec_validator import OpenAPIV31SpecValidator

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def served(django_db_blocker):
    from django.test import Client

    with django_db_blocker.unblock():
        response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_openapi_document_is_valid_3_1(served):
    assert served["openapi"].startswith("3.1")
    errors = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}"
        for e in OpenAPIV31SpecValidator(served).iter_errors()
    ]
    assert not errors, f"{len(errors)} errors:\n" + "\n".join(errors[:20])


def test_parameter_examples_are_example_objects(served):
    params = {p["name"]: p for p in served["paths"]["/api/v1/assignments"]["get"]["parameters"]}
    assert params["municipality"]["examples"] == {"example": {"value": "vimmerby"}}


@pytest.mark.parametrize("status", ["400", "404", "422", "429"])
def test_every_operation_documents_its_error_answers(served, status):
    for path, methods in served["paths"].items():
        for method, operation in methods.items():
            assert status in operation["responses"], f"{method.upper()} {path}: no {status}"


def test_token_operations_document_401_403_409(served):
    for path, methods in served["paths"].items():
        for method, operation in methods.items():
            if operation.get("security"):
                assert {"401", "403", "409"} <= set(operation["responses"]), f"{method} {path}"
