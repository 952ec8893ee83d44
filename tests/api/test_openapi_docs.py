"""/api/v1 is fully documented (docs/openness.md, issue 7 item 4): every operation has a summary
and a description, every parameter and every property of every component schema a description.
A property that is only a reference (`$ref`, or `anyOf`/`allOf` of references and null) may
lean on the referenced schema, provided that one is documented itself."""

from __future__ import annotations

import json

import pytest

from tillit.api.api import api

REF_PREFIX = "#/components/schemas/"


@pytest.fixture(scope="module")
def schema() -> dict:
    # Round-trip through JSON: what clients get from /api/v1/openapi.json.
    return json.loads(json.dumps(api.get_openapi_schema(), default=str))


def _operations(schema):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield f"{method.upper()} {path}", operation


def _refs_only(prop: dict) -> list[str] | None:
    """The referenced schema names if the property is nothing but references (and null)."""
    if "$ref" in prop:
        return [prop["$ref"]]
    for key in ("anyOf", "allOf", "oneOf"):
        if key in prop:
            parts = [p for p in prop[key] if p.get("type") != "null"]
            if parts and all(set(p) == {"$ref"} for p in parts):
                return [p["$ref"] for p in parts]
    return None


def _schema_documented(components: dict, name: str) -> bool:
    target = components[name]
    if "enum" in target:
        return True  # the values are the documentation; properties describe their meaning
    return bool(target.get("description")) or all(
        p.get("description") for p in target.get("properties", {}).values()
    )


def test_every_operation_has_summary_and_description(schema):
    missing = [
        f"{name}: {field}"
        for name, op in _operations(schema)
        for field in ("summary", "description")
        if not str(op.get(field) or "").strip()
    ]
    assert not missing, "\n".join(missing)


def test_every_parameter_has_description(schema):
    missing = [
        f"{name}: {param['in']} parameter {param['name']!r}"
        for name, op in _operations(schema)
        for param in op.get("parameters", [])
        if not (param.get("description") or param.get("schema", {}).get("description"))
    ]
    assert not missing, "\n".join(missing)


def test_every_schema_property_has_description(schema):
    components = schema["components"]["schemas"]
    missing = []
    for schema_name, component in components.items():
        for prop_name, prop in component.get("properties", {}).items():
            if prop.get("description"):
                continue
            refs = _refs_only(prop)
            if refs and all(
                ref.startswith(REF_PREFIX)
                and _schema_documented(components, ref.removeprefix(REF_PREFIX))
                for ref in refs
            ):
                continue
            missing.append(f"{schema_name}.{prop_name}")
    assert not missing, "undocumented properties:\n" + "\n".join(missing)


def test_request_bodies_reference_their_own_schema(schema):
    """Two request schemas with the same class name would overwrite each other in
    components/schemas (django-ninja keys them by class name): guard the known pair."""
    components = schema["components"]["schemas"]

    def body_props(path):
        ref = schema["paths"][path]["post"]["requestBody"]["content"]["application/json"]
        return set(components[ref["schema"]["$ref"].removeprefix(REF_PREFIX)]["properties"])

    assert {"body", "paragraph", "assignments"} <= body_props("/api/v1/decisions")
    assert {"outcome", "meeting_date"} <= body_props("/api/v1/reports/{report_id}/decision")


def test_format_sensitive_values_have_examples(schema):
    """Slugs, dates, periods and amounts show an example of their format somewhere visible."""
    components = schema["components"]["schemas"]
    assert components["ReportOut"]["properties"]["period"]["examples"] == ["2026-DR"]
    assert components["DecisionOut"]["properties"]["meeting_date"]["examples"]
    assert components["FrameIn"]["properties"]["amount"]["examples"]
    params = {p["name"]: p for p in schema["paths"]["/api/v1/assignments"]["get"]["parameters"]}
    assert params["municipality"].get("example") or params["municipality"].get("examples")
