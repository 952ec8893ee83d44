"""Swedish messages for input the request schemas refuse (HTTP 422), like the domain's own.

pydantic names each problem by a stable ``type`` with its limits in ``ctx``; the common ones are
said in Swedish here, anything else keeps pydantic's English text.
"""

from __future__ import annotations


def _plural(n, one: str, many: str) -> str:
    return one if n == 1 else many


def swedish_message(err: dict) -> str:
    kind = err.get("type", "")
    ctx = err.get("ctx") or {}
    if kind == "missing":
        return "Fältet saknas."
    if kind in ("date_parsing", "date_from_datetime_parsing", "date_type", "datetime_parsing"):
        return "Ange ett datum som ÅÅÅÅ-MM-DD."
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return "Ange ett heltal."
    if kind in ("decimal_parsing", "decimal_type", "float_parsing", "float_type"):
        return "Ange ett tal."
    if kind in ("bool_parsing", "bool_type"):
        return "Ange true eller false."
    if kind == "string_type":
        return "Ange text."
    if kind in ("list_type", "tuple_type"):
        return "Ange en lista."
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return "Ange ett JSON-objekt."
    if kind == "greater_than_equal":
        return f"Ska vara minst {ctx.get('ge')}."
    if kind == "greater_than":
        return f"Ska vara större än {ctx.get('gt')}."
    if kind == "less_than_equal":
        return f"Ska vara högst {ctx.get('le')}."
    if kind == "less_than":
        return f"Ska vara mindre än {ctx.get('lt')}."
    if kind == "string_too_short":
        n = ctx.get("min_length", 1)
        return "Får inte vara tomt." if n == 1 else f"Minst {n} tecken."
    if kind == "string_too_long":
        n = ctx.get("max_length")
        return f"Högst {n} tecken."
    if kind == "too_short":
        n = ctx.get("min_length", 1)
        return f"Minst {n} {_plural(n, 'post', 'poster')}."
    if kind == "too_long":
        n = ctx.get("max_length")
        return f"Högst {n} {_plural(n, 'post', 'poster')}."
    if kind in ("literal_error", "enum"):
        return f"Välj en av {ctx.get('expected', '')}.".replace(" .", ".")
    return err.get("msg", "Ogiltigt värde.")
