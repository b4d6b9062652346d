"""Stage 3: a checked `model.Flow` → `views.ModuleView`, ready for the templates.

Every decision about the generated code is made here, in Python: variable
names, configuration constants, imports, which helpers the module needs.
Parallel branches and for-each bodies become nested functions that run on
their own child context, named `ctx`.
"""

from __future__ import annotations

from dflow.compiler import views as v
from dflow.compiler.block_facts import (
    always_ends,
    comment_lines,
    docstring_text,
    error_names,
    generated_header,
    last_result,
    records_undo as block_records_undo,
)
from dflow.compiler.configs import SDK, Configs, ModuleState
from dflow.compiler.helpers import HELPER_IMPORTS, HELPER_ORDER
from dflow.compiler.pyexpr import NOT, OR, python_string
from dflow.language import model as m
from dflow.language.walk import all_statements, clock_name, operation_name, referenced_names

NESTED_CONTEXT = "ctx"


class Lowering:
    """Builds the module view for one flow."""

    def __init__(self, flow: m.Flow) -> None:
        self.flow = flow
        self.state = ModuleState(error_names(flow))
        self.configs = Configs(self.state, flow)
        self.names = self.state.names
        self.expressions = self.state.expressions
        self.imports = self.state.imports
        self.used = referenced_names(flow)
        self.compensation = block_records_undo(flow.body)
        self.action_modules = self._bind_action_modules()
        self.undo_actions: dict[str, str] = {}  # UNDO_ACTIONS key -> action reference

    # ------------------------------------------------------------ module

    def module(self, source_name: str) -> v.ModuleView:
        self.imports.add("typing", "Any")
        self.imports.add(SDK, "DurableContext", "durable_execution")
        undo_config = ""
        if self.compensation:
            self.imports.add("collections.abc", "Callable")
            self.imports.add(f"{SDK}.exceptions", "UnrecoverableError")
            self.state.helpers.update({"undo_completed_steps", "call_action"})
            undo_config = self.configs.default_step()
        body = self.block(self.flow.body, "context")
        inputs = [self.input_field(field_) for field_ in self.flow.inputs or []]
        helpers = [h for h in HELPER_ORDER if h in self.state.helpers]
        for helper in helpers:
            for module, name in HELPER_IMPORTS[helper]:
                if name:
                    self.imports.add(module, name)
                else:
                    self.imports.plain.add(module)
        errors = error_names(self.flow) | ({"ConditionNotMet"} if self._gives_up() else set())
        return v.ModuleView(
            header=generated_header(source_name),
            docstring=docstring_text(self._module_doc()),
            imports=self.imports.groups(),
            action_imports=[line for _, line in sorted(set(self.action_modules.values()))],
            errors=sorted(errors),
            constants=list(self.state.constants.values()),
            inputs=inputs,
            checks_input=self.flow.inputs is not None,
            helpers=helpers,
            compensation=self.compensation,
            body=body,
            undo_config=undo_config,
            undo_actions=[(python_string(key), ref) for key, ref in sorted(self.undo_actions.items())],
            always_ends=always_ends(self.flow.body),
            handler_doc=docstring_text(self.flow.description or f"Run the {self.flow.name.text} flow."),
        )

    def _module_doc(self) -> str:
        lines = [f"Durable handler for the `{self.flow.name.text}` flow."]
        if self.flow.comment:
            lines += ["", self.flow.comment]
        return "\n".join(lines)

    def _gives_up(self) -> bool:
        return any(isinstance(s, m.Poll) and s.max_checks for s in all_statements(self.flow.body))

    def _bind_action_modules(self) -> dict[str | None, tuple[str, str]]:
        """alias (None for the first module) → (local name, import line)."""
        bound: dict[str | None, tuple[str, str]] = {}
        for index, module in enumerate(self.flow.actions):
            key = module.alias if module.alias else (None if index == 0 else module.module)
            if key in bound:
                continue
            package, _, last = module.module.rpartition(".")
            local = self.names.fresh(module.alias or last)
            if package and local == last:
                line = f"from {package} import {last}"
            elif local == module.module:
                line = f"import {local}"
            else:
                line = f"import {module.module} as {local}"
            bound[key] = (local, line)
            if index == 0 and key is not None:
                # Unqualified calls resolve in the first module, aliased or not.
                bound[None] = bound[key]
        return bound

    # ------------------------------------------------------------ statements

    def block(self, block: m.Block, context: str) -> list[v.AnyView]:
        return [self.statement(statement, context) for statement in block.statements]

    def statement(self, statement: m.AnyStatement, context: str) -> v.AnyView:
        comment = comment_lines(statement.description)
        if isinstance(statement, m.Step):
            return self.step(statement, context, comment)
        if isinstance(statement, m.Wait):
            return self.wait(statement, context, comment)
        if isinstance(statement, m.WaitFor):
            return self.wait_for(statement, context, comment)
        if isinstance(statement, m.Invoke):
            return self.invoke(statement, context, comment)
        if isinstance(statement, m.Poll):
            return self.poll(statement, context, comment)
        if isinstance(statement, m.Parallel):
            return self.parallel(statement, context, comment)
        if isinstance(statement, m.ForEach):
            return self.for_each(statement, context, comment)
        if isinstance(statement, m.If):
            return self.if_(statement, context, comment)
        return v.LineView(comment, self.line(statement, context))

    def step(self, step: m.Step, context: str, comment: list[str]) -> v.StepView:
        target = self._target(step.name)
        undo = None
        if step.undo is not None:
            undo = self.undo(step)
        handlers = []
        if step.on_failure:
            self.imports.add(SDK, "StepError")
            handlers.append(self.catch("StepError", step.on_failure, target, context))
        return v.StepView(
            comment=comment,
            context=context,
            target=target,
            function=f"lambda _: {self.call(step.call)}",
            name=python_string(step.name.text),
            config=self.configs.step(step),
            undo=undo,
            handlers=handlers,
        )

    def undo(self, step: m.Step) -> v.UndoView:
        assert step.undo is not None
        module, _ = self.action_modules[step.undo.alias]
        key = f"{step.undo.alias}.{step.undo.function}" if step.undo.alias else step.undo.function
        self.undo_actions[key] = f"{module}.{step.undo.function}"
        arguments = ", ".join(
            f"{python_string(argument.name)}: {self.expressions.compile(argument.value)}"
            for argument in step.undo.arguments
        )
        return v.UndoView(
            name=python_string(f"undo_{step.name.text}"),
            action=python_string(key),
            arguments="{" + arguments + "}",
        )

    def catch(
        self, exceptions: str, handlers: list[m.Handler], target: str | None, context: str
    ) -> v.CatchView:
        """`except exceptions:` with the flow's blocks for them, the first match handling it."""
        reads = [h.alias is not None and h.alias.text in self.used for h in handlers]
        named = any(h.errors for h in handlers) or any(reads)
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
        return v.CatchView(
            exceptions=exceptions,
            error=error,
            handlers=views,
            reraise=all(h.errors for h in handlers),
        )

    def wait(self, wait: m.Wait, context: str, comment: list[str]) -> v.AnyView:
        name = operation_name(wait)
        assert name is not None
        if wait.until is not None:
            self.state.helpers.add("seconds_until")
            self.imports.add(f"{SDK}.config", "Duration")
            return v.WaitUntilView(
                comment=comment,
                context=context,
                timestamp=self.expressions.compile(wait.until),
                clock_name=python_string(clock_name(name)),
                clock_config=self.configs.run_once(),
                name=python_string(name),
            )
        assert wait.duration is not None
        return v.WaitView(
            comment=comment,
            context=context,
            duration=self.configs.duration(wait.duration),
            name=python_string(name),
        )

    def wait_for(self, wait_for: m.WaitFor, context: str, comment: list[str]) -> v.WaitForView:
        if not wait_for.as_text:
            self.state.helpers.add("callback_value")
        self.imports.add(f"{SDK}.types", "WaitForCallbackContext")
        target = self._target(wait_for.name)
        handlers = []
        if wait_for.on_timeout is not None:
            self.imports.add(SDK, "CallbackTimeoutError")
            handlers.append(self.catch("CallbackTimeoutError", [wait_for.on_timeout], target, context))
        if wait_for.on_failure:
            self.imports.add(SDK, "CallbackExternalError", "CallbackSubmitterError")
            exceptions = "(CallbackExternalError, CallbackSubmitterError)"
            handlers.append(self.catch(exceptions, wait_for.on_failure, target, context))
        return v.WaitForView(
            comment=comment,
            context=context,
            target=target,
            submitter=self.names.fresh(f"submit_{wait_for.name.text}"),
            submit_call=self.call(wait_for.call, callback=True),
            name=python_string(wait_for.name.text),
            config=self.configs.callback(wait_for),
            handlers=handlers,
            as_text=wait_for.as_text,
        )

    def invoke(self, invoke: m.Invoke, context: str, comment: list[str]) -> v.InvokeView:
        target = self._target(invoke.name)
        handlers = []
        if invoke.on_failure:
            self.imports.add(SDK, "InvokeError")
            handlers.append(self.catch("InvokeError", invoke.on_failure, target, context))
        return v.InvokeView(
            comment=comment,
            context=context,
            target=target,
            function=python_string(invoke.function),
            payload=self.expressions.compile(invoke.payload),
            name=python_string(invoke.name.text),
            handlers=handlers,
        )

    def poll(self, poll: m.Poll, context: str, comment: list[str]) -> v.PollView:
        self.imports.add(f"{SDK}.waits", "WaitForConditionConfig", "WaitForConditionDecision")
        target = self.names.variable(poll.name.text)
        handlers = []
        if poll.on_failure:
            self.imports.add(SDK, "WaitForConditionError")
            exceptions = "(WaitForConditionError, ConditionNotMet)" if poll.max_checks else "WaitForConditionError"
            handlers.append(self.catch(exceptions, poll.on_failure, target, context))
        checks = f"{poll.max_checks} check{'s' if poll.max_checks != 1 else ''}"
        give_up = f"{poll.name.text}: the condition still did not hold after {checks}"
        return v.PollView(
            comment=comment,
            context=context,
            target=target,
            check=f"lambda state, _: {self.call(poll.call)}",
            strategy=self.names.fresh(f"keep_polling_{poll.name.text}"),
            condition=self.expressions.compile_wrapped(poll.until, OR + 1),
            negated=self.expressions.compile_wrapped(poll.until, NOT),
            delay=self.configs.duration(poll.every),
            max_checks=poll.max_checks,
            name=python_string(poll.name.text),
            give_up=f"ConditionNotMet({python_string(give_up)})",
            handlers=handlers,
        )

    def parallel(self, parallel: m.Parallel, context: str, comment: list[str]) -> v.BatchView:
        self.imports.add(SDK, "ParallelBranch")
        self.state.helpers.update({"branch_results", "item_results", "raise_first_failure"})
        records_undo = any(block_records_undo(branch.body) for branch in parallel.branches)
        functions = [
            self.function(
                f"{parallel.name.text}_{branch.name.text}",
                f"{NESTED_CONTEXT}: DurableContext",
                branch.body,
                records_undo,
            )
            for branch in parallel.branches
        ]
        branches = ", ".join(
            f"ParallelBranch({function.name}, name={python_string(branch.name.text)})"
            for function, branch in zip(functions, parallel.branches)
        )
        config = self.configs.batch(
            "parallel", parallel.name.text, parallel.max_concurrency, parallel.tolerate, records_undo
        )
        batch_var = self.names.fresh(f"{parallel.name.text}_batch")
        names = ", ".join(python_string(branch.name.text) for branch in parallel.branches)
        target = self._target(parallel.name)
        return v.BatchView(
            comment=comment,
            context=context,
            target=target,
            functions=functions,
            call=f"{context}.parallel([{branches}], name={python_string(parallel.name.text)}, config={config})",
            results=f"branch_results({batch_var}, [{names}], {self._tolerance(parallel.tolerate, records_undo)})",
            batch_var=batch_var,
            handlers=self._batch_catches(parallel.on_failure, target, context),
        )

    def for_each(self, loop: m.ForEach, context: str, comment: list[str]) -> v.BatchView:
        self.imports.add("collections.abc", "Sequence")
        self.state.helpers.update({"item_results", "raise_first_failure"})
        records_undo = block_records_undo(loop.body)
        variable = self.names.variable(loop.variable.text)
        function = self.function(
            f"{loop.name.text}_each_{loop.variable.text}",
            f"{NESTED_CONTEXT}: DurableContext, {variable}: Any, item_index: int, all_items: Sequence[Any]",
            loop.body,
            records_undo,
        )
        config = self.configs.batch(
            "map", loop.name.text, loop.max_concurrency, loop.tolerate, records_undo
        )
        batch_var = self.names.fresh(f"{loop.name.text}_batch")
        items = self.expressions.compile(loop.items)
        target = self._target(loop.name)
        return v.BatchView(
            comment=comment,
            context=context,
            target=target,
            functions=[function],
            call=f"{context}.map({items}, {function.name}, name={python_string(loop.name.text)}, config={config})",
            results=f"item_results({batch_var}, {self._tolerance(loop.tolerate, records_undo)})",
            batch_var=batch_var,
            handlers=self._batch_catches(loop.on_failure, target, context),
        )

    def _batch_catches(
        self, handlers: list[m.Handler], target: str | None, context: str
    ) -> list[v.CatchView]:
        # The results helper raises the first failure as itself: a flow error,
        # a StepError…; it never raises the SDK's UnrecoverableError signals.
        return [self.catch("Exception", handlers, target, context)] if handlers else []

    def function(self, wanted: str, parameters: str, body: m.Block, records_undo: bool) -> v.FunctionView:
        """A nested function for a branch or a loop body; it returns its last result."""
        result = last_result(body)
        if result is not None:
            self.used.add(result)
        name = self.names.fresh(wanted)
        return v.FunctionView(
            name=name,
            parameters=parameters,
            body=self.block(body, NESTED_CONTEXT),
            result=None if always_ends(body) else self.names.variable(result) if result else "None",
            records_undo=records_undo,
        )

    def if_(self, statement: m.If, context: str, comment: list[str]) -> v.IfView:
        arms = [
            v.ArmView(
                keyword="if" if index == 0 else "elif",
                condition=self.expressions.compile(arm.condition),
                body=self.block(arm.body, context),
            )
            for index, arm in enumerate(statement.arms)
        ]
        if statement.otherwise is not None:
            arms.append(v.ArmView("else", "", self.block(statement.otherwise, context)))
        return v.IfView(comment=comment, arms=arms)

    def line(self, statement: m.AnyStatement, context: str) -> str:
        compile_ = self.expressions.compile
        if isinstance(statement, m.SetValue):
            return f"{self.names.variable(statement.name.text)} = {compile_(statement.value)}"
        if isinstance(statement, m.Log):
            fields = f", extra={compile_(statement.fields)}" if statement.fields is not None else ""
            return f"{context}.logger.info({compile_(statement.message)}{fields})"
        if isinstance(statement, m.Return):
            return f"return {compile_(statement.value) if statement.value else 'None'}"
        assert isinstance(statement, m.Fail), statement.kind
        message = compile_(statement.message) if statement.message else ""
        return f"raise {statement.error.text}({message})"

    # ------------------------------------------------------------ pieces

    def call(self, call: m.Call, callback: bool = False) -> str:
        """The action called through `call_action`, which checks its result is JSON."""
        self.state.helpers.add("call_action")
        module, _ = self.action_modules[call.alias]
        arguments = [f"{module}.{call.function}"] + [
            f"{argument.name}={self.expressions.compile(argument.value)}"
            for argument in call.arguments
        ]
        if callback:
            arguments.append("callback_id=callback_id")
        return f"call_action({', '.join(arguments)})"

    def input_field(self, field_: m.InputField) -> v.InputFieldView:
        from dflow.compiler.inputs import expected_words, type_check

        default = self.expressions.compile(field_.default) if field_.default is not None else None
        check = type_check(field_.type, "value")
        return v.InputFieldView(
            key=python_string(field_.name.text),
            label=field_.name.text,
            required=default is None and not field_.type.optional,
            check=f"({check})" if " and " in check or " or " in check else check,
            expected=python_string(f"{field_.name.text} must be {expected_words(field_.type)}"),
            default=default,
        )

    def _target(self, name: m.Name) -> str | None:
        """The variable an operation's result goes into, when anything reads it."""
        return self.names.variable(name.text) if name.text in self.used else None

    @staticmethod
    def _tolerance(tolerate: int, records_undo: bool) -> str:
        """The helper's tolerance argument, with the list the items' undo calls join."""
        return f"tolerate={tolerate}" + (", compensations=compensations" if records_undo else "")


def lower_flow(flow: m.Flow, source_name: str) -> v.ModuleView:
    """The view of the handler module for a flow that passed `check_flow`."""
    return Lowering(flow).module(source_name)
