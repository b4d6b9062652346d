"""Safe Python identifiers for the names a flow defines.

A flow may call a step `class`, `id` or `context`; the generated module must
still be valid and never let a flow name shadow something it relies on. Such
names get a trailing underscore (`id` → `id_`) until they are free.
"""

from __future__ import annotations

import builtins
import keyword
import re

# Names the generated module itself uses at module or handler level.
GENERATED_NAMES = frozenset(
    {
        "Any", "Callable", "Duration", "JitterStrategy", "RetryDecision", "RetryPresets",
        "RetryStrategyConfig", "StepConfig", "StepSemantics", "WaitForCallbackConfig",
        "DurableContext", "StepContext", "durable_execution", "create_retry_strategy",
        "CallbackExternalError", "CallbackSubmitterError", "CallbackTimeoutError",
        "StepError", "UnrecoverableError", "InvalidInput",
        "annotations", "json", "math", "datetime", "timezone",
        "handler", "event", "context", "flow_input", "compensations", "undo_name",
        "undo_action", "failure", "value", "item", "problems",
        "read_input", "callback_value", "text", "seconds_until", "retry_only_on",
        "Compensation", "ConditionNotMet", "ParallelBranch", "ParallelConfig",
        "MapConfig", "CompletionConfig", "BatchResult", "BatchItemStatus", "InvokeError",
        "WaitForConditionError", "WaitForConditionConfig", "WaitForConditionDecision",
        "WaitForCallbackContext", "Sequence", "functools", "ctx", "checks", "state",
        "callback_id", "item_index", "all_items", "item_results", "branch_results",
        "undo_completed_steps", "UNDO_ACTIONS", "raise_first_failure", "FLOW_ERRORS",
        "NoReturn", "ChildContextError", "DurableOperationError", "call_action",
        "shorten_message", "ResultNotJSON", "ParamSpec", "P", "MAX_ERROR_MESSAGE", "default_of",
        "sys", "failure_names", "recorded_class", "failure_is", "failure_of", "CALLBACK_FAILURES",
        "_", "re", "base64", "hashlib", "timedelta", "matches_pattern", "to_number", "chunks",
        "unique", "flatten", "pick", "omit", "type_of", "parse_moment", "moment_text", "shift",
        "seconds_between", "random", "uuid", "is_timestamp", "flow_execution", "group_is_over", "keep_error_type", "kept_error_type", "retry_by_error", "WithRetryConfig", "with_retry", "too_many_failures", "wait_seconds", "InvalidDuration", "expressions_at", "ExpressionError", "contextmanager", "Iterator",
        "failed_items", "succeeded_items", "item_errors", "own_failure", "failure_record",
        "carry_undo", "carried_undo", "carried_value", "not_json", "MAX_WAIT_SECONDS", "execution_started_at", "InvocationError", "TerminationReason", "attempt_undoing", "failure_as_raised", "completing_after", "dataclasses", "dig", "sorted", "reversed", "next", "iter", "map",
    }
)


class PythonNames:
    """Maps flow names to Python identifiers, the same way for the whole module."""

    def __init__(self, reserved: set[str] | frozenset[str] = frozenset()) -> None:
        self._taken: set[str] = set(GENERATED_NAMES) | set(reserved)
        self._mapping: dict[str, str] = {}
        # Sets and counters rather than scans, so naming stays linear in the flow's size.
        self._mapped: set[str] = set()
        self._next_suffix: dict[str, int] = {}

    def reserve(self, name: str) -> None:
        """Claim a module-level name (a config constant, an error class…)."""
        self._taken.add(name)

    def is_taken(self, name: str) -> bool:
        return name in self._taken or name in self._mapped or is_python_reserved(name)

    def variable(self, flow_name: str) -> str:
        """The Python variable for a flow name; stable for the whole module."""
        if flow_name not in self._mapping:
            candidate = flow_name
            while self.is_taken(candidate):
                candidate += "_"
            self._mapping[flow_name] = candidate
            self._mapped.add(candidate)
        return self._mapping[flow_name]

    def fresh(self, wanted: str) -> str:
        """A new module-level name based on `wanted`, reserved from now on."""
        candidate = wanted
        while self.is_taken(candidate):
            counter = self._next_suffix.get(wanted, 2)
            self._next_suffix[wanted] = counter + 1
            candidate = f"{wanted}_{counter}"
        self.reserve(candidate)
        return candidate


def is_python_reserved(name: str) -> bool:
    """True for keywords, soft keywords and builtins (`class`, `match`, `id`, `list`)."""
    return keyword.iskeyword(name) or keyword.issoftkeyword(name) or hasattr(builtins, name)


def constant_name(flow_name: str) -> str:
    """`reservation` → `RESERVATION`, for module-level configuration objects."""
    return re.sub(r"[^A-Za-z0-9]+", "_", flow_name).strip("_").upper() or "FLOW"


def pascal_case(flow_name: str) -> str:
    """`order_fulfilment` → `OrderFulfilment`, for SAM logical ids."""
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[^A-Za-z0-9]+", flow_name))
