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
    "raise_first_failure",
    "item_results",
    "branch_results",
    "failure_of",
    "text",
    "default_of",
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
    "group_is_over",
    "batch_outcomes",
    "wait_seconds",
    "expressions_at",
]
HELPER_IMPORTS: dict[str, list[tuple[str, str]]] = {
    "call_action": [("json", ""), ("collections.abc", "Callable"), ("typing", "ParamSpec")],
    "retry_only_on": [("collections.abc", "Callable"), (f"{SDK}.retries", "RetryDecision")],
    "retry_by_error": [("collections.abc", "Callable"), (f"{SDK}.retries", "RetryDecision")],
    "callback_value": [("json", "")],
    "text": [("json", "")],
    "default_of": [("collections.abc", "Callable")],
    "seconds_until": [("math", ""), ("datetime", "datetime"), ("datetime", "timezone")],
    "raise_first_failure": [
        ("typing", "NoReturn"),
        (SDK, "BatchItemStatus"),
        (SDK, "BatchResult"),
        (SDK, "ChildContextError"),
        (SDK, "DurableOperationError"),
    ],
    "item_results": [(SDK, "BatchItemStatus"), (SDK, "BatchResult")],
    "branch_results": [(SDK, "BatchResult")],
    "undo_completed_steps": [],
    "matches_pattern": [("re", "")],
    "to_number": [("math", "")],
    "is_timestamp": [("datetime", "datetime")],
    "group_is_over": [("sys", ""), (f"{SDK}.exceptions", "UnrecoverableError")],
    "batch_outcomes": [(SDK, "BatchItemStatus"), (SDK, "BatchResult")],
    "wait_seconds": [("json", "")],
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
