"""How many passes an imported loop may make: as many as the durable service can record.

A Step Functions loop is bounded only by the service's history. The flow's
`repeat` needs `max N times`; N is the most passes one execution can record
(3,000 operations, less what the rest of the flow records, shared equally
between the loops that record operations), never tighter.
A loop that records nothing per pass keeps Step Functions' own bound.
"""

from __future__ import annotations

import re

from dflow.language import model as m
from dflow.language.checks.operations import MAX_OPERATIONS, block_bound
from dflow.language.reading import read_flow
from dflow.language.walk import all_statements

STEP_FUNCTIONS_HISTORY = 25_000  # events in one Standard execution's history
PLACEHOLDER = re.compile(r"max 1 time$", re.MULTILINE)  # each loop's bound as the writer leaves it


def loop_limits(text: str, source_name: str) -> str:
    """The flow with each loop's `max 1 time` raised to its limit, loop by loop in source order."""
    if not PLACEHOLDER.search(text):
        return text  # no loop: no need to read the flow once more
    flow = read_flow(text, source_name)
    loops = [s for s in all_statements(flow.body) if isinstance(s, m.Repeat)]
    if not loops:
        return text
    total = block_bound(flow.body)  # every loop counted once
    counted = [loop for loop in loops if block_bound(loop.body)]
    # What the rest of the flow records, then an equal share of what is left for each loop that records.
    share = (MAX_OPERATIONS - (total - sum(block_bound(loop.body) for loop in counted))) // max(1, len(counted))
    limits = []
    for loop in loops:
        per_pass = block_bound(loop.body)
        limits.append(STEP_FUNCTIONS_HISTORY if per_pass == 0 else max(1, share // per_pass))
    lines = text.split("\n")
    for loop, limit in zip(loops, limits):
        # The line after `repeat` is its `max` line (the writer puts it first in the body).
        index = loop.span.line  # 1-based line of `repeat`: the next line, 0-based
        lines[index] = PLACEHOLDER.sub(f"max {limit} times", lines[index])
    return "\n".join(lines)
