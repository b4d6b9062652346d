"""The actions of the ported SDK examples: the work their handlers did inline, as plain functions.

Each is named after the step function or lambda of the example it comes from
(see conformance/README.md).
"""

from __future__ import annotations

import logging
from typing import Any

logger = logging.getLogger(__name__)


def step_1() -> None:
    """hello_world: the first step logs a message."""
    logger.info("Hello from step1")


def step_2(status_code: int) -> str:
    """hello_world: the second step returns a message."""
    logger.info("Returning message with status code: %d", status_code)
    return f"Hello from Durable Lambda! (status: {status_code})"


def add_numbers(a: int, b: int) -> int:
    return a + b


def constant(value: Any) -> Any:
    """A step whose lambda returned a fixed value: `lambda _: "task 1 completed"`."""
    return value


def multiply(value: int, by: int) -> int:
    return value * by


def nothing() -> None:
    return None


def decline_payment() -> None:
    raise ValueError("payment declined")


def increment(previous: int | None) -> int:
    """wait_for_condition: the state starts at 0 and each check adds 1."""
    return (previous or 0) + 1


def external_system_call(callback_id: str) -> None:
    """wait_for_callback: the external system is told nothing here; the test answers."""


def fail_step(message: str) -> None:
    """run_in_child_context_step_failure: a step that always fails."""
    raise Exception(message)


def failing_submitter(message: str, callback_id: str) -> None:
    """wait_for_callback_submitter_failure_catchable: a submitter that always fails."""
    raise Exception(message)
