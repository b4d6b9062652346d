"""Lowering an action's call, a built-in step, and an input field: the pieces statements are made of.

`Lowering` (in `lower.py`) inherits these and shares its module state.
"""

from __future__ import annotations

from dflow.compiler import views as v
from dflow.compiler.block_facts import can_fail
from dflow.compiler.configs import ModuleState
from dflow.compiler.names import PythonNames
from dflow.compiler.pyexpr import ExpressionCompiler, python_string
from dflow.language import model as m
from dflow.language.text import unparse


class CallLowering:
    """The part of `Lowering` that writes calls and input checks."""

    state: ModuleState
    names: PythonNames
    expressions: ExpressionCompiler
    action_modules: dict[str | None, tuple[str, str]]
    safe_reads: set[tuple[str, str]]  # `NAME.key` reads that cannot fail

    def early_arguments(self, name: m.Name, call: m.Call, span: m.Span) -> v.ArgumentsView | None:
        """Arguments that can fail, to evaluate before the operation (None when none can).

        Evaluated inside the step, a failing argument would be the step's own
        failure, retried and named after Python's error. Before it, the failure is
        an ExpressionError of this statement: never retried, seen by its `on failure`.
        """
        if not any(can_fail(argument.value, self.safe_reads) for argument in call.arguments):
            return None
        self.state.helpers.add("expressions_at")
        values = ", ".join(
            f"{python_string(a.name)}: {self.expressions.compile(a.value)}" for a in call.arguments
        )
        return v.ArgumentsView(
            where=python_string(f"line {span.line}: {unparse.call(call)}"),
            variable=self.names.fresh(f"{name.text}_arguments"),
            values="{" + values + "}",
        )

    def call(self, call: m.Call, callback: bool = False, arguments: str | None = None) -> str:
        """The action called through `call_action`, which checks its result is JSON.

        With `arguments`, the keyword arguments are that dict, evaluated before.
        """
        self.state.helpers.add("call_action")
        module, _ = self.action_modules[call.alias]
        if arguments is not None:
            callback_id = ", callback_id=callback_id" if callback else ""
            return f"call_action({module}.{call.function}, **{arguments}{callback_id})"
        arguments_code = [f"{module}.{call.function}"] + [
            f"{argument.name}={self.expressions.compile(argument.value)}"
            for argument in call.arguments
        ]
        if callback:
            arguments_code.append("callback_id=callback_id")
        return f"call_action({', '.join(arguments_code)})"

    def builtin(self, call: m.Call) -> str:
        """A built-in step's body: it reads the world, so it runs only inside a step."""
        if call.function == "now":
            self.state.helpers.add("moments")
            return "moment_text(datetime.now(timezone.utc))"
        if call.function == "new_id":
            self.state.imports.plain.add("uuid")
            return "str(uuid.uuid4())"
        self.state.imports.plain.add("random")
        low, high = (self.expressions.compile(value) for value in call.positional)
        return f"random.randint({low}, {high})"

    def input_field(self, field_: m.InputField) -> v.InputFieldView:
        from dflow.compiler.inputs import expected_words, type_check

        default = self.expressions.compile(field_.default) if field_.default is not None else None
        check = type_check(field_.type, "value")
        if "is_timestamp(" in check:
            self.state.helpers.add("is_timestamp")
        return v.InputFieldView(
            key=python_string(field_.name.text),
            label=field_.name.text,
            required=default is None and not field_.type.optional,
            check=f"({check})" if " and " in check or " or " in check else check,
            expected=python_string(f"{field_.name.text} must be {expected_words(field_.type)}"),
            default=default,
        )
