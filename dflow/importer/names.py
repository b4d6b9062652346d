"""The names contract of `dflow import`: how a state's name becomes a flow's name.

Scenario files can be written from the ASL alone because these rules are
mechanical (`docs/importing.md` states them): every operation and action is
`snake(STATE_NAME)`, an error is the last dotted part of its ASL name.
"""

from __future__ import annotations

import keyword
import re

from dflow.language.grammar.keywords import IDENTIFIER, KEYWORDS

# A step calling one of these is the built-in step, not an action: they are words of the language too.
BUILT_IN_STEPS = frozenset({"now", "new_id", "random"})
# Python's keywords too: an action, an argument and an error become Python names in the handler.
RESERVED = KEYWORDS | BUILT_IN_STEPS | {"execution"} | frozenset(keyword.kwlist)

_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_NOT_NAME = re.compile(r"[^a-z0-9]+")


def snake(state_name: str) -> str:
    """`Get Customer Status` → `get_customer_status`, `ReserveFlight` → `reserve_flight`.

    Lower case; a camelCase boundary and every run of characters other than
    `a-z0-9` becomes `_`; leading and trailing `_` are dropped; a leading digit
    gets `s_`; a word of the language gets `_state`.
    """
    words = _NOT_NAME.sub("_", _CAMEL_BOUNDARY.sub("_", state_name).lower()).strip("_")
    if not words:
        words = "state"
    if words[0].isdigit():
        words = f"s_{words}"
    if words in RESERVED:
        words = f"{words}_state"
    return words


def error_name(asl_error: str) -> str:
    """An ASL error as the flow names it: its last dotted part, other characters as `_`.

    `States.FauxFailure1` → `FauxFailure1`, `Lambda.ServiceException` →
    `ServiceException`, `Job Failed` → `Job_Failed`.
    """
    last = asl_error.rsplit(".", 1)[-1]
    name = re.sub(r"[^A-Za-z0-9_]+", "_", last).strip("_") or "Failed"
    if name[0].isdigit():
        name = f"E_{name}"
    if name in RESERVED:
        name = f"{name}_error"
    return name


def argument_name(key: str) -> str:
    """A `Parameters` key as an argument: as written when it can name one, else `snake(key)`."""
    return key if is_plain_key(key) and key not in RESERVED else snake(key)


def is_plain_key(key: str) -> bool:
    """A map key the flow can write bare (`{ key: … }`, `a.key`); any other key is quoted."""
    return bool(IDENTIFIER.match(key)) and key not in KEYWORDS


class Scopes:
    """The names in scope while a flow is written: a repeat in scope gets `_2`, `_3`."""

    def __init__(self) -> None:
        self._open: list[set[str]] = [set()]

    def enter(self) -> None:
        self._open.append(set())

    def leave(self) -> None:
        self._open.pop()

    def visible(self, name: str) -> bool:
        return any(name in scope for scope in self._open)

    def claim(self, base: str) -> str:
        """`base`, or `base_2`, `base_3`… the first not in scope; it is then in scope."""
        name, number = base, 1
        while self.visible(name):
            number += 1
            name = f"{base}_{number}"
        self._open[-1].add(name)
        return name
