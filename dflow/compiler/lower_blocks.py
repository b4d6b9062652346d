"""Lowering the statements that hold blocks of their own: `parallel`, `for each`, `repeat`, `on failure`.

`Lowering` (in `lower.py`) inherits these; they share its module state. Branches
and for-each bodies become nested functions run on their own child context,
named `ctx`; a `repeat` stays a Python loop in the function around it.
"""

from __future__ import annotations

from dflow.compiler import views as v
from dflow.compiler.block_facts import always_ends, last_result, records_undo as block_records_undo
from dflow.compiler.configs import SDK, Configs, Imports, ModuleState
from dflow.compiler.names import PythonNames
from dflow.compiler.pyexpr import NOT, OR, ExpressionCompiler, python_string
from dflow.language import model as m
from dflow.language.text import unparse
from dflow.language.walk import all_statements, child_blocks

NESTED_CONTEXT = "ctx"


class BlockLowering:
    """The half of `Lowering` for statements with bodies and for failure blocks."""

    flow: m.Flow
    state: ModuleState
    configs: Configs
    names: PythonNames
    expressions: ExpressionCompiler
    imports: Imports
    used: set[str]
    annotated: list[set[str]]  # variables given `: Any` so far, per generated function

    set_before: list[set[str]]  # per enclosing block, the names a `set` gave a value so far
    group_depth: int = 0  # groups being lowered around the statement: a `return` inside ends them
    keeping_error_types: int = 0  # statements with `on failure` around the functions being lowered
    error_readers: set[str]  # batch names that `errors(NAME)` reads: their failures keep their types

    def block(self, block: m.Block, context: str) -> list[v.AnyView]:
        raise NotImplementedError  # Lowering's

    def group(self, group: m.Group, context: str, comment: list[str]) -> v.GroupView:
        records_undo = block_records_undo(group.body)
        ends_flow = any(isinstance(s, m.Return) for s in all_statements(group.body))
        # Names set before the group that it sets: on a replay the group's function does not
        # run again, so their values travel with its result (or its failure), as its undo calls do.
        outer = set().union(*self.set_before)
        sets = sorted(name for name in group_sets(group.body) if name in outer)
        variables = [self.names.variable(name) for name in sets]
        carried = [(variable, python_string(name)) for variable, name in zip(variables, sets)]
        values = "{" + ", ".join(f"{key}: {variable}" for variable, key in carried) + "}" if sets else None
        self.group_depth += 1
        self.keeping_error_types += bool(group.on_failure)
        function = self.function(
            f"{group.name.text}_statements", f"{NESTED_CONTEXT}: DurableContext", group.body,
            records_undo, wraps_result=ends_flow, nonlocals=tuple(variables),
        )._replace(carries_undo=records_undo, values=values)
        self.keeping_error_types -= bool(group.on_failure)
        self.group_depth -= 1
        needs_outcome = ends_flow or records_undo or bool(sets)
        outcome = self.names.fresh(f"{group.name.text}_outcome") if needs_outcome else ""
        target = self._target(group.name)
        ended = None
        if ends_flow:
            # A `return` inside ended the flow: the group says so, and the flow ends too.
            ended = f"return {outcome}" if self.group_depth else f"return {outcome}[\"returned\"]"
        finally_body: list[v.AnyView] = []
        if group.finally_ is not None:
            self.state.helpers.add("group_is_over")
            finally_body = self.block(group.finally_, context)
        name = python_string(group.name.text)
        call = f"{context}.run_in_child_context({function.name}, name={name})"
        if group.retry:
            # A retried group runs its statements again from the start, in the same child context.
            config = self.configs.with_retry(group.name.text, group.retry)
            attempt = f"lambda *_: {function.name}(ctx)"
            if records_undo:
                self.state.helpers.add("attempt_undoing")
                attempt = f"attempt_undoing(ctx, {function.name}, {config})"
            retried = f"with_retry(ctx, {attempt}, {config}, name={name})"
            call = f"{context}.run_in_child_context(lambda ctx: {retried}, name={name})"
        return v.GroupView(
            comment=comment,
            function=function,
            call=call,
            outcome=outcome,
            target=target,
            ended=ended,
            records_undo=records_undo,
            handlers=[self._group_catch(group, target, context, records_undo, carried)],
            finally_body=finally_body,
            sets=tuple(carried),
            preset=target is not None and group.finally_ is not None,
        )

    def _group_catch(
        self, group: m.Group, target: str | None, context: str, records_undo: bool, sets: list[tuple[str, str]]
    ) -> v.CatchView:
        """A group's failure, as itself: its `on failure` blocks, or raised again with its own type.

        The SDK records any failure leaving the group's child context as
        ChildContextError; `failure_as_raised` gives back the `fail`, the StepError
        or the ExpressionError inside. A failed group carries its undo calls:
        a block that handles the failure undoes them first; otherwise they join
        the flow's, which run after the group's `finally`.
        """
        self.state.helpers.add("failure_as_raised")
        self.imports.add(SDK, "ChildContextError")
        catch = self.catch("Exception", group.on_failure, target, context, named=True)
        error = catch.error
        unhandled: tuple[str, ...] = ()
        handled_first = None
        if records_undo:
            self.state.helpers.add("carry_undo")
            handled_first = f"undo_completed_steps({context}, carried_undo({error}))"
            unhandled = (f"compensations.extend(carried_undo({error}))",)
        if sets:
            self.state.helpers.add("carry_undo")
        prelude = tuple(f"{variable} = carried_value({error}, {key}, {variable})" for variable, key in sets)
        return catch._replace(
            prelude=prelude, handled_first=handled_first, unhandled=unhandled,
            raises=f"failure_as_raised({error})",
        )

    def catch(
        self, exceptions: str, handlers: list[m.Handler], target: str | None, context: str,
        named: bool = False,
    ) -> v.CatchView:
        """`except exceptions:` with the flow's blocks for them, the first match handling it."""
        reads = [h.alias is not None and h.alias.text in self.used for h in handlers]
        named = named or any(h.errors for h in handlers) or any(reads)
        error = self.names.fresh("error") if named else None
        views = []
        for handler, read in zip(handlers, reads):
            condition = failure = None
            if handler.errors:
                self.state.helpers.add("failure_of")
                names = ", ".join(python_string(name.text) for name in handler.errors)
                condition = f"failure_is({error}, {names})"
            if read:
                assert handler.alias is not None
                self.state.helpers.add("failure_of")
                failure = f"{self.names.variable(handler.alias.text)} = failure_of({error})"
            views.append(
                v.HandlerView(
                    condition=condition,
                    failure=failure,
                    body=self.block(handler.body, context),
                    falls_through=not always_ends(handler.body),
                    target=target,
                )
            )
        if exceptions == "Exception":
            self.imports.add(f"{SDK}.exceptions", "UnrecoverableError")
        return v.CatchView(
            exceptions=exceptions,
            error=error,
            signals_first=exceptions == "Exception",
            handlers=views,
            reraise=all(h.errors for h in handlers),
        )

    def parallel(self, parallel: m.Parallel, context: str, comment: list[str]) -> v.BatchView:
        self.imports.add(SDK, "ParallelBranch")
        self.state.helpers.add("branch_results")
        records_undo = any(block_records_undo(branch.body) for branch in parallel.branches)
        keeps = bool(parallel.on_failure) or parallel.name.text in self.error_readers
        self.keeping_error_types += keeps
        functions = [
            self.function(
                f"{parallel.name.text}_{branch.name.text}",
                f"{NESTED_CONTEXT}: DurableContext",
                branch.body,
                records_undo,
            )
            for branch in parallel.branches
        ]
        self.keeping_error_types -= keeps
        branches = ", ".join(
            f"ParallelBranch({function.name}, name={python_string(branch.name.text)})"
            for function, branch in zip(functions, parallel.branches)
        )
        config = self.configs.batch("parallel", parallel, records_undo)
        batch_var = self.names.fresh(f"{parallel.name.text}_batch")
        names = "[" + ", ".join(python_string(branch.name.text) for branch in parallel.branches) + "]"
        self.expressions.batches[parallel.name.text] = (batch_var, names)
        target = self._target(parallel.name)
        return v.BatchView(
            comment=comment,
            context=context,
            target=target,
            prelude=[],
            functions=functions,
            call=f"{context}.parallel([{branches}], name={python_string(parallel.name.text)}, config={config})",
            results=f"branch_results({batch_var}, {names}, {self._tolerance(parallel, records_undo)})",
            batch_var=batch_var,
            handlers=self._batch_catches(parallel.on_failure, target, context),
        )

    def for_each(self, loop: m.ForEach, context: str, comment: list[str]) -> v.BatchView:
        self.imports.add("collections.abc", "Sequence")
        self.state.helpers.add("item_results")
        records_undo = block_records_undo(loop.body)
        variable = self.names.variable(loop.variable.text)
        position = self.names.variable(loop.position.text) if loop.position else "item_index"
        keeps = bool(loop.on_failure) or loop.name.text in self.error_readers
        self.keeping_error_types += keeps
        function = self.function(
            f"{loop.name.text}_each_{loop.variable.text}",
            f"{NESTED_CONTEXT}: DurableContext, {variable}: Any, {position}: int, all_items: Sequence[Any]",
            loop.body,
            records_undo,
        )
        self.keeping_error_types -= keeps
        config = self.configs.batch("map", loop, records_undo)
        batch_var = self.names.fresh(f"{loop.name.text}_batch")
        self.expressions.batches[loop.name.text] = (batch_var, None)
        items = self.expressions.compile(loop.items)
        prelude = []
        count = ""
        if loop.complete_after is not None:
            # Items still running when the batch completes are not in its result: count them all.
            items_var = self.names.fresh(f"{loop.name.text}_items")
            prelude.append(f"{items_var} = {items}")
            items, count = items_var, f", count=len({items_var})"
            # Fewer items than successes asked for: the batch completes when every item is done.
            self.state.helpers.add("completing_after")
            config = f"completing_after({config}, {loop.complete_after}, len({items_var}))"
        target = self._target(loop.name)
        return v.BatchView(
            comment=comment,
            context=context,
            target=target,
            prelude=prelude,
            functions=[function],
            call=f"{context}.map({items}, {function.name}, name={python_string(loop.name.text)}, config={config})",
            results=f"item_results({batch_var}, {self._tolerance(loop, records_undo)}{count})",
            batch_var=batch_var,
            handlers=self._batch_catches(loop.on_failure, target, context),
        )

    def repeat(self, loop: m.Repeat, context: str, comment: list[str]) -> v.RepeatView:
        passes = loop.max_passes or 1
        written = f"repeat {loop.mode} {unparse.expression(loop.condition)}"
        plural = "es" if passes != 1 else ""
        give_up = f"{written}: still running after {passes} pass{plural}"
        compile_ = self.expressions.compile_wrapped
        return v.RepeatView(
            comment=comment,
            mode=loop.mode,
            passes=passes,
            stop=compile_(loop.condition, OR + 1) if loop.mode == "until" else f"not {compile_(loop.condition, NOT)}",
            keep_going=compile_(loop.condition, OR + 1),
            body=self.block(loop.body, context),
            give_up=f"ConditionNotMet({python_string(give_up)})",
            handlers=[self.catch("Exception", loop.on_failure, None, context)] if loop.on_failure else [],
        )

    def _batch_catches(
        self, handlers: list[m.Handler], target: str | None, context: str
    ) -> list[v.CatchView]:
        # The results helper raises the first failure as itself: a flow error,
        # a StepError…; it never raises the SDK's UnrecoverableError signals.
        return [self.catch("Exception", handlers, target, context)] if handlers else []

    def function(
        self, wanted: str, parameters: str, body: m.Block, records_undo: bool, wraps_result: bool = False,
        nonlocals: tuple[str, ...] = (),
    ) -> v.FunctionView:
        """A nested function for a branch, a loop body or a group; it returns its last result."""
        result = last_result(body)
        if result is not None:
            self.used.add(result)
        name = self.names.fresh(wanted)
        keeps = self.keeping_error_types > 0
        if keeps:
            self.state.helpers.add("failure_of")
            self.imports.add(SDK, "StepError")
        self.annotated.append(set(nonlocals))  # a nonlocal name was declared where it was set first
        statements = self.block(body, NESTED_CONTEXT)
        self.annotated.pop()
        return v.FunctionView(
            name=name,
            parameters=parameters,
            body=statements,
            result=None if always_ends(body) else self.names.variable(result) if result else "None",
            records_undo=records_undo,
            wraps_result=wraps_result,
            keeps_error_types=keeps,
            nonlocals=nonlocals,
        )

    def _target(self, name: m.Name) -> str | None:
        """The variable an operation's result goes into, when anything reads it."""
        return self.names.variable(name.text) if name.text in self.used else None

    @staticmethod
    def _tolerance(batch: m.Parallel | m.ForEach, records_undo: bool) -> str:
        """The helper's tolerance arguments, with the list the items' undo calls join."""
        if batch.tolerate_percent is not None:
            tolerance = f"percent={batch.tolerate_percent}"
        else:
            tolerance = f"tolerate={batch.tolerate}"
        return tolerance + (", compensations=compensations" if records_undo else "")


def group_sets(block: m.Block) -> set[str]:
    """The names a group's `set` statements give values, in nested groups too (never in branches or items)."""
    found: set[str] = set()
    for statement in block.statements:
        if isinstance(statement, m.SetValue):
            found.add(statement.name.text)
        if not isinstance(statement, (m.Parallel, m.ForEach)):
            for child in child_blocks(statement):
                found |= group_sets(child)
    return found
