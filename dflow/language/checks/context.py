"""What every semantic check shares: the checker's state (with the resolved view) and the rules for names and durations."""

from __future__ import annotations

import builtins
import keyword
import re
from dataclasses import dataclass, field

from dflow.language import model as m
from dflow.language.resolution import Resolution
from dflow.language.diagnostics import Diagnostic, Fix
from dflow.language.durations import as_written, seconds_words
from dflow.language.grammar.keywords import KEYWORDS

FUNCTIONS = {  # name: (fewest arguments, most arguments or None for no limit)
    "len": (1, 1),
    "lower": (1, 1),
    "upper": (1, 1),
    "round": (1, 2),
    "min": (1, None),
    "max": (1, None),
    "sum": (1, 1),
    "default": (2, 2),
    # version 2 (10.7): text
    "starts_with": (2, 2),
    "ends_with": (2, 2),
    "split": (2, 2),
    "join": (2, 2),
    "replace": (3, 3),
    "trim": (1, 1),
    "matches": (2, 2),
    "text": (1, 1),
    "number": (1, 1),
    "to_json": (1, 1),
    "from_json": (1, 1),
    "base64_encode": (1, 1),
    "base64_decode": (1, 1),
    "hash": (1, 1),
    # lists
    "range": (2, 2),
    "chunks": (2, 2),
    "unique": (1, 1),
    "flatten": (1, 1),
    "sort": (1, 1),
    "reverse": (1, 1),
    "first": (1, 1),
    "last": (1, 1),
    # maps
    "keys": (1, 1),
    "values": (1, 1),
    "merge": (2, None),
    "pick": (2, None),
    "omit": (2, None),
    # numbers, types, timestamps
    "abs": (1, 1),
    "floor": (1, 1),
    "ceil": (1, 1),
    "type_of": (1, 1),
    "shift": (2, 2),
    "seconds_between": (2, 2),
    # what became of a parallel's branches or a for each's items (10.5)
    "failed": (1, 1),
    "succeeded": (1, 1),
    "errors": (1, 1),
}
BATCH_FUNCTIONS = {"failed", "succeeded", "errors"}
MAX_FLOW_SECONDS = 366 * 86400
FUNCTION_NAME = re.compile(r"[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9_$-]{1,128})?\Z")
FUNCTION_ARN = re.compile(
    r"arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9_$-]{1,128})?\Z"
)
MAX_INVOCATION_SECONDS = 15 * 60

# Names become file names (`NAME_handler.py`), SAM resource ids and operation names.
MAX_NAME_LENGTH = 100


@dataclass
class Checker:
    flow: m.Flow
    resolution: Resolution  # what each name refers to: the stage before the checks
    diagnostics: list[Diagnostic] = field(default_factory=list)
    function_depth: int = 0  # > 0 inside a parallel branch or a for-each body

    def error(
        self, code: str, message: str, span: m.Span | None, hint: str | None = None, fix: Fix | None = None
    ) -> None:
        self.diagnostics.append(Diagnostic(code, message, span, hint=hint, fix=fix))

    def warning(self, code: str, message: str, span: m.Span | None, hint: str | None = None) -> None:
        self.diagnostics.append(Diagnostic(code, message, span, "warning", hint))


def check_name(checker: Checker, name: m.Name, what: str) -> None:
    if name.text in KEYWORDS:
        checker.error(
            "DF221",
            f"`{name.text}` is a word of the language and cannot name {what}",
            name.span,
            hint=f"choose another name, such as `{name.text}_1`",
        )
    if len(name.text) > MAX_NAME_LENGTH:
        checker.error(
            "DF222",
            f"this name has {len(name.text)} characters; a name has at most {MAX_NAME_LENGTH}",
            name.span,
            hint="choose a shorter name: it becomes file names, operation names and Python names",
        )


def check_error_name(checker: Checker, error: m.Name) -> None:
    if keyword.iskeyword(error.text) or hasattr(builtins, error.text) or error.text in KEYWORDS:
        checker.error(
            "DF230",
            f"`{error.text}` cannot be used as an error name: it is already taken in Python",
            error.span,
            hint=f"use a name of your own, such as `{error.text}Failed`",
        )


def check_retry(checker: Checker, retry: m.RetryPolicy) -> None:
    if retry.every is not None:
        check_duration(checker, retry.every, "a retry delay", 1, MAX_FLOW_SECONDS)
    if retry.max_delay is not None:
        check_duration(checker, retry.max_delay, "a retry's max delay", 1, MAX_FLOW_SECONDS)
    if retry.backoff is not None and retry.backoff < 1:
        checker.error(
            "DF250", f"backoff must be at least 1, not {retry.backoff:g}", retry.span,
            hint="`backoff 2` doubles the delay after each attempt",
        )


def check_duration(
    checker: Checker, duration: m.Duration, what: str, low: int, high: int
) -> None:
    if duration.seconds != int(duration.seconds):
        checker.error(
            "DF201",
            f"{as_written(duration)} is not a whole number of seconds",
            duration.span,
            hint="durations are counted in whole seconds",
        )
    elif not low <= duration.seconds <= high:
        checker.error(
            "DF202",
            f"{what} must be from {seconds_words(low)} to {seconds_words(high)}, "
            f"not {as_written(duration)}",
            duration.span,
        )
