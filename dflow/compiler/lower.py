"""Stage 3: a checked `model.Flow` → `views.ModuleView`, ready for the templates.

Every decision about the generated code is made here, in Python: variable
names, configuration constants, imports, which helpers the module needs.
The statements that hold blocks of their own (`parallel`, `for each`,
`repeat`, `on failure`) are lowered in `lower_blocks.py`.
"""

from __future__ import annotations

from typing import assert_never

from dflow.compiler import views as v
from dflow.compiler.block_facts import (
    always_ends,
    can_fail,
    comment_lines,
    docstring_text,
    error_names,
    generated_header,
    guarded_expressions,
    needs_annotation,
    reassigned_names,
    records_undo as block_records_undo,
    safe_reads,
)
from dflow.compiler.configs import SDK, Configs, ModuleState
from dflow.compiler.helpers import HELPER_IMPORTS, with_needs
from dflow.compiler.lower_blocks import BlockLowering
from dflow.compiler.lower_calls import CallLowering
from dflow.compiler.pyexpr import NOT, OR, python_string
from dflow.language import model as m
from dflow.language.durations import UNIT_SECONDS
from dflow.language.text import unparse
from dflow.language.walk import (
    all_expression_nodes,
    all_statements,
    clock_name,
    expression_nodes,
    operation_name,
)



