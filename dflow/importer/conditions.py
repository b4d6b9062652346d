"""A Choice rule as a condition: JSONPath's comparison operators, or JSONata's `Condition`."""

from __future__ import annotations

from typing import Any

from dflow.importer import exprs as e
from dflow.importer import jsonata, jsonpath
from dflow.importer.env import Env, Unsupported
from dflow.importer.exprs import Expr

COMPARISONS = {"Equals": "==", "LessThan": "<", "GreaterThan": ">", "LessThanEquals": "<=", "GreaterThanEquals": ">="}
TYPES = {"IsNumeric": "number", "IsString": "string", "IsBoolean": "boolean"}


def condition(rule: dict[str, Any], env: Env, jsonata_mode: bool) -> str:
    env.field_name = "Condition" if jsonata_mode else "Choices"
    try:
        if jsonata_mode:
            return e.render(jsonata.read_value(rule.get("Condition", "{% false %}"), env))
        return _rule(rule, env)
    except Unsupported as problem:
        env.todo("unsupported", rule, f"the condition is false ({problem})")
        return "false"


def _rule(rule: dict[str, Any], env: Env) -> str:
    if "And" in rule:
        return e.both([_rule(r, env) for r in rule["And"]])
    if "Or" in rule:
        return e.either([_rule(r, env) for r in rule["Or"]])
    if "Not" in rule:
        return e.negate(_rule(rule["Not"], env))
    variable = rule.get("Variable")
    if not isinstance(variable, str):
        raise Unsupported("a rule without Variable")
    value = jsonpath.read_path(variable, env)
    for key, expected in rule.items():
        if key in ("Variable", "Next", "Comment"):
            continue
        return _compare(key, expected, value, variable, env)
    raise Unsupported("a rule without a comparison")


def _compare(key: str, expected: Any, value: Expr, variable: str, env: Env) -> str:
    by_path = key.endswith("Path")
    operator_name = key.removesuffix("Path")
    other: Expr = jsonpath.read_path(expected, env) if by_path else e.literal(expected)
    if operator_name == "IsPresent":
        present = _present(variable, env)
        return present if expected else e.negate(present)
    if operator_name == "IsNull":
        test = e.binary(value, "==", e.NULL)
        return test if expected else e.negate(test)
    if operator_name in TYPES:
        test = e.binary(e.call("type_of", value), "==", e.quote(TYPES[operator_name]))
        return test if expected else e.negate(test)
    if operator_name == "StringMatches":
        if isinstance(expected, str) and ("?" in expected or "\\" in expected):
            raise Unsupported("a pattern with ? or \\ reads differently in matches()")
        return e.call("matches", value, other)
    for prefix in ("String", "Numeric", "Boolean"):
        if operator_name.startswith(prefix) and operator_name[len(prefix):] in COMPARISONS:
            return e.binary(value, COMPARISONS[operator_name[len(prefix):]], other)
    if operator_name.startswith("Timestamp") and operator_name[9:] in COMPARISONS:
        # Moments compare by time, whatever their zone: seconds from the value to the other.
        return e.binary(e.call("seconds_between", other, value), COMPARISONS[operator_name[9:]], "0")
    raise Unsupported(f"the comparison {key}")


def _present(variable: str, env: Env) -> str:
    """ASL's `IsPresent`: each step of the path is there, a key of a map or a position in a list."""
    root, keys = jsonpath.parse_path(variable)
    if root != "$" or not keys:
        return "true"
    parent = e.get_path(env.input, keys[:-1])
    last = keys[-1]
    read_parent = e.call("type_of", e.call("default", parent, e.NULL)) if keys[:-1] else e.call("type_of", parent)
    if isinstance(last, int):
        return e.both([e.binary(read_parent, "==", e.quote("list")), e.binary(e.call("len", parent), ">", str(last))])
    return e.both([e.binary(read_parent, "==", e.quote("map")), e.binary(e.quote(last), "in", parent)])
