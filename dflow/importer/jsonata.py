"""JSONata mode: the subset of JSONata the public machines use, as expressions.

`{% $states.input.a & '-x' %}` reads like `text(state.a) + "-x"`. Paths over
`$states.input`, `$states.result` and `$states.context`, variables from
`Assign`, literals, `& = != < <= > >= + - * / % and or`, and the functions
listed in `FUNCTIONS`; anything else raises `Unsupported`.
"""

from __future__ import annotations

import re
from typing import Any

from dflow.importer import exprs as e
from dflow.importer.env import Env, Unsupported
from dflow.importer.exprs import Expr
from dflow.importer.jsonpath import TOKEN, read_context

_TOKEN = re.compile(
    r"\s*(?:(?P<number>\d+(?:\.\d+)?)|(?P<string>'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")"
    r"|(?P<variable>\$[A-Za-z_]\w*|\$(?=\())|(?P<name>[A-Za-z_]\w*)|(?P<op><=|>=|!=|[&=<>+\-*/%.,()\[\]{}:]))"
)

# `$name(…)` → the function library; each takes the same arguments in the same order.
FUNCTIONS = {
    "count": "len", "length": "len", "uppercase": "upper", "lowercase": "lower", "join": "join",
    "split": "split", "keys": "keys", "sum": "sum", "max": "max", "min": "min", "round": "round",
    "floor": "floor", "ceil": "ceil", "abs": "abs", "distinct": "unique", "reverse": "reverse",
    "sort": "sort", "base64encode": "base64_encode", "base64decode": "base64_decode", "trim": "trim",
}
BINARY = {"=": "==", "!=": "!=", "<": "<", "<=": "<=", ">": ">", ">=": ">=", "in": "in",
          "+": "+", "-": "-", "*": "*", "/": "/", "%": "%"}
LEVELS = [("or",), ("and",), ("=", "!=", "<", "<=", ">", ">=", "in"), ("&",), ("+", "-"), ("*", "/", "%")]


def is_jsonata(value: Any) -> bool:
    return isinstance(value, str) and value.strip().startswith("{%") and value.strip().endswith("%}")


def read_value(raw: Any, env: Env, keys: tuple[str | int, ...] = ()) -> Expr:
    """An `Arguments` / `Output` / `Assign` value: `{% … %}` strings are JSONata, the rest literal."""
    if isinstance(raw, dict):
        built: dict[str, Expr] = {}
        for key, item in raw.items():
            read = read_value(item, env, (*keys, key))
            if read == TOKEN:
                env.token_keys.append([*keys, key])
                continue
            built[key] = read
        return built
    if isinstance(raw, list):
        return [read_value(item, env, (*keys, index)) for index, item in enumerate(raw)]
    if is_jsonata(raw):
        text = raw.strip()[2:-2]
        try:
            return Reader(text, env).parse()
        except Unsupported as problem:
            env.todo("unsupported", raw, f"the value is null ({problem})")
            return e.NULL
    if isinstance(raw, str):
        return env.substitute(raw)
    return e.literal(raw)


