"""How many operations one execution of a flow can record, against the service's limit.

AWS's durable functions keep at most 3,000 operations in one execution (the
durable functions monitoring and limits documentation). Where the flow itself
bounds its operations (`max N times` on a loop, a list written out, the
retries it writes), the bound is added up along the flow; a loop over a list
known only at run time counts its body zero times, so the bound never warns
about what it cannot know.
"""

from __future__ import annotations

from dflow.language import model as m
from dflow.language.checks.context import Checker
from dflow.language.walk import handlers

# The most operations one durable execution keeps (AWS Lambda durable functions quotas).
MAX_OPERATIONS = 3_000


def check_operations(checker: Checker) -> None:
    """Warn (DF406) when the flow can record more operations than one execution keeps."""
    bound = block_bound(checker.flow.body)
    if bound > MAX_OPERATIONS:
        checker.warning(
            "DF406",
            f"one execution of this flow can record up to {bound:,} operations; "
            f"the service keeps at most {MAX_OPERATIONS:,} per execution",
            checker.flow.name.span,
            hint="lower a loop's `max N times`, or move the repeated work into a flow of its own "
            "and `invoke` it once per batch",
        )


def block_bound(block: m.Block) -> int:
    return sum(statement_bound(statement) for statement in block.statements)


def statement_bound(statement: m.AnyStatement) -> int:
    """The most operations the statement can record, its failure blocks included."""
    recovery = max((block_bound(handler.body) for handler in handlers(statement)), default=0)
    return _own_bound(statement) + recovery


def _attempts(retries: list[m.RetryPolicy]) -> int:
    """Attempts of a retried invoke, poll or group: each is new operations, with a wait between."""
    return 1 + max((retry.retries for retry in retries), default=0)


def _own_bound(statement: m.AnyStatement) -> int:
    if isinstance(statement, m.Step):
        return 1 + (statement.undo is not None)  # the step, and its undo step if the flow fails
    if isinstance(statement, m.Wait):
        return 2 if statement.until is not None else 1  # `wait until` reads the clock in a step
    if isinstance(statement, m.WaitFor):
        return 3  # its context, the callback and the submitter step
    if isinstance(statement, (m.Invoke, m.Poll)):
        return 2 * _attempts(statement.retry) - 1
    if isinstance(statement, m.If):
        arms = [arm.body for arm in statement.arms] + ([statement.otherwise] if statement.otherwise else [])
        return max((block_bound(arm) for arm in arms), default=0)
    if isinstance(statement, m.Parallel):
        return 1 + sum(1 + block_bound(branch.body) for branch in statement.branches)
    if isinstance(statement, m.ForEach):
        items = len(statement.items.items) if isinstance(statement.items, m.ListExpr) else 0
        return 1 + items * (1 + block_bound(statement.body))
    if isinstance(statement, m.Repeat):
        return (statement.max_passes or 1) * block_bound(statement.body)
    if isinstance(statement, m.Group):
        attempts = _attempts(statement.retry)
        after = block_bound(statement.finally_) if statement.finally_ else 0
        return 1 + attempts * block_bound(statement.body) + (attempts - 1) + after
    return 0
