"""Expressions of the flow being written, built from ASL values.

An expression is its text (already valid), or a Python dict or list standing
for a map or list literal still being put together, so that `{Output: x}.Output`
can be read as `x`. Every string from the machine goes through `quote`, every
key through `key_text`: nothing in an ASL file becomes anything but data.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any, Union

from dflow.importer.names import is_plain_key
from dflow.language.text.unparse import string_literal

Expr = Union[str, dict[str, "Expr"], list["Expr"]]

NULL = "null"


def quote(text: str) -> str:
    """A string literal of the language, read back as exactly this text: nothing in it interpolates."""
    return string_literal(text)


def number(value: int | float) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = format(Decimal(repr(value)), "f")
    return text if "." in text else text + ".0"


def literal(value: Any) -> Expr:
    """A JSON value as an expression."""
    if value is None:
        return NULL
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return number(value)
    if isinstance(value, str):
        return quote(value)
    if isinstance(value, list):
        return [literal(item) for item in value]
    if isinstance(value, dict):
        return {str(key): literal(item) for key, item in value.items()}
    raise TypeError(f"not a JSON value: {value!r}")


def key_text(key: str) -> str:
    return key if is_plain_key(key) else quote(key)


def render(expr: Expr) -> str:
    if isinstance(expr, str):
        return expr
    if isinstance(expr, list):
        return "[" + ", ".join(render(item) for item in expr) + "]"
    if not expr:
        return "{}"
    return "{ " + ", ".join(f"{key_text(key)}: {render(value)}" for key, value in expr.items()) + " }"


class Text(str):
    """An expression known to be text already (`text(x)`, a string, text joined): `as_text` keeps it."""


def top_level_words(text: str) -> list[str]:
    """The words of an expression split at the spaces outside any brackets and strings."""
    words: list[str] = []
    current, depth, in_string, escaped = "", 0, False, False
    for char in text:
        if in_string:
            escaped, in_string = (False, True) if escaped else (char == "\\", char != '"')
        elif char == '"':
            in_string = True
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif char == " " and depth == 0:
            if current:
                words.append(current)
            current = ""
            continue
        current += char
    if current:
        words.append(current)
    return words


def is_atomic(text: str) -> bool:
    """True when the text needs no parentheses to be read, indexed or called on: no space at its top level."""
    return len(top_level_words(text)) <= 1 and not text.startswith("-")


def atom(expr: Expr) -> str:
    text = render(expr)
    return text if is_atomic(text) else f"({text})"


class Merged(str):
    """`merge(base, { key: value })`, remembering its parts: reading `key` gives `value`, any other key the base's."""

    base: Expr
    key: str
    value: Expr

    @classmethod
    def of(cls, base: Expr, key: str, value: Expr) -> Merged:
        merged = cls(call("merge", base, {key: value}))
        merged.base, merged.key, merged.value = base, key, value
        return merged


def get(expr: Expr, key: str | int) -> Expr:
    """`expr.key`, `expr["key"]` or `expr[0]`; a key of a literal being built is read directly."""
    if isinstance(expr, Merged) and isinstance(key, str):
        return expr.value if key == expr.key else get(expr.base, key)
    if isinstance(expr, dict) and isinstance(key, str) and key in expr:
        return expr[key]
    if isinstance(expr, list) and isinstance(key, int) and 0 <= key < len(expr):
        return expr[key]
    base = atom(expr)
    if isinstance(key, int):
        return f"{base}[{key}]"
    return f"{base}.{key}" if is_plain_key(key) else f"{base}[{quote(key)}]"


def get_path(expr: Expr, keys: list[str | int]) -> Expr:
    for key in keys:
        expr = get(expr, key)
    return expr


def call(function: str, *arguments: Expr) -> str:
    return f"{function}(" + ", ".join(render(argument) for argument in arguments) + ")"


def binary(left: Expr, operator: str, right: Expr) -> str:
    return f"{atom(left)} {operator} {atom(right)}"


def _wrapped_if(condition: Expr, words: set[str]) -> str:
    """The condition, in parentheses when one of these words joins it at its top level."""
    text = render(condition)
    return f"({text})" if words & set(top_level_words(text)) else text


def both(conditions: list[Expr]) -> str:
    # `not` binds tighter than `and`, `and` tighter than `or`: only `or` and `if` need parentheses.
    return " and ".join(_wrapped_if(c, {"or", "if"}) for c in conditions) if conditions else "true"


def either(conditions: list[Expr]) -> str:
    return " or ".join(_wrapped_if(c, {"if"}) for c in conditions) if conditions else "false"


def negate(condition: Expr) -> str:
    return f"not {_wrapped_if(condition, {'and', 'or', 'if'})}"


def as_text(expr: Expr) -> str:
    """A value as text, as JSONata's `&` and `States.Format` write it."""
    text = render(expr)
    if isinstance(expr, Text) or (text.startswith('"') and is_atomic(text)):
        return text
    return call("text", expr)


def concat(parts: list[Expr]) -> Expr:
    """Text joined: literal neighbours become one literal."""
    merged: list[str] = []
    for part in parts:
        text = as_text(part)
        if merged and merged[-1].startswith('"') and is_atomic(merged[-1]) and text.startswith('"') and is_atomic(text):
            merged[-1] = merged[-1][:-1] + text[1:]
        else:
            merged.append(text)
    if not merged:
        return Text(quote(""))
    return Text(" + ".join(merged))


def set_at(target: Expr, keys: list[str | int], value: Expr) -> Expr:
    """`target` with `value` at `keys` (ASL's `ResultPath`): missing maps on the way are made."""
    if not keys:
        return value
    key = keys[0]
    if isinstance(key, int):
        raise ValueError("a ResultPath cannot go through a list position")
    inner = value if len(keys) == 1 else set_at(call("default", get(target, key), {}), keys[1:], value)
    if isinstance(target, dict):
        return {**target, key: inner}
    return Merged.of(target, key, inner)


def json_text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)
