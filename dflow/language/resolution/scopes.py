"""The walk that resolves a flow's names, block by block, as the contract scopes them.

Every name a statement defines is unique within its block and the blocks
around it, and visible after its statement to the end of its block. A name
defined in every open path of an `if` (a path that does not end the flow) is
visible after it; so is a `repeat until` body's, since the body runs at least
once. A statement's own NAME is read inside it where it already has a value:
its `undo`, a poll's check and `until`, a group's `finally`. Scopes are
`ChainMap`s, so the walk stays linear.

Statements after one that always ends the flow (`return`, `fail`, or an `if`
whose every arm ends) are never run, and never read: the checks report them.
"""

from __future__ import annotations

from collections import ChainMap
from dataclasses import dataclass, field
from typing import assert_never

from dflow.language import model as m
from dflow.language.grammar.limits import MAX_HANDLER_DEPTH
from dflow.language.resolution.view import Clash, Defined, Resolution, Used
from dflow.language.walk import all_statements, expression_children, field_value, handlers

NOWHERE = 10**9  # visible to the end of the flow


@dataclass(eq=False)
class Binding:
    """A name in scope: its definition, or, for a statement's own NAME read inside it, the uses waiting for it."""

    name: m.Name
    kind: str
    defined: Defined | None = None
    function_depth: int = 0
    waiting: list[Used] = field(default_factory=list)


Scope = ChainMap[str, Binding]


def resolve_flow(flow: m.Flow) -> Resolution:
    """The resolved view of a flow: every name's definition, uses, clashes, and what never runs."""
    resolver = Resolver(flow)
    resolver.start()
    return resolver.resolution


