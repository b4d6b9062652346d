"""JSONPath mode: paths, intrinsic functions and payload templates as expressions.

`$.a.b[0]` reads the state's input, `$$.Execution.Id` the execution,
`States.Format('{} items', $.n)` is the function library. A path the flow
cannot say (filters, wildcards) raises `Unsupported`.
"""

from __future__ import annotations

import re
from typing import Any

from dflow.importer import exprs as e
from dflow.importer.env import Env, Unsupported
from dflow.importer.exprs import Expr

TOKEN = "$$.Task.Token"
_SEGMENT = re.compile(r"\.([A-Za-z_$@][\w$@-]*)|\[(\d+)\]|\['((?:[^'\\]|\\.)*)'\]|\[\"((?:[^\"\\]|\\.)*)\"\]")


def parse_path(path: str) -> tuple[str, list[str | int]]:
    """`$.a[0].b` → (`$`, [a, 0, b]); `$$.Execution.Id` → (`$$`, [Execution, Id])."""
    root = "$$" if path.startswith("$$") else "$"
    if not path.startswith("$"):
        raise Unsupported(f"not a path: {path}")
    rest, keys = path[len(root):], list[str | int]()
    position = 0
    while position < len(rest):
        match = _SEGMENT.match(rest, position)
        if match is None:
            raise Unsupported(f"the path {path} uses JSONPath the flow cannot say")
        name, index, single, double = match.groups()
        if index is not None:
            keys.append(int(index))
        else:
            keys.append(str(name if name is not None else (single if single is not None else double)))
        position = match.end()
    return root, keys


def read_path(path: str, env: Env) -> Expr:
    root, keys = parse_path(path)
    if root == "$":
        return e.get_path(env.input, keys)
    return read_context(keys, env, path)


def read_context(keys: list[str | int], env: Env, shown: str) -> Expr:
    """`$$.…` (or JSONata's `$states.context.…`): the execution, the state, the item, the token."""
    head = ".".join(str(k) for k in keys[:2])
    if head == "Execution.Input":
        return e.get_path("input", keys[2:])
    if head == "Execution.Id" and len(keys) == 2:
        return "execution.id"
    if head == "Execution.StartTime" and len(keys) == 2:
        return "execution.started_at"
    if head == "State.Name" and len(keys) == 2:
        return e.quote(env.state)
    if head == "State.EnteredTime" and len(keys) == 2:
        return env.built_in("entered", "now()")
    if keys[:3] == ["Map", "Item", "Value"] and env.item:
        return e.get_path(env.item, keys[3:])
    if keys[:3] == ["Map", "Item", "Index"] and env.position and len(keys) == 3:
        return env.position
    if head == "Task.Token" and len(keys) == 2:
        if env.callback:
            return TOKEN
        return env.unknown_context(shown)
    return env.unknown_context(shown)


def template(value: Any, env: Env, keys: tuple[str | int, ...] = ()) -> Expr:
    """A `Parameters` / `ResultSelector` / `ItemSelector` template: `key.$` entries are paths or intrinsics."""
    if isinstance(value, dict):
        built: dict[str, Expr] = {}
        for key, item in value.items():
            if key.endswith(".$") and isinstance(item, str):
                read = dynamic(item, env)
                if read == TOKEN:
                    env.token_keys.append([*keys, key[:-2]])
                    continue
                built[key[:-2]] = read
            else:
                built[key] = template(item, env, (*keys, key))
        return built
    if isinstance(value, list):
        return [template(item, env, (*keys, index)) for index, item in enumerate(value)]
    if isinstance(value, str):
        return env.substitute(value)
    return e.literal(value)


def dynamic(text: str, env: Env) -> Expr:
    """The value of a `key.$` entry: a path, or an intrinsic function."""
    try:
        if text.startswith("$"):
            return read_path(text, env)
        return Intrinsics(text, env).parse()
    except Unsupported as problem:
        env.todo("unsupported", text, f"the value is null ({problem})")
        return e.NULL


