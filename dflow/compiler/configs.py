"""The module-wide state of one generated handler, and the SDK configuration objects in it.

`ModuleState` holds what every part of the lowering shares: Python names,
imports, module-level constants and the helpers the code needs. `Configs`
turns retry policies, durations and callbacks into SDK configuration code,
giving identical configurations one shared constant.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dflow.compiler import views as v
from dflow.compiler.names import PythonNames, constant_name
from dflow.compiler.pyexpr import ExpressionCompiler, python_string
from dflow.language import model as m
from dflow.language.durations import seconds_words

SDK = "aws_durable_execution_sdk_python"
# The contract (10.1): without `max delay`, delays grow as written. The SDK needs
# some cap; the longest an execution can run is one no delay can reach anyway.
UNCAPPED_DELAY_SECONDS = 366 * 86400


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


class ModuleState:
    """What the whole generated module shares while it is being lowered."""

    def __init__(self, reserved: set[str]) -> None:
        self.names = PythonNames(reserved)
        self.expressions = ExpressionCompiler(self.names)
        self.imports = Imports()
        self.constants: dict[str, v.ConstantView] = {}

    @property
    def helpers(self) -> set[str]:
        return self.expressions.helpers

    def constant(
        self, wanted: str, code: str, comment: str | None, annotation: str | None = None
    ) -> str:
        """A module-level constant holding `code`; identical code shares one constant."""
        for existing in self.constants.values():
            if existing.code == code:
                return existing.name
        name = self.names.fresh(wanted)
        text = comment_text(comment) if comment else None
        self.constants[name] = v.ConstantView(name, code, text, annotation)
        return name


class Configs:
    """SDK configuration code for steps, callbacks and retries."""

    def __init__(self, state: ModuleState, flow: m.Flow) -> None:
        self.state = state
        self.flow = flow

    def run_once(self) -> str:
        self.state.imports.add(f"{SDK}.config", "StepConfig")
        self.state.imports.add(f"{SDK}.retries", "RetryPresets")
        return self.state.constant(
            "RUN_ONCE",
            "StepConfig(retry_strategy=RetryPresets.none())",
            "Steps without a retry policy run exactly once, whatever the SDK's default.",
        )

    def default_step(self) -> str:
        """The configuration of steps that set no retry of their own."""
        if self.flow.retry is None:
            return self.run_once()
        self.state.imports.add(f"{SDK}.config", "StepConfig")
        return self.state.constant(
            "DEFAULT_RETRY",
            f"StepConfig(retry_strategy={self.retry_strategy(self.flow.retry)})",
            f"Every step's retry unless it sets its own: {describe_retry(self.flow.retry)}",
        )

    def step(self, step: m.Step) -> str:
        if not step.retry and not step.at_most_once:
            return self.default_step()
        retries = step.retry or ([self.flow.retry] if self.flow.retry else [])
        self.state.imports.add(f"{SDK}.config", "StepConfig")
        parts = [f"retry_strategy={self.retry_lines(retries)}"]
        if step.at_most_once:
            self.state.imports.add(f"{SDK}.config", "StepSemantics")
            parts.append("step_semantics=StepSemantics.AT_MOST_ONCE_PER_RETRY")
        described = [describe_retry(retry) for retry in retries]
        described += ["at most once"] if step.at_most_once else []
        suffix = "_RETRY" if retries else "_AT_MOST_ONCE"
        return self.state.constant(
            constant_name(step.name.text) + suffix,
            f"StepConfig({', '.join(parts)})",
            f"{step.name.text}: {', '.join(described)}",
        )

    def callback(self, wait_for: m.WaitFor) -> str:
        self.state.imports.add(f"{SDK}.config", "WaitForCallbackConfig")
        timeout = int(wait_for.timeout.seconds) if wait_for.timeout else self.flow_timeout()
        parts = [f"timeout={self.duration_seconds(timeout)}"]
        described = f"{wait_for.name.text}: the callback times out after {seconds_words(timeout)}"
        if wait_for.heartbeat is not None:
            parts.append(f"heartbeat_timeout={self.duration(wait_for.heartbeat)}")
            heartbeat = seconds_words(int(wait_for.heartbeat.seconds))
            described += f", or after {heartbeat} without a heartbeat"
        retries = wait_for.retry or ([self.flow.retry] if self.flow.retry else [])
        parts.append(f"retry_strategy={self.retry_lines(retries)}")
        if wait_for.retry:
            described += "; its submitter: " + ", ".join(describe_retry(retry) for retry in retries)
        return self.state.constant(
            constant_name(wait_for.name.text) + "_CALLBACK",
            f"WaitForCallbackConfig({', '.join(parts)})",
            described,
        )

    def batch(self, kind: str, batch: m.Parallel | m.ForEach, run_all: bool) -> str:
        """`ParallelConfig` or `MapConfig` with the flow's concurrency, tolerance and completion.

        With `run_all`, every item runs to its end even past the tolerance (which
        `item_results` still enforces afterwards): an item the SDK left running in
        the background could complete a step whose undo would then never run.
        """
        config_class = "ParallelConfig" if kind == "parallel" else "MapConfig"
        self.state.imports.add(f"{SDK}.config", config_class, "CompletionConfig")
        name, max_concurrency = batch.name.text, batch.max_concurrency
        parts = []
        default_cap = max_concurrency is None and kind == "map"
        if default_cap:
            max_concurrency = m.DEFAULT_FOR_EACH_CONCURRENCY
        one_at_a_time = run_all and batch.complete_after is not None
        if one_at_a_time:
            # An item still running when the batch completes would go on unseen, and
            # a step it completed then would never be undone: none may be running.
            max_concurrency, default_cap = 1, False
        if max_concurrency is not None:
            parts.append(f"max_concurrency={max_concurrency}")
        if run_all:
            completion = ["tolerated_failure_percentage=100"]
        elif batch.tolerate_percent is not None:
            completion = [f"tolerated_failure_percentage={batch.tolerate_percent}"]
        else:
            completion = [f"tolerated_failure_count={batch.tolerate}"]
        if batch.complete_after is not None:
            completion.insert(0, f"min_successful={batch.complete_after}")
        parts.append(f"completion_config=CompletionConfig({', '.join(completion)})")
        what = "branch" if kind == "parallel" else "item"
        described = [f"at most {max_concurrency} at once"] if max_concurrency is not None else []
        if default_cap:
            described[0] += " (the default)"
        if batch.tolerate_percent is not None:
            described.append(f"tolerate {batch.tolerate_percent}% failures")
        else:
            described.append(f"tolerate {batch.tolerate} failure{'s' if batch.tolerate != 1 else ''}")
        if batch.complete_after is not None:
            described.append(f"complete after {batch.complete_after} successes")
        if one_at_a_time:
            described[0] = f"one {what} at a time, so none is still running when the batch completes"
        if run_all:
            described.append(f"every {what} runs to its end, so its undo calls are known")
        return self.state.constant(
            constant_name(name) + ("_PARALLEL" if kind == "parallel" else "_MAP"),
            f"{config_class}({', '.join(parts)})",
            f"{name}: {', '.join(described)}",
            "MapConfig[Any]" if kind == "map" else None,
        )

    def retry_lines(self, retries: list[m.RetryPolicy], operation: bool = False) -> str:
        """The strategy of a statement's `retry` lines, the first whose `on` names the error deciding.

        With `operation`, the errors are the SDK's (a failed invoke, group or
        poll), which record the original error's name as text, or an
        ExpressionError, which is never retried: `retry_by_error` knows both.
        """
        if not retries:
            return self.retry_strategy(None)
        if len(retries) == 1 and not operation:
            return self.retry_strategy(retries[0])
        self.state.helpers.add("retry_by_error")
        lines = []
        for retry in retries:
            plain = retry.model_copy(update={"on": []})
            errors = "{" + ", ".join(python_string(name) for name in sorted(set(retry.on))) + "}"
            lines.append(f"({errors if retry.on else 'None'}, {self.retry_strategy(plain)})")
        return f"retry_by_error([{', '.join(lines)}])"

    def with_retry(self, name: str, retries: list[m.RetryPolicy]) -> str:
        """`WithRetryConfig` for an operation the SDK does not retry by itself: invoke, poll, group.

        The attempts run in the context around them (a group brings its own),
        so each operation keeps its name in the history.
        """
        self.state.imports.add(SDK, "WithRetryConfig", "with_retry")
        parts = [f"retry_strategy={self.retry_lines(retries, operation=True)}", "wrap_with_run_in_child_context=False"]
        return self.state.constant(
            constant_name(name) + "_RETRY",
            f"WithRetryConfig({', '.join(parts)})",
            f"{name}: " + ", ".join(describe_retry(retry) for retry in retries),
            annotation="WithRetryConfig[Any]",
        )

    def retry_strategy(self, retry: m.RetryPolicy | None) -> str:
        imports = self.state.imports
        if retry is None:
            imports.add(f"{SDK}.retries", "RetryPresets")
            return "RetryPresets.none()"
        imports.add(f"{SDK}.retries", "RetryStrategyConfig", "create_retry_strategy")
        imports.add(f"{SDK}.config", "JitterStrategy")
        every = self.duration_seconds(retry.first_delay_seconds)
        max_delay = (
            self.duration(retry.max_delay)
            if retry.max_delay
            else self.duration_seconds(UNCAPPED_DELAY_SECONDS)
        )
        config = (
            f"RetryStrategyConfig(max_attempts={retry.retries + 1}, initial_delay={every}, "
            f"max_delay={max_delay}, backoff_rate={retry.backoff_rate:g}, "
            f"jitter_strategy=JitterStrategy.{(retry.jitter or 'none').upper()})"
        )
        strategy = f"create_retry_strategy({config})"
        if not retry.on:
            return strategy
        self.state.helpers.add("retry_only_on")
        errors = ", ".join(python_string(name) for name in sorted(set(retry.on)))
        return f"retry_only_on({{{errors}}}, {strategy})"

    def duration(self, duration: m.Duration) -> str:
        return self.duration_seconds(int(duration.seconds))

    def duration_seconds(self, seconds: int) -> str:
        """`Duration.from_minutes(15)`: the largest unit that divides evenly."""
        self.state.imports.add(f"{SDK}.config", "Duration")
        for unit, size in (("days", 86400), ("hours", 3600), ("minutes", 60)):
            if seconds >= size and seconds % size == 0:
                return f"Duration.from_{unit}({seconds // size})"
        return f"Duration.from_seconds({seconds})"

    def flow_timeout(self) -> int:
        return self.flow.timeout_seconds


def describe_retry(retry: m.RetryPolicy) -> str:
    """The retry policy in the flow's own words, for a comment beside its constant."""
    words = [f"retry {retry.retries} time{'s' if retry.retries != 1 else ''}"]
    if retry.every:
        words.append(f"every {seconds_words(int(retry.every.seconds))}")
    if retry.backoff is not None:
        words.append(f"backoff {retry.backoff:g}")
    if retry.max_delay:
        words.append(f"max delay {seconds_words(int(retry.max_delay.seconds))}")
    if retry.jitter:
        words.append(f"jitter {retry.jitter}")
    if retry.on:
        words.append("on " + ", ".join(retry.on))
    return " ".join(words)


def comment_text(text: str) -> str:
    """One line of text that is safe inside a `#` comment."""
    return "".join(char if char.isprintable() else " " for char in text)
