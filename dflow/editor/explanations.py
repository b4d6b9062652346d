"""What each word of the language does, in a sentence or two: what an editor shows on hover.

Keyed by the words of `language/grammar/keywords.py` (a test holds every key to
them); `on` is explained with the word after it.
"""

from __future__ import annotations

WORDS: dict[str, str] = {
    "flow": "Names the flow. Its handler, its SAM resource and its operations' history are named after it.",
    "description": "A sentence for people reading the flow; it appears in the docs page.",
    "actions": "The Python module whose functions the flow's steps call (`actions MODULE [as ALIAS]`).",
    "input": "The fields the flow is started with, each with its type; read as `input.FIELD`.",
    "runtime": "The Python runtime of the flow's Lambda function, such as `python3.14`.",
    "memory": "The memory of the flow's Lambda function, in MB.",
    "invocation": "How long one invocation of the function may run; the flow itself may wait far longer.",
    "retention": "How many days the service keeps a finished execution's history.",
    "step": "Calls an action once, checkpointed: a replay reads the recorded result instead of calling again.",
    "wait": "Waits without running or paying for compute, for a duration, until a moment, or (`wait for`) for a callback.",
    "for": "`for each ITEM in LIST as NAME`: runs the body once for each item, in parallel up to `max concurrency`.",
    "each": "`for each ITEM in LIST as NAME`: runs the body once for each item, in parallel up to `max concurrency`.",
    "invoke": "Starts another Lambda function and waits for its result, checkpointed.",
    "poll": "Calls an action every interval until its condition holds, checkpointing each check.",
    "if": "Runs the first arm whose condition holds; `else` runs when none does.",
    "else": "The arm that runs when no condition above it holds.",
    "parallel": "Runs its branches at the same time; its NAME holds each branch's result.",
    "branch": "One branch of a `parallel`; read its result as `PARALLEL.BRANCH`.",
    "repeat": "Runs its body again and again: `until` checks after each pass, `while` before; `max N times` bounds it.",
    "group": "Runs its statements as one operation with its own retries, failure handling and `finally`.",
    "set": "Gives a name a value computed from what the flow has; no operation is recorded.",
    "log": "Writes a log line (with `with { … }`, structured fields); replays do not repeat it.",
    "return": "Ends the flow with this result.",
    "fail": "Ends the flow as failed, with an error name and a message; `on failure` blocks around it may handle it.",
    "retry": "Tries the operation again when it fails: `retry N times [every D] [backoff F] [max delay D] [on Error]`.",
    "undo": "The action that undoes this step if the flow fails after it completed; undos run newest first.",
    "timeout": "In the header, how long the whole flow may run. Under `wait for`, how long to wait for the "
    "answer; past it the callback fails as timed out (handled by `on timeout`).",
    "heartbeat": "How long the other system may stay silent; past it, the callback fails as timed out.",
    "finally": "Runs after the group, whether it succeeded or failed; the group's NAME holds its result or null.",
    "tolerate": "How many failed branches or items the batch accepts before it fails: a number or a share.",
    "concurrency": "How many branches or items run at the same time, at most.",
    "complete": "`complete after N successes`: the batch ends as soon as N branches or items succeed.",
    "max": "A bound: `max N times` for passes or checks, `max concurrency N` for a batch, `max delay D` for retries.",
    "every": "The first delay between attempts or checks.",
    "backoff": "How much each retry delay grows: `backoff 2` doubles it each time.",
    "jitter": "Spreads retry delays at random (`full`, `half`) so that many executions do not retry at once.",
    "until": "The condition that ends the loop, checked after each pass; for `wait until`, the moment to wait for.",
    "while": "The condition that keeps the loop going, checked before each pass.",
    "as": "Gives a name: to a failure (`on failure as NAME`), to a loop's result, or `as text` to a callback's raw answer.",
    "with": "The payload of an `invoke`, or the structured fields of a `log` line.",
    "failure": "`on failure [Error, …] [as NAME]`: runs when the operation fails with one of these errors (any, if none).",
    "on failure": "Runs when the operation fails with one of the errors named (any error, if none is); "
    "`as NAME` gives the failure's `type` and `message`.",
    "on timeout": "Runs when the callback's `timeout` or `heartbeat` passes without an answer.",
}


def explain(word: str, next_word: str | None = None) -> str | None:
    """The explanation of a word, reading `on` with the word after it."""
    if word == "on" and next_word in ("failure", "timeout"):
        return WORDS[f"on {next_word}"]
    return WORDS.get(word)
