"""The resolved view of a flow: for every reference its definition, for every definition its uses.

The checks build it as they walk the flow's scopes, so what the checks accept
and what an editor shows (hover, go to definition, references, rename,
completion) can never disagree. `dflow.language.reading.resolve(flow)` gives
it for a parsed flow.

Names are a flow's NAMEs (steps, callbacks, sets, loops, groups…), loop
variables, `as NAME` of failure blocks, comprehension variables, and the
`input` block's fields (read as `input.FIELD`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dflow.language import model as m


@dataclass(eq=False)
class Defined:
    """Where a name is defined, what defines it, and where it can be read."""

    name: str
    kind: str  # "step", "set", "input field", "loop variable", "failure"…
    span: m.Span
    visible_to: int  # the last line of the block it belongs to
    also_set_at: list[m.Span] = field(default_factory=list)  # later `set`s that give it new values
    uses: list[Used] = field(default_factory=list)

    def visible_at(self, line: int) -> bool:
        return self.span.line <= line <= self.visible_to


@dataclass(eq=False)
class Used:
    """A name read in an expression, and the definition it reads."""

    name: str
    span: m.Span
    definition: Defined | None  # None where the checks reported the name unknown


@dataclass
class Resolution:
    definitions: list[Defined] = field(default_factory=list)
    references: list[Used] = field(default_factory=list)
    inputs: dict[str, Defined] = field(default_factory=dict)  # the `input` block's fields, by name

    def define(self, name: m.Name, kind: str, visible_to: int) -> Defined:
        defined = Defined(name.text, kind, name.span, visible_to)
        self.definitions.append(defined)
        if kind == "input field":
            self.inputs.setdefault(name.text, defined)
        return defined

    def use(self, name: str, span: m.Span, definition: Defined | None) -> None:
        used = Used(name, span, definition)
        self.references.append(used)
        if definition is not None:
            definition.uses.append(used)

    def at(self, line: int, column: int) -> Defined | Used | None:
        """What is at this line and column (counting from 1): a definition, a reference, or nothing."""
        for used in self.references:
            if _holds(used.span, line, column):
                return used
        for defined in self.definitions:
            if any(_holds(span, line, column) for span in [defined.span, *defined.also_set_at]):
                return defined
        return None

    def visible_at(self, line: int) -> list[Defined]:
        """The names that can be read on a line: defined above it, in a block around it."""
        return [d for d in self.definitions if d.visible_at(line) and d.span.line < line]


def _holds(span: m.Span, line: int, column: int) -> bool:
    return span.line == line and span.column <= column < span.end_column

