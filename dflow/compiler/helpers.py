"""The helper functions a generated module may define, in the order they appear, and what each imports.

Each helper is a template in `templates/helpers/`; the lowering adds the ones a
flow needs, and these tables give their order and their imports.
"""

from __future__ import annotations

from dflow.compiler.configs import SDK

HELPER_ORDER = [
    "call_action",
    "retry_only_on",
    "retry_by_error",
    "callback_value",
    "seconds_until",
    "undo_completed_steps",
    "own_failure",
    "carry_undo",
    "attempt_undoing",
    "failure_as_raised",
    "raise_first_failure",
    "completing_after",
    "item_results",
    "branch_results",
    "failure_of",
    "text",
    "default_of",
    "dig",
    "matches_pattern",
    "to_number",
    "chunks",
    "unique",
    "flatten",
    "pick",
    "omit",
    "type_of",
    "moments",
    "is_timestamp",
    "execution_started_at",
    "group_is_over",
    "batch_outcomes",
    "wait_seconds",
    "expressions_at",
]
HELPER_IMPORTS: dict[str, list[tuple[str, str]]] = {
    "call_action": [("json", ""), ("collections.abc", "Callable"), ("typing", "ParamSpec")],
    "retry_only_on": [("collections.abc", "Callable"), (f"{SDK}.retries", "RetryDecision")],
    "retry_by_error": [
        ("collections.abc", "Callable"),
        (f"{SDK}.retries", "RetryDecision"),
        (f"{SDK}.exceptions", "UnrecoverableError"),
    ],
    "callback_value": [("json", "")],
    "text": [("json", "")],
    "default_of": [("collections.abc", "Callable")],
    "dig": [],
    "seconds_until": [("math", ""), ("datetime", "datetime"), ("datetime", "timezone")],
    "raise_first_failure": [
        ("typing", "NoReturn"),
        (SDK, "BatchItemStatus"),
        (SDK, "BatchResult"),
        (SDK, "ChildContextError"),
    ],
    "own_failure": [("json", ""), (SDK, "DurableOperationError")],
    "carry_undo": [("json", ""), (SDK, "DurableOperationError")],
    "attempt_undoing": [("collections.abc", "Callable"), (SDK, "DurableOperationError"), (SDK, "WithRetryConfig")],
    "failure_as_raised": [(SDK, "ChildContextError"), (SDK, "DurableOperationError")],
    "item_results": [(SDK, "BatchItemStatus"), (SDK, "BatchResult")],
    "completing_after": [("dataclasses", ""), (f"{SDK}.config", "MapConfig")],
    "branch_results": [(SDK, "BatchResult")],
    "undo_completed_steps": [],
    "matches_pattern": [("re", "")],
    "to_number": [("math", "")],
    "is_timestamp": [("datetime", "datetime")],
    "execution_started_at": [(f"{SDK}.exceptions", "InvocationError"), (f"{SDK}.exceptions", "TerminationReason")],
    "group_is_over": [("sys", ""), (f"{SDK}.exceptions", "UnrecoverableError")],
    "batch_outcomes": [(SDK, "BatchItemStatus"), (SDK, "BatchResult")],
    "wait_seconds": [("json", ""), ("math", "")],
    "expressions_at": [("json", ""), ("collections.abc", "Iterator"), ("contextlib", "contextmanager")],
    "chunks": [],
    "unique": [],
    "flatten": [],
    "pick": [],
    "omit": [],
    "type_of": [],
    "moments": [("datetime", "datetime"), ("datetime", "timedelta"), ("datetime", "timezone")],
    "failure_of": [
        ("json", ""),
        ("sys", ""),
        (SDK, "DurableOperationError"),
        (SDK, "StepError"),
    ],
}
# The helpers each helper calls: a flow that needs one needs these too.
HELPER_NEEDS: dict[str, tuple[str, ...]] = {
    "attempt_undoing": ("carry_undo", "undo_completed_steps"),
    "batch_outcomes": ("failure_of",),
    "branch_results": ("item_results",),
    "carry_undo": ("own_failure",),
    "execution_started_at": ("moments",),
    "failure_as_raised": ("own_failure",),
    "item_results": ("raise_first_failure",),
    "raise_first_failure": ("own_failure",),
    "retry_by_error": ("failure_of",),
    "undo_completed_steps": ("call_action",),
}


def with_needs(helpers: set[str]) -> list[str]:
    """The helpers a module defines, in order: those asked for and every helper they call."""
    needed = set(helpers)
    waiting = list(helpers)
    while waiting:
        for need in HELPER_NEEDS.get(waiting.pop(), ()):
            if need not in needed:
                needed.add(need)
                waiting.append(need)
    return [helper for helper in HELPER_ORDER if helper in needed]
