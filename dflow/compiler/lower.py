"""Stage 3: a checked `model.Flow` → `views.ModuleView`, ready for the templates.

Every decision about the generated code is made here, in Python: variable
names, configuration constants, imports, which helpers the module needs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dflow import __version__
from dflow.compiler import model as m
from dflow.compiler import views as v
from dflow.compiler.diagnostics import Diagnostic, FlowError
from dflow.compiler.names import PythonNames, constant_name
from dflow.compiler.pyexpr import ExpressionCompiler, python_string
from dflow.compiler.walk import all_statements, referenced_names

DEFAULT_FLOW_TIMEOUT_SECONDS = 86400
SDK = "aws_durable_execution_sdk_python"
HELPER_ORDER = ["retry_only_on", "callback_value", "seconds_until", "text"]


@dataclass
class Imports:
    """Names to import, by module; rendered sorted so output never reorders."""

    by_module: dict[str, set[str]] = field(default_factory=dict)
    plain: set[str] = field(default_factory=set)

    def add(self, module: str, *names: str) -> None:
        self.by_module.setdefault(module, set()).update(names)

    def groups(self) -> list[list[str]]:
        """Standard-library imports, then the SDK's, each sorted as isort would."""
        standard = sorted(f"import {name}" for name in self.plain)
        sdk: list[str] = []
        for module in sorted(self.by_module):
            line = f"from {module} import {', '.join(sorted(self.by_module[module]))}"
            (sdk if module.startswith(SDK) else standard).append(line)
        standard.sort(key=lambda line: (line.startswith("from"), line))
        return [group for group in (standard, sdk) if group]