class Resolver:
    def __init__(self, flow: m.Flow) -> None:
        self.flow = flow
        self.resolution = Resolution()
        self.function_depth = 0  # > 0 inside a parallel branch or a for-each body
        self.handler_depth = 0  # `on failure` / `on timeout` blocks and `finally`s around the statement
        self.block_ends: list[int] = []  # the last line of each block around the statement
        self.maybe_never_run: dict[str, int] = {}  # names in the `repeat while` bodies read so far: its line

    def start(self) -> None:
        found = self.resolution
        for field_ in self.flow.inputs or []:
            found.define(field_.name, "input field", NOWHERE)
        for statement in all_statements(self.flow.body):
            name = field_value(statement, "name")
            if isinstance(name, m.Name):
                found.statement_names.setdefault(name.text, name)
            for handler in handlers(statement):
                if handler.alias is not None:
                    found.failure_names.setdefault(handler.alias.text, handler.alias)
        self.block(self.flow.body, ChainMap())

    # ------------------------------------------------------------ blocks

    def block(self, block: m.Block, scope: Scope) -> bool:
        """Resolve a block in `scope` (which it extends); True when every path through it ends the flow."""
        self.block_ends.append(block.statements[-1].span.end_line if block.statements else 0)
        try:
            ended = False
            for statement in block.statements:
                if ended:
                    self.resolution.never_run[id(block)] = statement
                    return True
                ended = self.statement(statement, scope)
            return ended
        finally:
            self.block_ends.pop()

    def statement(self, statement: m.AnyStatement, scope: Scope) -> bool:
        """Resolve one statement; True when it always ends the flow."""
        match statement:
            case m.Step():
                self.call(statement.call, scope)
                own = self.own_name(scope, statement.name, "step")
                if statement.undo is not None:
                    self.call(statement.undo, own)
                self.handlers(statement.on_failure, scope)
                self.define(scope, statement.name, "step", waiting=own)
            case m.Wait():
                self.expressions(scope, statement.until, statement.amount)
            case m.WaitFor():
                self.call(statement.call, scope)
                if statement.on_timeout is not None:
                    self.handler(statement.on_timeout, scope)
                self.handlers(statement.on_failure, scope)
                self.define(scope, statement.name, "callback")
            case m.If():
                return self.if_(statement, scope)
            case m.Repeat():
                self.repeat(statement, scope)
            case m.Group():
                return self.group(statement, scope)
            case m.SetValue():
                self.expressions(scope, statement.value)
                self.define(scope, statement.name, "set")
            case m.Log():
                self.expressions(scope, statement.message, statement.fields)
            case m.Invoke():
                self.expressions(scope, statement.payload)
                self.handlers(statement.on_failure, scope)
                self.define(scope, statement.name, "invoke")
            case m.Poll():
                # The check may read the poll's own NAME: the previous check's result, null at first.
                own = self.own_name(scope, statement.name, "poll")
                self.call(statement.call, own)
                self.expressions(own, statement.until)
                self.handlers(statement.on_failure, scope)
                self.define(scope, statement.name, "poll", waiting=own)
            case m.Parallel():
                for branch in statement.branches:
                    self.function_body(branch.body, scope.new_child())
                self.handlers(statement.on_failure, scope)
                branches = tuple(dict.fromkeys(branch.name.text for branch in statement.branches))
                self.define(scope, statement.name, "parallel", branches=branches)
            case m.ForEach():
                self.expressions(scope, statement.items)
                body = scope.new_child()
                self.define(body, statement.variable, "loop variable")
                if statement.position is not None:
                    self.define(body, statement.position, "loop position")
                self.function_body(statement.body, body)
                self.handlers(statement.on_failure, scope)
                self.define(scope, statement.name, "for each")
            case m.Return():
                self.expressions(scope, statement.value)
                return True
            case m.Fail():
                self.expressions(scope, statement.message)
                return True
            case _:
                assert_never(statement)
        return False

    def if_(self, statement: m.If, scope: Scope) -> bool:
        """A name defined on every open path is visible after the `if`; True when every path ends the flow."""
        self.expressions(scope, *(arm.condition for arm in statement.arms))
        blocks = [arm.body for arm in statement.arms]
        if statement.otherwise is not None:
            blocks.append(statement.otherwise)
        open_paths: list[Scope] = []
        for block in blocks:
            inner = scope.new_child()
            if not self.block(block, inner):
                open_paths.append(inner)
        if statement.otherwise is None:
            open_paths.append(scope.new_child())
        if not open_paths:
            return True
        common = set(open_paths[0].maps[0]).intersection(*(path.maps[0] for path in open_paths[1:]))
        for name in sorted(common):
            scope.maps[0][name] = open_paths[0].maps[0][name]
        return False

    def repeat(self, statement: m.Repeat, scope: Scope) -> None:
        body = scope.new_child()
        if statement.mode == "while":
            self.expressions(scope, statement.condition)
        self.block(statement.body, body)
        if statement.mode == "until":
            self.expressions(body, statement.condition)  # checked after each pass: it reads the body's names
        handlers_end = self.handlers(statement.on_failure, scope)
        if statement.mode == "while":
            for name in body.maps[0]:
                self.maybe_never_run.setdefault(name, statement.span.line)
        if statement.mode == "until" and handlers_end:
            # The body ran at least once: its names hold their last pass's values.
            for name, binding in body.maps[0].items():
                scope.maps[0].setdefault(name, binding)

    def group(self, statement: m.Group, scope: Scope) -> bool:
        """A group's statements see the names around it; its own stay inside. True when it always ends the flow."""
        ended = self.block(statement.body, scope.new_child())
        handlers_end = self.handlers(statement.on_failure, scope)
        own = self.own_name(scope, statement.name, "group")
        if statement.finally_ is not None:
            # In `finally` the group's NAME holds its result, or null unless it succeeded.
            self.handler_depth += 1
            self.block(statement.finally_, own)
            self.handler_depth -= 1
        self.define(scope, statement.name, "group", waiting=own)
        return ended and (not statement.on_failure or handlers_end)

    def function_body(self, block: m.Block, scope: Scope) -> None:
        self.function_depth += 1
        self.block(block, scope)
        self.function_depth -= 1

    def handlers(self, blocks: list[m.Handler], scope: Scope) -> bool:
        """`on failure` blocks; True when each ends the flow."""
        all_end = True
        for handler in blocks:
            all_end = self.handler(handler, scope) and all_end
        return all_end

    def handler(self, handler: m.Handler, scope: Scope) -> bool:
        """One `on …` block; True when every path through it ends the flow (or it is too deep to read)."""
        if self.handler_depth == MAX_HANDLER_DEPTH and handler.body.statements:
            self.resolution.too_deep.add(id(handler.body))
            return True
        inner = scope.new_child()
        if handler.alias is not None:
            self.define(inner, handler.alias, "failure")
        self.handler_depth += 1
        ended = self.block(handler.body, inner)
        self.handler_depth -= 1
        return ended

    # ------------------------------------------------------------ names

    def define(self, scope: Scope, name: m.Name, kind: str, branches: tuple[str, ...] = (),
               waiting: Scope | None = None) -> None:
        """A new name in `scope`, unless it clashes with one there; uses of it read inside its statement settle."""
        earlier = scope.get(name.text)
        if earlier is not None and kind == "set" and earlier.kind == "set":
            if earlier.function_depth != self.function_depth:
                self.resolution.clashes[id(name)] = Clash("set elsewhere", earlier.name)
            if earlier.defined is not None:
                earlier.defined.also_set_at.append(name.span)
            return  # a new value for a name a `set` defined before
        if earlier is not None:
            self.resolution.clashes[id(name)] = Clash("defined", earlier.name)
            return
        defined = self.resolution.define(name, kind, self._visible_to(), self.function_depth, branches)
        scope.maps[0][name.text] = Binding(name, kind, defined, self.function_depth)
        if waiting is not None:
            self._settle(waiting.maps[0][name.text], defined)

    def own_name(self, scope: Scope, name: m.Name, kind: str) -> Scope:
        """A scope that also holds a statement's own NAME, for what reads it inside the statement."""
        inner = scope.new_child()
        earlier = scope.get(name.text)
        if earlier is None:
            inner.maps[0][name.text] = Binding(name, kind)
        else:  # a clash, reported where the statement defines it: inside, the name reads the earlier one
            inner.maps[0][name.text] = Binding(name, kind, earlier.defined, earlier.function_depth, earlier.waiting)
        return inner

    def _settle(self, binding: Binding, defined: Defined) -> None:
        if binding.defined is None:
            binding.defined = defined
            for used in binding.waiting:
                used.definition = defined
                defined.uses.append(used)
            binding.waiting.clear()

    def _visible_to(self) -> int:
        """The last line a name defined now can be read on: the end of the block it is in."""
        return self.block_ends[-1] if self.block_ends else NOWHERE

    # ------------------------------------------------------------ expressions

    def call(self, call: m.Call, scope: Scope) -> None:
        self.expressions(scope, *call.positional, *(argument.value for argument in call.arguments))

    def expressions(self, scope: Scope, *exprs: m.Expr | None) -> None:
        stack: list[tuple[m.Expr, Scope]] = [(expr, scope) for expr in reversed(exprs) if expr is not None]
        while stack:
            node, node_scope = stack.pop()
            if isinstance(node, m.Reference):
                self.reference(node, node_scope)
            elif isinstance(node, m.Attribute) and isinstance(node.target, m.Reference):
                self.input_field(node, node.target.name, node_scope)
            if isinstance(node, m.Comprehension):
                stack.append((node.items, node_scope))
                inner = self.comprehension_scope(node, node_scope)
                stack.extend((child, inner) for child in expression_children(node)[1:])
            else:
                stack.extend((child, node_scope) for child in expression_children(node))

    def reference(self, node: m.Reference, scope: Scope) -> None:
        if node.name == "input":
            return  # the flow's input: without an `input` block, the event as it comes
        binding = scope.get(node.name)
        if binding is not None:
            used = self.resolution.use(node, node.name, binding.defined, binding.kind)
            if binding.defined is None:
                binding.waiting.append(used)
        elif node.name != "execution":  # the durable execution itself, unless the flow names something so
            self.resolution.unknown(node, node.name, tuple(scope), self.maybe_never_run.get(node.name))

    def input_field(self, node: m.Attribute, target: str, scope: Scope) -> None:
        if target == "input" and node.name in self.resolution.inputs:
            self.resolution.use(node, node.name, self.resolution.inputs[node.name], "input field")

    def comprehension_scope(self, node: m.Comprehension, scope: Scope) -> Scope:
        """The comprehension's variable is seen only inside it, and shadows nothing."""
        variable = node.variable
        earlier = scope.get(variable.text)
        if earlier is not None or variable.text == "input":
            self.resolution.clashes[id(variable)] = Clash("shadowed", earlier.name if earlier else None)
        inner = scope.new_child()
        defined = self.resolution.define(variable, "list variable", variable.span.end_line)
        inner.maps[0][variable.text] = Binding(variable, "list variable", defined)
        return inner
