"""Simulate the SDK's own signals on the local runner: a lost invocation between operations.

An invocation is lost when Lambda's process dies, or when the SDK raises an
`InvocationError` (a checkpoint that could not be written): the service then
invokes the handler again and the replay takes up where the history ends. The
durable SDK's testing guide shows the way to simulate one between operations:
make the SDK raise `InvocationError` as the next operation starts, outside any
step. `lose_invocation_before` does that once, for the operation of that name.
"""

from __future__ import annotations

import contextlib
import types
from collections.abc import Iterator
from typing import Any

from aws_durable_execution_sdk_python.context import DurableContext
from aws_durable_execution_sdk_python.exceptions import InvocationError, TerminationReason

OPERATIONS = ("step", "invoke", "wait", "wait_for_callback", "wait_for_condition", "run_in_child_context")


@contextlib.contextmanager
def lose_invocation_before(name: str, times: int = 1) -> Iterator[list[str]]:
    """The first `times` starts of the operation named `name` lose the invocation instead.

    Yields the list of names whose invocation was lost, for the test to assert
    that the simulation happened.
    """
    lost: list[str] = []
    originals = {method: getattr(DurableContext, method) for method in OPERATIONS}

    def losing(method: str) -> Any:
        original = originals[method]

        def operation(self: DurableContext, *args: Any, **kwargs: Any) -> Any:
            if kwargs.get("name") == name and len(lost) < times:
                lost.append(name)
                raise InvocationError(f"lost before {name}", TerminationReason.INVOCATION_ERROR)
            return original(self, *args, **kwargs)

        return operation

    for method in OPERATIONS:
        setattr(DurableContext, method, losing(method))
    try:
        yield lost
    finally:
        for method, original in originals.items():
            setattr(DurableContext, method, original)


def edited_while_waiting(old: types.ModuleType, new: types.ModuleType) -> types.SimpleNamespace:
    """A handler that is `old` for the first invocation and `new` for every replay after it.

    An execution that waits ends its invocation; the next invocation replays
    its history on whatever code the function now has: here, the edited flow.
    """
    invocations: list[int] = []

    def handler(event: Any, context: Any) -> Any:
        invocations.append(1)
        module = old if len(invocations) == 1 else new
        return module.handler(event, context)

    return types.SimpleNamespace(handler=handler, invocations=invocations)
