"""Units of time, and durations in words for comments and messages."""

from __future__ import annotations

from dflow.language import model as m

UNIT_SECONDS = {
    **dict.fromkeys(["seconds", "second", "s"], 1),
    **dict.fromkeys(["minutes", "minute", "min", "m"], 60),
    **dict.fromkeys(["hours", "hour", "h"], 3600),
    **dict.fromkeys(["days", "day", "d"], 86400),
    **dict.fromkeys(["weeks", "week", "w"], 604800),
}
WORD_UNITS = (("day", 86400), ("hour", 3600), ("minute", 60), ("second", 1))
UNIT_NAMES = {1: "second", 60: "minute", 3600: "hour", 86400: "day", 604800: "week"}


def canonical_unit(amount: str, unit: str) -> str:
    """The spelled-out unit for an amount: (`2`, `s`) → `seconds`, (`1`, `days`) → `day`."""
    name = UNIT_NAMES[UNIT_SECONDS[unit]]
    return name if float(amount) == 1 else name + "s"


def canonical(duration: m.Duration) -> str:
    """A duration with its unit spelled out: `2 seconds`, `15 minutes`, `1 day`."""
    amount = f"{duration.amount:g}"
    return f"{amount} {canonical_unit(amount, duration.unit)}" if duration.unit in UNIT_SECONDS else amount


def as_written(duration: m.Duration) -> str:
    """The duration as the flow wrote it: `15 minutes`, `2s`."""
    return f"{duration.amount:g} {duration.unit}"


def seconds_words(seconds: int) -> str:
    """Seconds in the largest unit that divides them: 7200 → `2 hours`."""
    for unit, size in WORD_UNITS:
        if seconds >= size and seconds % size == 0:
            count = seconds // size
            return f"{count} {unit}{'s' if count != 1 else ''}"
    return f"{seconds} seconds"