class Lowering:
    """Builds the module view for one flow."""

    def __init__(self, flow: m.Flow) -> None:
        self.flow = flow
        self.names = PythonNames({error for error in _error_names(flow)})
        self.expressions = ExpressionCompiler(self.names)
        self.imports = Imports()
        self.constants: dict[str, v.ConstantView] = {}
        self.used = referenced_names(flow)
        self.action_modules = self._bind_action_modules()
        self.run_once: str | None = None

    # ------------------------------------------------------------ module

    def module(self, source_name: str) -> v.ModuleView:
        self.imports.add("typing", "Any")
        self.imports.add(SDK, "DurableContext", "durable_execution")
        compensation = any(
            isinstance(s, m.Step) and s.undo is not None for s in all_statements(self.flow.body)
        )
        if compensation:
            self.imports.plain.add("functools")
            self.imports.add("collections.abc", "Callable")
            self.imports.add(SDK, "StepError")
            self.imports.add(f"{SDK}.exceptions", "UnrecoverableError")
        undo_config = self._default_step_config() if compensation else ""
        body = self.block(self.flow.body)
        inputs = [self.input_field(field_) for field_ in self.flow.inputs or []]
        helpers = [h for h in HELPER_ORDER if h in self.expressions.helpers]
        for helper in helpers:
            self._helper_imports(helper)
        return v.ModuleView(
            header=generated_header(source_name),
            docstring=_docstring_text(self._module_doc()),
            imports=self.imports.groups(),
            action_imports=[line for _, line in sorted(self.action_modules.values())],
            errors=sorted(_error_names(self.flow)),
            constants=list(self.constants.values()),
            inputs=inputs,
            helpers=helpers,
            compensation=compensation,
            body=body,
            undo_config=undo_config,
            always_ends=_always_ends(self.flow.body),
            handler_doc=_docstring_text(self.flow.description or f"Run the {self.flow.name.text} flow."),
        )

    def _module_doc(self) -> str:
        lines = [f"Durable handler for the `{self.flow.name.text}` flow."]
        if self.flow.comment:
            lines += ["", self.flow.comment]
        return "\n".join(lines)

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
        return bound

    # ------------------------------------------------------------ statements

    def block(self, block: m.Block, context: str = "context") -> list[v.AnyView]:
        views: list[v.AnyView] = []
        for statement in block.statements:
            views.extend(self.statement(statement, context))
        return views

    def statement(self, statement: m.AnyStatement, context: str) -> list[v.AnyView]:
        comment = _comment_lines(statement.description)
        if isinstance(statement, m.Step):
            return [self.step(statement, context, comment)]
        if isinstance(statement, m.Wait):
            return [self.wait(statement, context, comment)]
        if isinstance(statement, m.WaitFor):
            return [self.wait_for(statement, context, comment)]
        if isinstance(statement, m.If):
            return [self.if_(statement, context, comment)]
        return [v.LineView(comment, self.line(statement, context))]

    def step(self, step: m.Step, context: str, comment: list[str]) -> v.StepView:
        target = self._target(step.name)
        config = self.step_config(step)
        undo = None
        if step.undo is not None:
            undo = v.UndoView(
                name=python_string(f"undo_{step.name.text}"),
                action=self.call(step.undo, partial=True),
            )
        on_failure = None
        if step.on_failure is not None:
            self.imports.add(SDK, "StepError")
            on_failure = self.handler("StepError", step.on_failure, target, context)
        return v.StepView(
            comment=comment,
            target=target,
            function=f"lambda _: {self.call(step.call)}",
            name=python_string(step.name.text),
            config=config,
            undo=undo,
            on_failure=on_failure,
        )

    def handler(
        self, exceptions: str, block: m.Block, target: str | None, context: str
    ) -> v.HandlerView:
        return v.HandlerView(
            exceptions=exceptions,
            body=self.block(block, context),
            falls_through=not _always_ends(block),
            target=target,
        )

    def wait(self, wait: m.Wait, context: str, comment: list[str]) -> v.AnyView:
        self.imports.add(f"{SDK}.config", "Duration")
        if wait.until is not None:
            name = wait.name.text if wait.name else "wait until"
            self._run_once()
            self.expressions.helpers.add("seconds_until")
            return v.WaitUntilView(
                comment=comment,
                timestamp=self.expressions.compile(wait.until),
                clock_name=python_string(f"{name} clock"),
                name=python_string(name),
            )
        assert wait.duration is not None
        written = f"wait {wait.duration.amount:g} {wait.duration.unit}"
        return v.WaitView(
            comment=comment,
            duration=self.duration(wait.duration),
            name=python_string(wait.name.text if wait.name else written),
        )

    def wait_for(self, wait_for: m.WaitFor, context: str, comment: list[str]) -> v.WaitForView:
        self.expressions.helpers.add("callback_value")
        target = self._target(wait_for.name)
        handlers = []
        if wait_for.on_timeout is not None:
            self.imports.add(SDK, "CallbackTimeoutError")
            handlers.append(self.handler("CallbackTimeoutError", wait_for.on_timeout, target, context))
        if wait_for.on_failure is not None:
            self.imports.add(SDK, "CallbackExternalError", "CallbackSubmitterError")
            handlers.append(
                self.handler(
                    "(CallbackExternalError, CallbackSubmitterError)",
                    wait_for.on_failure,
                    target,
                    context,
                )
            )
        self.imports.add(f"{SDK}.types", "WaitForCallbackContext")
        return v.WaitForView(
            comment=comment,
            target=target,
            submitter=self.names.fresh(f"submit_{wait_for.name.text}"),
            submit_call=self.call(wait_for.call, callback=True),
            name=python_string(wait_for.name.text),
            config=self.callback_config(wait_for),
            handlers=handlers,
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
            return f"{context}.logger.info({compile_(statement.message)})"
        if isinstance(statement, m.Return):
            return f"return {compile_(statement.value) if statement.value else 'None'}"
        if isinstance(statement, m.Fail):
            message = compile_(statement.message) if statement.message else ""
            return f"raise {statement.error.text}({message})"
        raise FlowError([_unsupported(statement)])

    # ------------------------------------------------------------ pieces

    def call(self, call: m.Call, partial: bool = False, callback: bool = False) -> str:
        module, _ = self.action_modules[call.alias]
        arguments = [
            f"{argument.name}={self.expressions.compile(argument.value)}"
            for argument in call.arguments
        ]
        if callback:
            arguments.append("callback_id=callback_id")
        if partial:
            return f"functools.partial({', '.join([f'{module}.{call.function}', *arguments])})"
        return f"{module}.{call.function}({', '.join(arguments)})"

    def step_config(self, step: m.Step) -> str:
        retry = step.retry or self.flow.retry
        if retry is None and not step.at_most_once:
            return self._run_once()
        if step.retry is None and not step.at_most_once:
            return self._default_step_config()
        self.imports.add(f"{SDK}.config", "StepConfig")
        parts = [f"retry_strategy={self.retry_strategy(retry)}"]
        if step.at_most_once:
            self.imports.add(f"{SDK}.config", "StepSemantics")
            parts.append("step_semantics=StepSemantics.AT_MOST_ONCE_PER_RETRY")
        suffix = "_RETRY" if retry is not None else "_AT_MOST_ONCE"
        described = _describe_retry(retry) if retry is not None else "at most once"
        return self._constant(
            constant_name(step.name.text) + suffix,
            f"StepConfig({', '.join(parts)})",
            f"{step.name.text}: {described}" + (", at most once" if step.at_most_once and retry else ""),
        )

    def _default_step_config(self) -> str:
        """The configuration of steps that set no retry of their own."""
        if self.flow.retry is None:
            return self._run_once()
        self.imports.add(f"{SDK}.config", "StepConfig")
        return self._constant(
            "DEFAULT_RETRY",
            f"StepConfig(retry_strategy={self.retry_strategy(self.flow.retry)})",
            f"Every step's retry unless it sets its own: {_describe_retry(self.flow.retry)}",
        )

    def callback_config(self, wait_for: m.WaitFor) -> str:
        self.imports.add(f"{SDK}.config", "WaitForCallbackConfig", "Duration")
        timeout = wait_for.timeout.seconds if wait_for.timeout else self._flow_timeout()
        parts = [f"timeout={self.duration_seconds(int(timeout))}"]
        if wait_for.heartbeat is not None:
            parts.append(f"heartbeat_timeout={self.duration(wait_for.heartbeat)}")
        parts.append(f"retry_strategy={self.retry_strategy(self.flow.retry)}")
        described = f"{wait_for.name.text}: the callback times out after {_seconds_words(int(timeout))}"
        if wait_for.heartbeat is not None:
            described += f", or {_seconds_words(int(wait_for.heartbeat.seconds))} without a heartbeat"
        return self._constant(
            constant_name(wait_for.name.text) + "_CALLBACK",
            f"WaitForCallbackConfig({', '.join(parts)})",
            described,
        )

    def retry_strategy(self, retry: m.RetryPolicy | None) -> str:
        self.imports.add(f"{SDK}.retries", "RetryPresets" if retry is None else "create_retry_strategy")
        if retry is None:
            return "RetryPresets.none()"
        self.imports.add(f"{SDK}.retries", "RetryStrategyConfig")
        self.imports.add(f"{SDK}.config", "Duration", "JitterStrategy")
        every = self.duration(retry.every) if retry.every else self.duration_seconds(1)
        max_delay = self.duration(retry.max_delay) if retry.max_delay else self.duration_seconds(300)
        backoff = retry.backoff if retry.backoff is not None else 2
        config = (
            f"RetryStrategyConfig(max_attempts={retry.retries + 1}, initial_delay={every}, "
            f"max_delay={max_delay}, backoff_rate={backoff:g}, "
            f"jitter_strategy=JitterStrategy.{(retry.jitter or 'full').upper()})"
        )
        strategy = f"create_retry_strategy({config})"
        if retry.on:
            self.expressions.helpers.add("retry_only_on")
            errors = ", ".join(python_string(name) for name in sorted(set(retry.on)))
            return f"retry_only_on({{{errors}}}, {strategy})"
        return strategy

    def duration(self, duration: m.Duration) -> str:
        return self.duration_seconds(int(duration.seconds))

    def duration_seconds(self, seconds: int) -> str:
        self.imports.add(f"{SDK}.config", "Duration")
        for unit, size in (("days", 86400), ("hours", 3600), ("minutes", 60)):
            if seconds >= size and seconds % size == 0:
                return f"Duration.from_{unit}({seconds // size})"
        return f"Duration.from_seconds({seconds})"

    def input_field(self, field_: m.InputField) -> v.InputFieldView:
        from dflow.compiler.inputs import expected_words, type_check

        default = self.expressions.compile(field_.default) if field_.default is not None else None
        return v.InputFieldView(
            key=python_string(field_.name.text),
            label=field_.name.text,
            required=default is None and not field_.type.optional,
            check=_parenthesised(type_check(field_.type, "value")),
            expected=python_string(f"{field_.name.text} must be {expected_words(field_.type)}"),
            default=default,
        )

    def _target(self, name: m.Name) -> str | None:
        """The variable an operation's result goes into, when anything reads it."""
        return self.names.variable(name.text) if name.text in self.used else None

    def _run_once(self) -> str:
        if self.run_once is None:
            self.imports.add(f"{SDK}.config", "StepConfig")
            self.imports.add(f"{SDK}.retries", "RetryPresets")
            self.run_once = "RUN_ONCE"
            self.constants["RUN_ONCE"] = v.ConstantView(
                "RUN_ONCE",
                "StepConfig(retry_strategy=RetryPresets.none())",
                "Steps without a retry policy run exactly once, whatever the SDK's default.",
            )
        return self.run_once

    def _constant(self, wanted: str, code: str, comment: str | None) -> str:
        for existing in self.constants.values():
            if existing.code == code:
                return existing.name
        name = self.names.fresh(wanted)
        self.constants[name] = v.ConstantView(name, code, _comment_text(comment) if comment else None)
        return name

    def _flow_timeout(self) -> float:
        return self.flow.timeout.seconds if self.flow.timeout else DEFAULT_FLOW_TIMEOUT_SECONDS

    def _helper_imports(self, helper: str) -> None:
        if helper == "retry_only_on":
            self.imports.add("collections.abc", "Callable")
            self.imports.add(f"{SDK}.retries", "RetryDecision")
        elif helper in ("callback_value", "text"):
            self.imports.plain.add("json")
        elif helper == "seconds_until":
            self.imports.plain.add("math")
            self.imports.add("datetime", "datetime", "timezone")


def generated_header(source_name: str) -> str:
    """The first line of every generated file; `dflow compile` only replaces files with it."""
    return (
        f"# Generated by dflow {__version__} from {_comment_text(source_name)}. "
        "Do not edit: change the flow and run `dflow compile` again."
    )


def lower_flow(flow: m.Flow, source_name: str) -> v.ModuleView:
    """The view of the handler module for a flow that passed `check_flow`."""
    return Lowering(flow).module(source_name)


# ---------------------------------------------------------------- text helpers


def _parenthesised(condition: str) -> str:
    return f"({condition})" if " and " in condition or " or " in condition else condition


def _error_names(flow: m.Flow) -> set[str]:
    return {s.error.text for s in all_statements(flow.body) if isinstance(s, m.Fail)} - {"InvalidInput"}


def _always_ends(block: m.Block) -> bool:
    """True when every path through the block ends in `return` or `fail`."""
    if not block.statements:
        return False
    last = block.statements[-1]
    if isinstance(last, (m.Return, m.Fail)):
        return True
    if isinstance(last, m.If) and last.otherwise is not None:
        return all(_always_ends(arm.body) for arm in last.arms) and _always_ends(last.otherwise)
    return False


def _describe_retry(retry: m.RetryPolicy) -> str:
    words = [f"retry {retry.retries} time{'s' if retry.retries != 1 else ''}"]
    if retry.every:
        words.append(f"every {retry.every.amount:g} {retry.every.unit}")
    if retry.backoff is not None:
        words.append(f"backoff {retry.backoff:g}")
    if retry.max_delay:
        words.append(f"max delay {retry.max_delay.amount:g} {retry.max_delay.unit}")
    if retry.jitter:
        words.append(f"jitter {retry.jitter}")
    if retry.on:
        words.append("on " + ", ".join(retry.on))
    return " ".join(words)


def _seconds_words(seconds: int) -> str:
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60), ("second", 1)):
        if seconds % size == 0:
            count = seconds // size
            return f"{count} {unit}{'s' if count != 1 else ''}"
    return f"{seconds} seconds"


def _comment_text(text: str) -> str:
    """One line of text that is safe inside a `#` comment."""
    return "".join(char if char.isprintable() else " " for char in text)


def _comment_lines(description: str | None) -> list[str]:
    if not description:
        return []
    return [_comment_text(line) for line in description.split("\n")]


def _docstring_text(text: str) -> str:
    """Text for a triple-quoted docstring: no quote, backslash or control character survives."""
    return "\n".join(python_string(line)[1:-1] for line in text.split("\n"))


def _unsupported(statement: m.AnyStatement) -> Diagnostic:
    return Diagnostic(
        "DF900",
        f"`{statement.kind.replace('_', ' ')}` is not supported yet by this version of dflow",
        statement.span,
    )