class Reader:
    def __init__(self, text: str, env: Env) -> None:
        self.env = env
        self.tokens: list[tuple[str, str]] = []
        position = 0
        while text[position:].strip():
            match = _TOKEN.match(text, position)
            if match is None:
                raise Unsupported(f"cannot read {text[position:].strip()[:30]}")
            kind = match.lastgroup
            assert kind is not None
            self.tokens.append((kind, match.group(kind)))
            position = match.end()
        self.at = 0

    def parse(self) -> Expr:
        result = self.level(0)
        if self.at != len(self.tokens):
            raise Unsupported(f"unexpected {self.tokens[self.at][1]}")
        return result

    def peek(self) -> str:
        return self.tokens[self.at][1] if self.at < len(self.tokens) else ""

    def take(self, expected: str | None = None) -> str:
        if self.at >= len(self.tokens) or (expected is not None and self.peek() != expected):
            raise Unsupported(f"expected {expected or 'more'}")
        self.at += 1
        return self.tokens[self.at - 1][1]

    def level(self, index: int) -> Expr:
        if index == len(LEVELS):
            return self.unary()
        left = self.level(index + 1)
        while self.peek() in LEVELS[index] and self.tokens[self.at][0] in ("op", "name"):
            operator = self.take()
            right = self.level(index + 1)
            if operator == "&":
                left = e.concat([left, right])
            elif operator == "and":
                left = e.both([left, right])
            elif operator == "or":
                left = e.either([left, right])
            else:
                left = e.binary(left, BINARY[operator], right)
        return left

    def unary(self) -> Expr:
        if self.peek() == "-":
            self.take()
            return f"-{e.atom(self.unary())}"
        return self.postfix(self.primary())

    def postfix(self, base: Expr) -> Expr:
        while self.peek() in (".", "["):
            if self.take() == ".":
                base = e.get(base, self.take())
            else:
                kind, index = self.tokens[self.at] if self.at < len(self.tokens) else ("", "")
                if kind != "number" or "." in index:
                    raise Unsupported("a filter in [ ] is not a position")
                self.take()
                self.take("]")
                base = e.get(base, int(index))
        return base

    def primary(self) -> Expr:
        kind, text = self.tokens[self.at] if self.at < len(self.tokens) else ("", "")
        if kind == "number":
            self.take()
            return text
        if kind == "string":
            self.take()
            body = re.sub(r"\\(.)", r"\1", text[1:-1])
            return e.quote(body)
        if kind == "name" and text in ("true", "false", "null"):
            self.take()
            return text
        if kind == "variable":
            self.take()
            return self.variable(text[1:])
        if text == "(":
            self.take()
            inner = self.level(0)
            self.take(")")
            return inner
        if text == "[":
            self.take()
            items: list[Expr] = []
            while self.peek() != "]":
                items.append(self.level(0))
                if self.peek() == ",":
                    self.take()
            self.take("]")
            return items
        if text == "{":
            self.take()
            entries: dict[str, Expr] = {}
            while self.peek() != "}":
                key = self.take()
                if not (key.startswith("'") or key.startswith('"')):
                    raise Unsupported("a map key is a string")
                self.take(":")
                entries[key[1:-1]] = self.level(0)
                if self.peek() == ",":
                    self.take()
            self.take("}")
            return entries
        raise Unsupported(f"cannot read {text or 'the end'}")

    def variable(self, name: str) -> Expr:
        if self.peek() == "(":
            return self.function(name)
        if name == "states":
            return self.states()
        if name in self.env.variables:
            return self.env.variables[name]
        raise Unsupported(f"${name} is not assigned before this state")

    def states(self) -> Expr:
        self.take(".")
        part = self.take()
        if part == "input":
            return self.env.input
        if part in ("result", "errorOutput") and self.env.result is not None:
            return self.env.result
        if part == "context":
            keys: list[str | int] = []
            while self.peek() == "." and self.at + 1 < len(self.tokens) and self.tokens[self.at + 1][0] == "name":
                self.take()
                keys.append(self.take())
            return read_context(keys, self.env, "$states.context." + ".".join(str(k) for k in keys))
        raise Unsupported(f"$states.{part}")

    def function(self, name: str) -> Expr:
        self.take("(")
        arguments: list[Expr] = []
        while self.peek() != ")":
            arguments.append(self.level(0))
            if self.peek() == ",":
                self.take()
        self.take(")")
        if name in FUNCTIONS:
            return e.call(FUNCTIONS[name], *arguments)
        if name == "string" and len(arguments) == 1:
            return e.Text(e.call("text", arguments[0]))
        if name == "number" and len(arguments) == 1:
            return e.call("number", e.call("text", arguments[0]))
        if name == "exists" and len(arguments) == 1:
            return e.binary(e.call("default", arguments[0], e.NULL), "!=", e.NULL)
        if name == "merge" and len(arguments) == 1 and isinstance(arguments[0], list):
            return e.call("merge", *arguments[0])
        if name == "parse" and len(arguments) == 1:
            return e.call("from_json", arguments[0])
        if name == "contains" and len(arguments) == 2:
            return e.binary(arguments[1], "in", arguments[0])
        if name == "uuid" and not arguments:
            return self.env.built_in("uuid", "new_id()")
        if name == "now" and not arguments:
            return self.env.built_in("now", "now()")
        if name == "millis" and not arguments:
            now = self.env.built_in("now", "now()")
            self.env.todo("millis", "$millis()", "the milliseconds are counted from the step's whole second")
            return e.binary(e.call("seconds_between", e.quote("1970-01-01T00:00:00Z"), now), "*", "1000")
        raise Unsupported(f"${name} with {len(arguments)} arguments")