class Intrinsics:
    """`States.Format(...)` and its kin, read by recursive descent."""

    def __init__(self, text: str, env: Env) -> None:
        self.text, self.env, self.at = text, env, 0

    def parse(self) -> Expr:
        value = self.value()
        self.space()
        if self.at != len(self.text):
            raise Unsupported(f"unexpected text after position {self.at} in {self.text}")
        return value

    def space(self) -> None:
        while self.at < len(self.text) and self.text[self.at] == " ":
            self.at += 1

    def value(self) -> Expr:
        self.space()
        rest = self.text[self.at:]
        if rest.startswith("'"):
            return e.quote(self.string())
        if rest.startswith("$"):
            match = re.match(r"\$\$?(?:\.[A-Za-z_][\w-]*|\[\d+\])*", rest)
            assert match is not None
            self.at += match.end()
            return read_path(match.group(), self.env)
        match = re.match(r"-?\d+(?:\.\d+)?", rest)
        if match:
            self.at += match.end()
            return match.group()
        for word in ("true", "false", "null"):
            if rest.startswith(word):
                self.at += len(word)
                return word
        match = re.match(r"States\.(\w+)\(", rest)
        if not match:
            raise Unsupported(f"cannot read {rest[:30]}")
        self.at += match.end()
        arguments: list[Expr] = []
        self.space()
        while self.text[self.at:self.at + 1] != ")":
            arguments.append(self.value())
            self.space()
            if self.text[self.at:self.at + 1] == ",":
                self.at += 1
            elif self.text[self.at:self.at + 1] != ")":
                raise Unsupported(f"expected , or ) in {self.text}")
        self.at += 1
        return intrinsic(match.group(1), arguments, self.env)

    def string(self) -> str:
        self.at += 1
        out = []
        while self.at < len(self.text) and self.text[self.at] != "'":
            if self.text[self.at] == "\\" and self.at + 1 < len(self.text):
                self.at += 1
            out.append(self.text[self.at])
            self.at += 1
        self.at += 1
        return "".join(out)


def intrinsic(name: str, arguments: list[Expr], env: Env) -> Expr:
    """One intrinsic as the function library says it."""
    one = {
        "StringToJson": "from_json", "JsonToString": "to_json", "ArrayLength": "len", "ArrayUnique": "unique",
        "Base64Encode": "base64_encode", "Base64Decode": "base64_decode",
    }
    if name in one and len(arguments) == 1:
        return e.call(one[name], arguments[0])
    if name == "Format" and arguments:
        return _format(arguments[0], arguments[1:])
    if name == "Array":
        return list(arguments)
    if name == "JsonMerge" and len(arguments) >= 2:
        return e.call("merge", arguments[0], arguments[1])
    if name == "MathAdd" and len(arguments) == 2:
        return e.binary(arguments[0], "+", arguments[1])
    if name == "StringSplit" and len(arguments) == 2:
        return e.call("split", arguments[0], arguments[1])
    if name == "ArrayContains" and len(arguments) == 2:
        return e.binary(arguments[1], "in", arguments[0])
    if name == "ArrayPartition" and len(arguments) == 2:
        return e.call("chunks", arguments[0], arguments[1])
    if name == "ArrayGetItem" and len(arguments) == 2:
        return f"{e.atom(arguments[0])}[{e.render(arguments[1])}]"
    if name == "ArrayRange" and len(arguments) == 3 and arguments[2] == "1":
        return e.call("range", arguments[0], e.binary(arguments[1], "+", "1"))
    if name == "Hash" and len(arguments) == 2 and arguments[1] == e.quote("SHA-256"):
        return e.call("hash", arguments[0])
    if name == "UUID" and not arguments:
        return env.built_in("uuid", "new_id()")
    if name == "MathRandom" and len(arguments) == 2:
        return env.built_in("random", f"random({e.render(arguments[0])}, {e.render(arguments[1])})")
    raise Unsupported(f"States.{name} with {len(arguments)} arguments")


def _format(pattern: Expr, values: list[Expr]) -> Expr:
    """`States.Format('Hello {}', $.name)`: the pattern's `{}` filled in order."""
    if not (isinstance(pattern, str) and pattern.startswith('"')):
        raise Unsupported("States.Format needs a literal pattern")
    text = pattern[1:-1].replace("{{", "{").replace("}}", "}")
    pieces = text.split("{}")
    if len(pieces) != len(values) + 1:
        raise Unsupported("States.Format has as many {} as values")
    parts: list[Expr] = []
    for index, piece in enumerate(pieces):
        if piece:
            parts.append('"' + piece.replace("{", "{{").replace("}", "}}") + '"')
        if index < len(values):
            parts.append(values[index])
    return e.concat(parts)