class Lowering(BlockLowering, CallLowering):
    """Builds the module view for one flow."""

    def __init__(self, flow: m.Flow) -> None:
        self.flow = flow
        self.state = ModuleState(error_names(flow))
        self.configs = Configs(self.state, flow)
        self.names = self.state.names
        self.expressions = self.state.expressions
        self.imports = self.state.imports
        # One walk over every expression: what the flow reads decides much of the code.
        self.expression_nodes = all_expression_nodes(flow.body)
        self.used = {node.name for node in self.expression_nodes if isinstance(node, m.Reference)}
        self.error_readers = {
            node.args[0].name
            for node in self.expression_nodes
            if isinstance(node, m.FunctionCall) and node.function == "errors"
            and node.args and isinstance(node.args[0], m.Reference)
        }
        self.compensation = block_records_undo(flow.body)
        self.action_modules = self._bind_action_modules()
        self.undo_actions: dict[str, str] = {}  # UNDO_ACTIONS key -> action reference
        self.reassigned = reassigned_names(flow.body)
        self.safe_reads = safe_reads(flow)
        # Variables given `: Any` so far, per generated function (mypy wants one annotation).
        self.annotated: list[set[str]] = [set()]
        self.set_before: list[set[str]] = []

    # ------------------------------------------------------------ module

    def module(self, source_name: str) -> v.ModuleView:
        self.imports.add("typing", "Any")
        self.imports.add(SDK, "DurableContext", "durable_execution")
        undo_config = ""
        if self.compensation:
            self.imports.add("collections.abc", "Callable")
            self.imports.add(f"{SDK}.exceptions", "UnrecoverableError")
            self.state.helpers.add("undo_completed_steps")
            undo_config = self.configs.default_step()
        execution = self._execution()
        body = self.block(self.flow.body, "context")
        inputs = [self.input_field(field_) for field_ in self.flow.inputs or []]
        self.imports.plain.update(self.expressions.modules)
        helpers = with_needs(self.state.helpers)
        for helper in helpers:
            for module, name in HELPER_IMPORTS[helper]:
                if name:
                    self.imports.add(module, name)
                else:
                    self.imports.plain.add(module)
        errors = error_names(self.flow) | ({"ConditionNotMet"} if self._gives_up() else set())
        if "wait_seconds" in self.state.helpers:
            errors.add("InvalidDuration")
        if "expressions_at" in self.state.helpers:
            errors.add("ExpressionError")
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
            execution=execution,
            handler_doc=docstring_text(self.flow.description or f"Run the {self.flow.name.text} flow."),
        )

    def _execution(self) -> list[str]:
        """`execution.id` and `execution.started_at`, read once at the top; both replay the same."""
        defined = {name for s in all_statements(self.flow.body) if (name := operation_name(s))}
        if "execution" not in self.used or "execution" in defined:
            return []
        self.expressions.execution_variable = "flow_execution"
        nodes = self.expression_nodes
        reads = sum(isinstance(node, m.Reference) and node.name == "execution" for node in nodes)
        reads_id = sum(
            isinstance(node, m.Attribute) and node.name == "id"
            and isinstance(node.target, m.Reference) and node.target.name == "execution"
            for node in nodes
        )
        started = reads > reads_id  # anything but `execution.id` needs the start
        fields = ['"id": context.execution_context.durable_execution_arn']
        comment = "# The execution's ARN."
        if started:
            comment = "# The execution's ARN, and when it started, as the service recorded both."
            self.state.helpers.add("execution_started_at")
            fields.append('"started_at": execution_started_at(context)')
        return [comment, "flow_execution = {" + ", ".join(fields) + "}"]

    def _module_doc(self) -> str:
        lines = [f"Durable handler for the `{self.flow.name.text}` flow."]
        if self.flow.comment:
            lines += ["", self.flow.comment]
        return "\n".join(lines)

    def _gives_up(self) -> bool:
        return any(
            isinstance(s, m.Repeat) or isinstance(s, m.Poll) and s.max_checks
            for s in all_statements(self.flow.body)
        )

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
        # The names each enclosing block has set so far: a group may give them new values.
        self.set_before.append(set())
        views = []
        for statement in block.statements:
            views.append(self.statement(statement, context))
            if isinstance(statement, m.SetValue):
                self.set_before[-1].add(statement.name.text)
        self.set_before.pop()
        return views

    def statement(self, statement: m.AnyStatement, context: str) -> v.AnyView:
        risky = [expr for expr in guarded_expressions(statement) if can_fail(expr, self.safe_reads)]
        view = self._statement(statement, context, [] if risky else comment_lines(statement.description))
        if not risky:
            return view
        # A missing key or a wrong type fails as ExpressionError, naming the flow's line.
        self.state.helpers.add("expressions_at")
        where = f"line {statement.span.line}: " + " … ".join(unparse.expression(expr) for expr in risky)
        return v.GuardView(comment_lines(statement.description), python_string(where), view)

    def _statement(self, statement: m.AnyStatement, context: str, comment: list[str]) -> v.AnyView:
        match statement:
            case m.Step():
                return self.step(statement, context, comment)
            case m.Wait():
                return self.wait(statement, context, comment)
            case m.WaitFor():
                return self.wait_for(statement, context, comment)
            case m.Invoke():
                return self.invoke(statement, context, comment)
            case m.Poll():
                return self.poll(statement, context, comment)
            case m.Parallel():
                return self.parallel(statement, context, comment)
            case m.ForEach():
                return self.for_each(statement, context, comment)
            case m.If():
                return self.if_(statement, context, comment)
            case m.Repeat():
                return self.repeat(statement, context, comment)
            case m.Group():
                return self.group(statement, context, comment)
            case m.SetValue() | m.Log() | m.Return() | m.Fail():
                return v.LineView(comment, self.line(statement, context))
            case _:
                assert_never(statement)

    def step(self, step: m.Step, context: str, comment: list[str]) -> v.StepView:
        target = self._target(step.name)
        undo = None
        if step.undo is not None:
            undo = self.undo(step)
        arguments = None if step.call.builtin else self.early_arguments(step.name, step.call, step.span)
        if step.call.builtin:
            function = f"lambda _: {self.builtin(step.call)}"
        else:
            function = f"lambda _: {self.call(step.call, arguments=arguments.variable if arguments else None)}"
        handlers = []
        if step.on_failure:
            self.imports.add(SDK, "StepError")
            exceptions = "(StepError, ExpressionError)" if arguments else "StepError"
            handlers.append(self.catch(exceptions, step.on_failure, target, context))
        return v.StepView(
            comment=comment,
            context=context,
            target=target,
            arguments=arguments,
            function=function,
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
        if wait.amount is not None:
            assert wait.unit is not None
            self.state.helpers.add("wait_seconds")
            self.imports.add(f"{SDK}.config", "Duration")
            written = f"wait {unparse.wait_amount(wait.amount)} {wait.unit.text}"
            seconds = f"wait_seconds({self.expressions.compile(wait.amount)}, {UNIT_SECONDS.get(wait.unit.text, 1)}, {python_string(written)})"
            return v.WaitView(
                comment=comment,
                context=context,
                duration=f"Duration.from_seconds({seconds})",
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
        arguments = self.early_arguments(wait_for.name, wait_for.call, wait_for.span)
        handlers = []
        if wait_for.on_timeout is not None:
            self.imports.add(SDK, "CallbackTimeoutError")
            handlers.append(self.catch("CallbackTimeoutError", [wait_for.on_timeout], target, context))
        if wait_for.on_failure:
            self.imports.add(SDK, "CallbackExternalError", "CallbackSubmitterError")
            exceptions = "(CallbackExternalError, CallbackSubmitterError)"
            if arguments:
                exceptions = "(CallbackExternalError, CallbackSubmitterError, ExpressionError)"
            handlers.append(self.catch(exceptions, wait_for.on_failure, target, context))
        return v.WaitForView(
            comment=comment,
            context=context,
            target=target,
            submitter=self.names.fresh(f"submit_{wait_for.name.text}"),
            arguments=arguments,
            submit_call=self.call(wait_for.call, callback=True, arguments=arguments.variable if arguments else None),
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
            retry=self.configs.with_retry(invoke.name.text, invoke.retry) if invoke.retry else None,
        )

    def poll(self, poll: m.Poll, context: str, comment: list[str]) -> v.PollView:
        self.imports.add(f"{SDK}.waits", "WaitForConditionConfig", "WaitForConditionDecision")
        target = self.names.variable(poll.name.text)
        # Arguments or a condition that fail are an ExpressionError inside the SDK's poll:
        # named as the flow's line, never retried, and raised as itself when unhandled.
        arguments = self.early_arguments(poll.name, poll.call, poll.span)
        until_where = None
        if can_fail(poll.until, self.safe_reads):
            self.state.helpers.add("expressions_at")
            until_where = python_string(f"line {poll.span.line}: until {unparse.expression(poll.until)}")
        handlers = []
        if poll.on_failure or arguments or until_where:
            self.imports.add(SDK, "WaitForConditionError")
            exceptions = ["WaitForConditionError"] + (["ConditionNotMet"] if poll.max_checks else [])
            exceptions += ["ExpressionError"] if until_where else []
            listed = exceptions[0] if len(exceptions) == 1 else f"({', '.join(exceptions)})"
            catch = self.catch(listed, poll.on_failure, target, context, named=True)
            self.state.helpers.add("failure_as_raised")
            handlers.append(catch._replace(raises=f"failure_as_raised({catch.error})"))
        checks = f"{poll.max_checks} check{'s' if poll.max_checks != 1 else ''}"
        give_up = f"{poll.name.text}: the condition still did not hold after {checks}"
        previous = target if self._reads_itself(poll) else "state"
        check_call = self.call(poll.call, arguments=arguments.variable if arguments else None)
        check_function = self._check_function(poll) if arguments else None
        return v.PollView(
            comment=comment,
            context=context,
            target=target,
            check_call=check_call,
            check_function=check_function,
            check=check_function or f"lambda {previous}, _: {check_call}",
            previous=previous,
            arguments=arguments,
            until_where=until_where,
            strategy=self.names.fresh(f"keep_polling_{poll.name.text}"),
            condition=self.expressions.compile_wrapped(poll.until, OR + 1),
            negated=self.expressions.compile_wrapped(poll.until, NOT),
            delay=self.configs.duration(poll.every),
            max_checks=poll.max_checks,
            name=python_string(poll.name.text),
            give_up=f"ConditionNotMet({python_string(give_up)})",
            handlers=handlers,
            retry=self.configs.with_retry(poll.name.text, poll.retry) if poll.retry else None,
        )

    def _check_function(self, poll: m.Poll) -> str:
        self.imports.add(f"{SDK}.types", "WaitForConditionCheckContext")
        return self.names.fresh(f"check_{poll.name.text}")

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

    def line(self, statement: m.SetValue | m.Log | m.Return | m.Fail, context: str) -> str:
        compile_ = self.expressions.compile
        match statement:
            case m.SetValue():
                variable = self.names.variable(statement.name.text)
                annotation = ""
                if statement.name.text in self.reassigned or needs_annotation(statement.value):
                    if variable not in self.annotated[-1]:
                        # A value that changes, or `[]` or `{}`: mypy cannot infer its type.
                        self.annotated[-1].add(variable)
                        annotation = ": Any"
                return f"{variable}{annotation} = {compile_(statement.value)}"
            case m.Log():
                fields = f", extra={compile_(statement.fields)}" if statement.fields is not None else ""
                return f"{context}.logger.info({compile_(statement.message)}{fields})"
            case m.Return():
                value = compile_(statement.value) if statement.value else "None"
                # Inside a group's function, `return` ends the group and tells the flow to end.
                return f'return {{"returned": {value}}}' if self.group_depth else f"return {value}"
            case m.Fail():
                message = compile_(statement.message) if statement.message else ""
                return f"raise {statement.error.text}({message})"
            case _:
                assert_never(statement)

    # ------------------------------------------------------------ pieces

    @staticmethod
    def _reads_itself(poll: m.Poll) -> bool:
        """Whether the poll's call reads its own NAME, the previous check's result."""
        return any(
            isinstance(node, m.Reference) and node.name == poll.name.text
            for argument in poll.call.arguments
            for node in expression_nodes(argument.value)
        )

def lower_flow(flow: m.Flow, source_name: str) -> v.ModuleView:
    """The view of the handler module for a flow that passed `check_flow`."""
    return Lowering(flow).module(source_name)
