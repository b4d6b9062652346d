"""Print model pieces back as `.flow` text: expressions, calls, durations, types.

Used wherever a person reads a flow's words outside the flow: diagram labels,
docs pages, and the YAML form's strings.
"""

from __future__ import annotations

import json

from dflow.compiler import model as m

PRECEDENCE = {
    "or": 1, "and": 2, "not": 3,
    **dict.fromkeys(["==", "!=", "<", "<=", ">", ">=", "in", "not in"], 4),
    **dict.fromkeys(["+", "-"], 5),
    **dict.fromkeys(["*", "/", "%"], 6),
}
NEGATE, POSTFIX = 7, 8


def expression(expr: m.Expr) -> str:
    """The expression as a flow would write it."""
    text, _ = _emit(expr)
    return text


def call(call_: m.Call) -> str:
    """`alias.fn(arg: value, …)`."""
    prefix = f"{call_.alias}." if call_.alias else ""
    arguments = ", ".join(f"{a.name}: {expression(a.value)}" for a in call_.arguments)
    return f"{prefix}{call_.function}({arguments})"


def duration(duration_: m.Duration) -> str:
    return f"{duration_.amount:g} {duration_.unit}"


def input_type(type_: m.InputType) -> str:
    if type_.name == "list":
        assert type_.item is not None
        text = f"list of {input_type(type_.item.model_copy(update={'optional': False}))}"
    elif type_.name == "choice":
        text = " | ".join(_literal(choice) for choice in type_.choices)
    else:
        text = type_.name
    return text + ("?" if type_.optional else "")


def _literal(value: m.JsonScalar) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return _string([value])
    return f"{value:g}" if isinstance(value, float) else str(value)


def _string(parts: list[str | m.Expr]) -> str:
    out = ['"']
    for part in parts:
        if isinstance(part, str):
            escaped = json.dumps(part)[1:-1].replace("{", "{{").replace("}", "}}")
            out.append(escaped)
        else:
            out.append("{" + expression(part).replace('"', '\\"') + "}")
    out.append('"')
    return "".join(out)


def _emit(expr: m.Expr) -> tuple[str, int]:
    if isinstance(expr, m.LiteralValue):
        negative = isinstance(expr.value, (int, float)) and not isinstance(expr.value, bool) and expr.value < 0
        return _literal(expr.value), NEGATE if negative else POSTFIX
    if isinstance(expr, m.Template):
        return _string(expr.parts), POSTFIX
    if isinstance(expr, m.Reference):
        return expr.name, POSTFIX
    if isinstance(expr, m.Attribute):
        return f"{_wrapped(expr.target, POSTFIX)}.{expr.name}", POSTFIX
    if isinstance(expr, m.Index):
        return f"{_wrapped(expr.target, POSTFIX)}[{expression(expr.index)}]", POSTFIX
    if isinstance(expr, m.ListExpr):
        return "[" + ", ".join(expression(item) for item in expr.items) + "]", POSTFIX
    if isinstance(expr, m.MapExpr):
        if not expr.entries:
            return "{}", POSTFIX
        entries = ", ".join(f"{_key(e.key)}: {expression(e.value)}" for e in expr.entries)
        return "{ " + entries + " }", POSTFIX
    if isinstance(expr, m.Unary):
        if expr.op == "not":
            return f"not {_wrapped(expr.operand, 3)}", 3
        return f"-{_wrapped(expr.operand, NEGATE)}", NEGATE
    if isinstance(expr, m.Binary):
        precedence = PRECEDENCE[expr.op]
        left_at_least = precedence + 1 if precedence == 4 else precedence
        left = _wrapped(expr.left, left_at_least)
        return f"{left} {expr.op} {_wrapped(expr.right, precedence + 1)}", precedence
    assert isinstance(expr, m.FunctionCall)
    return f"{expr.function}({', '.join(expression(arg) for arg in expr.args)})", POSTFIX


def _wrapped(expr: m.Expr, at_least: int) -> str:
    text, precedence = _emit(expr)
    return f"({text})" if precedence < at_least else text


def _key(key: str) -> str:
    from dflow.compiler.check_context import KEYWORDS
    from dflow.compiler.names import IDENTIFIER

    return key if IDENTIFIER.match(key) and key not in KEYWORDS else _string([key])
