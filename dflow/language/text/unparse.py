"""Print model pieces back as `.flow` text: expressions, calls, durations, types.

Used wherever a person reads a flow's words outside the flow: diagram labels,
docs pages, and the YAML form's strings.
"""

from __future__ import annotations

from dflow.language import model as m
from dflow.language.grammar.strings import ESCAPES

# Each character a string literal writes as an escape: the reverse of the grammar's escapes.
ESCAPED = {value: "\\" + code for code, value in ESCAPES.items()}

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
    values = [expression(value) for value in call_.positional]
    arguments = ", ".join(values + [f"{a.name}: {expression(a.value)}" for a in call_.arguments])
    return f"{prefix}{call_.function}({arguments})"


def duration(duration_: m.Duration) -> str:
    """A duration with its unit spelled out, as `dflow fmt` writes it."""
    from dflow.language.durations import canonical

    return canonical(duration_)


def wait_amount(amount: m.Expr) -> str:
    """A computed wait's amount: a path as it is (`input.delay`), anything else in parentheses."""
    path = amount
    while isinstance(path, (m.Attribute, m.Index)):
        path = path.target
    plain = isinstance(path, m.Reference) and path is not amount
    return expression(amount) if plain else f"({expression(amount)})"


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
    """A `.flow` string: only the escapes the language has (\\", \\\\, \\n)."""
    return '"' + template_text(parts, escape=True) + '"'


def template_text(parts: list[str | m.Expr], escape: bool = False) -> str:
    """The inside of a string: text with `{expression}` parts and `{{`/`}}` for braces."""
    out = []
    for part in parts:
        if isinstance(part, str):
            text = part.replace("{", "{{").replace("}", "}}")
            if escape:
                text = "".join(ESCAPED.get(char, char) for char in text)
            out.append(text)
        else:
            inner = expression(part)
            if inner.startswith("{") or inner.endswith("}"):
                # A map right inside the braces would read as `{{` or `}}`, a literal brace.
                inner = f" {inner} "
            out.append("{" + (inner.replace("\\", "\\\\").replace('"', '\\"') if escape else inner) + "}")
    return "".join(out)


def string_literal(text: str) -> str:
    """`"…"`: any text as a string the grammar reads back as that text, braces doubled so nothing interpolates."""
    return '"' + template_text([text], escape=True) + '"'


def text_of(expr: m.Expr) -> str | None:
    """The template text of a string or template expression; None for anything else."""
    if isinstance(expr, m.LiteralValue) and isinstance(expr.value, str):
        return template_text([expr.value])
    if isinstance(expr, m.Template):
        return template_text(expr.parts)
    return None


def retry(policy: m.RetryPolicy) -> str:
    """`3 times every 2 seconds backoff 2 …`: a retry policy without the word `retry`."""
    words = [f"{policy.retries} time{'s' if policy.retries != 1 else ''}"]
    if policy.every is not None:
        words.append(f"every {duration(policy.every)}")
    if policy.backoff is not None:
        words.append(f"backoff {policy.backoff:g}")
    if policy.max_delay is not None:
        words.append(f"max delay {duration(policy.max_delay)}")
    if policy.jitter is not None:
        words.append(f"jitter {policy.jitter}")
    if policy.on:
        words.append("on " + ", ".join(policy.on))
    return " ".join(words)


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
    if isinstance(expr, m.Conditional):
        condition, then = _wrapped(expr.condition, 1), expression(expr.then)
        return f"if {condition} then {then} else {expression(expr.otherwise)}", 0
    if isinstance(expr, m.Comprehension):
        text = f"{expression(expr.element)} for {expr.variable.text} in {_wrapped(expr.items, 1)}"
        if expr.condition is not None:
            text += f" if {_wrapped(expr.condition, 1)}"
        return f"[{text}]", POSTFIX
    if isinstance(expr, m.DurationValue):
        return duration(expr.duration), POSTFIX
    assert isinstance(expr, m.FunctionCall)
    return f"{expr.function}({', '.join(expression(arg) for arg in expr.args)})", POSTFIX


def _wrapped(expr: m.Expr, at_least: int) -> str:
    text, precedence = _emit(expr)
    return f"({text})" if precedence < at_least else text


def _key(key: str) -> str:
    from dflow.language.grammar.keywords import IDENTIFIER, KEYWORDS

    return key if IDENTIFIER.match(key) and key not in KEYWORDS else _string([key])
