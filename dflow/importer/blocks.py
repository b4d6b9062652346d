"""The pieces the writer passes around: a block of lines, and where it is being written."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from dflow.importer.machine import Region

INDENT = "  "


@dataclass
class Block:
    lines: list[str] = field(default_factory=list)
    ends: bool = False  # every path through it ends the execution (`return`, `fail`)


@dataclass(frozen=True)
class Place:
    """Where states are being written: the region, the name holding its state, what ends the block."""

    region: Region
    state_var: str
    inner: bool  # a branch or an item: its end gives its output, it cannot `return`
    stops: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    loops: frozenset[str] = frozenset()  # loop starts being written around this place
    trail: frozenset[str] = frozenset()  # states being written around this place
    item: str | None = None
    position: str | None = None
    variables: Mapping[str, str] = field(default_factory=dict)
    output: str = "output"  # in a branch or an item: the name its end sets

    def stopping_at(self, extra: Mapping[str, tuple[str, ...]]) -> Place:
        return replace(self, stops={**self.stops, **extra})


def indented(lines: list[str]) -> list[str]:
    return [INDENT + line if line else line for line in lines]


def duration(seconds: int) -> str:
    """`3600` → `1 hour`, `90` → `90 seconds`: the largest unit that says it exactly."""
    for size, unit in ((604800, "week"), (86400, "day"), (3600, "hour"), (60, "minute"), (1, "second")):
        if seconds % size == 0 and seconds >= size:
            count = seconds // size
            return f"{count} {unit}" if count == 1 else f"{count} {unit}s"
    return "1 second"
