"""The input rules of core.validation for every API operation, in one place.

`input_rules` wraps each operation's view (api.add_decorator, mode "operation": after the token
and the schema are checked, so a bad token is still 401 and a malformed value still pydantic's
422). It walks the validated parameters — body, query and path, nested lists and objects — and
refuses, as 422 `invalid` naming the field:

* text holding a control character (U+0001–U+001F except tab, LF, CR), and
* a date outside 1900-01-01 – 2100-12-31.
"""

from __future__ import annotations

import functools
from datetime import date, datetime

from pydantic import BaseModel

from tillit.core.errors import ValidationFailed
from tillit.core.validation import date_problem, text_problem


def _walk(value, path: str):
    """(path, message) of the first value breaking a rule, else None."""
    if isinstance(value, BaseModel):
        value = value.model_dump(by_alias=True)
    if isinstance(value, str):
        message = text_problem(value)
        return (path, message) if message else None
    if isinstance(value, datetime):
        message = date_problem(value.date())
        return (path, message) if message else None
    if isinstance(value, date):
        message = date_problem(value)
        return (path, message) if message else None
    if isinstance(value, dict):
        for key, item in value.items():
            found = _walk(item, f"{path}.{key}" if path else str(key))
            if found:
                return found
    elif isinstance(value, list | tuple | set | frozenset):
        for i, item in enumerate(value):
            found = _walk(item, f"{path}[{i}]")
            if found:
                return found
    return None


def input_problem(values: dict) -> tuple[str, str] | None:
    """The first broken rule among an operation's validated parameters. A model parameter's
    fields are named without the parameter (`title`, `assignments[0].what`), as in the
    validation errors; a plain parameter by its own name."""
    for name, value in values.items():
        found = _walk(value, "" if isinstance(value, BaseModel) else name)
        if found:
            return found
    return None


def input_rules(view_func):
    @functools.wraps(view_func)
    def checked(request, *args, **values):
        found = input_problem(values)
        if found:
            path, message = found
            raise ValidationFailed({path or "body": message})
        return view_func(request, *args, **values)

    return checked
