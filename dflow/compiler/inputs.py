"""The generated check of an execution's input: plain Python conditions per field type."""

from __future__ import annotations

from dflow.compiler.pyexpr import python_literal
from dflow.language import model as m

SIMPLE_CHECKS = {
    "string": "isinstance({v}, str)",
    "integer": "isinstance({v}, int) and not isinstance({v}, bool)",
    "number": "isinstance({v}, (int, float)) and not isinstance({v}, bool)",
    "boolean": "isinstance({v}, bool)",
    "map": "isinstance({v}, dict)",
    "any": "True",
    "timestamp": "isinstance({v}, str) and is_timestamp({v})",
}
SIMPLE_WORDS = {
    "string": "a string",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "map": "an object",
    "any": "any value",
    "timestamp": "an ISO-8601 date and time with a time zone",
}


def type_check(type_: m.InputType, variable: str, depth: int = 0) -> str:
    """A Python condition that is true when `variable` holds a value of this type."""
    if type_.name in SIMPLE_CHECKS:
        return SIMPLE_CHECKS[type_.name].format(v=variable)
    if type_.name == "list":
        assert type_.item is not None
        item = "item" if depth == 0 else f"item{depth + 1}"
        inner = type_check(type_.item, item, depth + 1)
        if inner == "True":
            return f"isinstance({variable}, list)"
        return f"isinstance({variable}, list) and all({inner} for {item} in {variable})"
    return _choice_check(type_.choices, variable)


def _choice_check(choices: list[m.JsonScalar], variable: str) -> str:
    # `1 == True` in Python, so numbers and booleans are matched with their type.
    checks: list[str] = []
    strings = [c for c in choices if isinstance(c, str)]
    numbers = [c for c in choices if isinstance(c, (int, float)) and not isinstance(c, bool)]
    if strings:
        checks.append(f"{variable} in ({', '.join(python_literal(s) for s in strings)},)")
    if numbers:
        listed = ", ".join(python_literal(n) for n in numbers)
        checks.append(f"(not isinstance({variable}, bool) and {variable} in ({listed},))")
    checks.extend(f"{variable} is {python_literal(c)}" for c in choices if isinstance(c, bool) or c is None)
    return " or ".join(checks) if checks else "False"


def expected_words(type_: m.InputType) -> str:
    """How an error message names the type: `a list of string`, `one of "web", "kiosk"`."""
    if type_.name in SIMPLE_WORDS:
        return SIMPLE_WORDS[type_.name]
    if type_.name == "list":
        assert type_.item is not None
        return f"a list of {_plural(type_.item)}"
    shown = ", ".join("null" if c is None else _json_text(c) for c in type_.choices)
    return f"one of {shown}"


def _plural(type_: m.InputType) -> str:
    words = expected_words(type_)
    for article in ("a ", "an "):
        if words.startswith(article) and type_.name != "list":
            return words[len(article):] + "s"
    return words


def _json_text(value: m.JsonScalar) -> str:
    import json

    return json.dumps(value)
