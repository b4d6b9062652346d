"""The resolved view of a flow: for every reference its definition, for every definition its uses.

Names are a flow's NAMEs (steps, callbacks, sets, loops, groups…), loop
variables, `as NAME` of failure blocks, comprehension variables, and the
`input` block's fields (read as `input.FIELD`). `input` and `execution` are
the language's own names: reading them is no reference, unless the flow
defines a name `execution`.

Model nodes are looked up by identity (`id`), as the model is immutable and
each node is one place in the source.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

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
    branches: tuple[str, ...] = ()  # a `parallel`'s branches, read as NAME.BRANCH
    function_depth: int = 0  # parallel branches and for-each bodies around the definition

    def visible_at(self, line: int) -> bool:
        return self.span.line <= line <= self.visible_to


@dataclass(eq=False)
class Used:
    """A name read in an expression, and the definition it reads (None: no such name where it is read)."""

    name: str
    span: m.Span
    definition: Defined | None  # None only while the statement that defines it is read, or when not found
    kind: str = ""  # what the name is where it is read: its definition's kind, or its own statement's inside it
    found: bool = True  # False: no such name where it is read
    # For a name not found: the names that could be read there, and the line of a `repeat while`
    # before it whose body defines the name (the body may run no pass).
    in_scope: tuple[str, ...] = ()
    in_loop: int | None = None


@dataclass(frozen=True)
class Clash:
    """A definition the scopes do not take as a new name, and the definition in its way.

    `defined`: the name is already defined in a block around it (or in this one).
    `set elsewhere`: a `set` gives a new value, inside a parallel branch or a for-each
    body, to a name set outside it. `shadowed`: a list's variable takes a name
    already defined (`earlier` is None when that name is `input`).
    """

    kind: Literal["defined", "set elsewhere", "shadowed"]
    earlier: m.Name | None


@dataclass
class Resolution:
    definitions: list[Defined] = field(default_factory=list)
    references: list[Used] = field(default_factory=list)
    inputs: dict[str, Defined] = field(default_factory=dict)  # the `input` block's fields, by name
    # What the checks ask about names that are not found where they are read:
    statement_names: dict[str, m.Name] = field(default_factory=dict)  # each NAME a statement defines, its first
    failure_names: dict[str, m.Name] = field(default_factory=dict)  # `as NAME` of `on failure` blocks, the first
    # Found on the walk, by the node's id:
    reads: dict[int, Used] = field(default_factory=dict)  # a `Reference` (or an `input.FIELD`) and what it reads
    clashes: dict[int, Clash] = field(default_factory=dict)  # a `Name` that defines nothing new
    never_run: dict[int, m.AnyStatement] = field(default_factory=dict)  # a block: its first statement that never runs
    too_deep: set[int] = field(default_factory=set)  # handler blocks nested past the limit, not read

    def define(self, name: m.Name, kind: str, visible_to: int, function_depth: int = 0,
               branches: tuple[str, ...] = ()) -> Defined:
        defined = Defined(name.text, kind, name.span, visible_to, branches=branches, function_depth=function_depth)
        self.definitions.append(defined)
        if kind == "input field":
            self.inputs.setdefault(name.text, defined)
        return defined

    def use(self, node: m.Node, name: str, definition: Defined | None, kind: str) -> Used:
        used = Used(name, node.span, definition, kind)
        self.references.append(used)
        self.reads[id(node)] = used
        if definition is not None:
            definition.uses.append(used)
        return used

    def unknown(self, node: m.Node, name: str, in_scope: tuple[str, ...], in_loop: int | None) -> None:
        used = Used(name, node.span, None, found=False, in_scope=in_scope, in_loop=in_loop)
        self.references.append(used)
        self.reads[id(node)] = used

    def read_by(self, node: m.Node) -> Used | None:
        """What a reference reads; None for the language's own `input` and `execution`."""
        return self.reads.get(id(node))

    def clash_of(self, name: m.Name) -> Clash | None:
        return self.clashes.get(id(name))

    def at(self, line: int, column: int) -> Defined | Used | None:
        """What is at this line and column (counting from 1): a definition, a reference, or nothing."""
        for used in self.references:
            if used.definition is not None and _holds(used.span, line, column):
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
