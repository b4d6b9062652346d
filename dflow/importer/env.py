"""What an ASL expression can see while one state is translated, and what translating it found."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dflow.importer.exprs import NULL, Expr, quote
from dflow.importer.todos import Todo


class Unsupported(Exception):
    """A part of the machine the flow cannot say: it becomes an `unsupported` TODO."""


@dataclass
class Findings:
    """What the whole import found: TODOs, substitutions written as text, built-in steps needed."""

    todos: list[Todo] = field(default_factory=list)
    placeholders: list[str] = field(default_factory=list)  # `${X}` written as the text "X"

    def placeholder(self, name: str) -> None:
        if name not in self.placeholders:
            self.placeholders.append(name)


@dataclass
class Env:
    """One state's view: `$` is `input`, `$states.result` is `result`, `$$` the execution's context."""

    state: str  # the ASL state's name
    step: str  # the flow name of the state's operation, for built-in steps (`N_now`)
    input: Expr
    findings: Findings
    substitutions: dict[str, str]
    variables: dict[str, str]
    result: Expr | None = None
    item: str | None = None
    position: str | None = None
    callback: bool = False  # a `wait for`: the task token is the callback id, left out of the call
    token_keys: list[list[str | int]] = field(default_factory=list)  # where the token was, for the stub
    pending: list[Todo] = field(default_factory=list)  # TODOs of the statement being written
    built_ins: dict[str, str] = field(default_factory=dict)  # `N_now` → `now()`: steps written first
    field_name: str = ""

    def todo(self, code: str, value: Any, instead: str = "", field_name: str | None = None) -> None:
        todo = Todo(code, self.state, instead, field_name or self.field_name, value)
        if todo not in self.pending:
            self.pending.append(todo)

    def built_in(self, suffix: str, call: str) -> str:
        name = f"{self.step}_{suffix}"
        self.built_ins[name] = call
        return name

    def substitute(self, text: str) -> Expr:
        """A string of the machine; a whole `${X}` is its substitution, or the text "X"."""
        if text.startswith("${") and text.endswith("}") and "${" not in text[2:]:
            name = text[2:-1]
            if name in self.substitutions:
                return quote(self.substitutions[name])
            self.findings.placeholder(name)
            return quote(name)
        if "${" in text:
            replaced = text
            for name, value in self.substitutions.items():
                replaced = replaced.replace("${" + name + "}", value)
            if "${" in replaced:
                self.todo("substitution", text, 'the text is written with "${NAME}" as it is')
            return quote(replaced)
        return quote(text)

    def unknown_context(self, path: str) -> Expr:
        self.todo("context", path)
        return NULL
