"""`dflow docs`: a Markdown page that explains a flow to the people who own the process.

Each operation, in order, in plain words: what runs, how often it is tried,
how long it may wait, what happens on a timeout or a failure, and what is
undone if the flow fails. Expressions are shown as the flow writes them.
"""

from __future__ import annotations

import html
from typing import assert_never

from dflow.graph.model import build_graph
from dflow.graph.render import to_mermaid
from dflow.language import model as m
from dflow.language.durations import seconds_words
from dflow.language.text import unparse
from dflow.language.walk import all_statements, child_blocks, field_value, handlers, undone


def docs_page(flow: m.Flow) -> str:
    """The whole page."""
    sections = [
        _title(flow),
        _facts(flow),
        "## Diagram\n\n```mermaid\n" + to_mermaid(build_graph(flow)) + "```",
        _inputs(flow),
        "## What happens\n\n" + "\n".join(Steps(flow).block(flow.body, 0)),
        _compensation(flow),
    ]
    return "\n\n".join(section for section in sections if section) + "\n"


def _title(flow: m.Flow) -> str:
    lines = [f"# {flow.name.text}"]
    if flow.description:
        lines += ["", prose(flow.description)]
    if flow.comment:
        lines += ["", *(f"> {prose(line)}" for line in flow.comment.split("\n"))]
    return "\n".join(lines)


def _facts(flow: m.Flow) -> str:
    timeout = flow.timeout_seconds
    retention = flow.retention_days
    rows = [
        ("Runs for at most", seconds_words(timeout)),
        ("History kept for", f"{retention} day{'s' if retention != 1 else ''}"),
        ("Actions", ", ".join(f"`{a.module}`" + (f" as `{a.alias}`" if a.alias else "") for a in flow.actions) or "none"),
    ]
    if flow.retry is not None:
        rows.append(("Every step, unless it says otherwise", retry_words(flow.retry)))
    return "| | |\n|---|---|\n" + "\n".join(f"| {name} | {value} |" for name, value in rows)


def _inputs(flow: m.Flow) -> str:
    if not flow.inputs:
        return "## Input\n\nAny event, taken as it comes: `input` is the event itself."
    rows = ["## Input", "", "| field | type | required | default | description |", "|---|---|---|---|---|"]
    for field in flow.inputs:
        required = "no" if field.type.optional or field.default is not None else "yes"
        default = f"`{unparse.expression(field.default)}`" if field.default is not None else ""
        rows.append(
            f"| `{field.name.text}` | {_cell(unparse.input_type(field.type))} | {required} | "
            f"{_cell(default)} | {_cell(prose(field.description or ''))} |"
        )
    return "\n".join(rows)


def _compensation(flow: m.Flow) -> str:
    undone_steps = undone(flow.body)
    if not undone_steps:
        return ""
    lines = [
        "## If the flow fails",
        "",
        "Steps that completed are undone, the most recent first, before the flow ends as failed:",
        "",
    ]
    lines += [f"- **{name}** is undone by `{unparse.call(call)}`" for name, call in reversed(undone_steps)]
    return "\n".join(lines)


def retry_words(retry: m.RetryPolicy) -> str:
    if retry.retries == 0:
        return "tried once"
    every = seconds_words(retry.first_delay_seconds)
    text = f"tried again up to {retry.retries} more time{'s' if retry.retries != 1 else ''}, first after {every}"
    if retry.backoff_rate != 1:
        text += f", each wait {retry.backoff_rate:g} times the last"
        if retry.max_delay:
            text += f" (at most {seconds_words(int(retry.max_delay.seconds))})"
    elif retry.retries > 1:
        text += ", then again after each wait of the same length"
    if retry.jitter in ("full", "half"):
        share = "up to" if retry.jitter == "full" else "between half and all of"
        text += f"; each wait is a random time {share} that"
    if retry.on:
        text += ", only after " + ", ".join(f"`{name}`" for name in retry.on)
    return text


def _retry_sentences(retries: list[m.RetryPolicy], failing: str = "If it fails") -> str:
    """One sentence per `retry` line, the first whose errors match applying."""
    sentences = ""
    for retry in retries:
        if retry.retries:
            sentences += f" {failing}, it is {retry_words(retry)}."
    return sentences


def prose(text: str) -> str:
    """The flow's own words in the page's text: `<`, `>` and `&` as entities.

    Markdown passes raw HTML through, so a description holding `<img onerror=…>`
    would run on a docs site. In code spans (`_code`) text is already inert.
    """
    return html.escape(text, quote=False)


def _code(text: str) -> str:
    return f"`{text}`" if "`" not in text else f"``{text}``"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


class Steps:
    """Numbered, nested sentences for a block of statements."""

    def __init__(self, flow: m.Flow) -> None:
        self.flow = flow
        self.fails = where_fails_go(flow)

    def block(self, block: m.Block, depth: int) -> list[str]:
        """A numbered list; each arm or handler a bullet holding its own numbered list.

        The indentation follows CommonMark exactly (an item's text starts 3
        columns in, a bullet's 2 more), so "Otherwise:" can never glue onto
        the item above it when GitHub renders the page.
        """
        return self._numbered(block, "   " * depth)

    def _numbered(self, block: m.Block, indent: str) -> list[str]:
        lines: list[str] = []
        for statement in block.statements:
            sentence, nested = self.statement(statement)
            if statement.description:
                # A backslash at the end of a line is CommonMark's line break.
                lines.append(f"{indent}1. {sentence}\\")
                lines.append(f"{indent}   *{prose(statement.description.replace(chr(10), ' '))}*")
            else:
                lines.append(f"{indent}1. {sentence}")
            for heading, inner in nested:
                lines.append(f"{indent}   - {heading}")
                lines.extend(self._numbered(inner, indent + "     "))
        return lines

    def statement(self, statement: m.AnyStatement) -> tuple[str, list[tuple[str, m.Block]]]:
        """The sentence for a statement, and the blocks said under it; every kind has its case."""
        match statement:
            case m.Step():
                return self._step(statement)
            case m.Wait():
                return self._wait(statement)
            case m.WaitFor():
                return self._wait_for(statement)
            case m.Invoke():
                return self._invoke(statement)
            case m.Poll():
                return self._poll(statement)
            case m.If():
                return self._if(statement)
            case m.Parallel():
                return self._parallel(statement)
            case m.ForEach():
                return self._for_each(statement)
            case m.Repeat():
                return self._repeat(statement)
            case m.Group():
                return self._group(statement)
            case m.SetValue():
                return self._set(statement)
            case m.Log():
                return self._log(statement)
            case m.Return():
                return self._return(statement)
            case m.Fail():
                return self._fail(statement)
            case _:
                assert_never(statement)

    def _arguments(self, call: m.Call) -> str:
        if not call.arguments:
            return "with nothing"
        return "with " + ", ".join(f"{a.name} = {_code(unparse.expression(a.value))}" for a in call.arguments)

    def _step(self, step: m.Step) -> tuple[str, list[tuple[str, m.Block]]]:
        runs = f"runs `{step.call.function}` {self._arguments(step.call)}."
        sentence = f"**{step.name.text}**: {runs}" if step.explicit_name else runs[0].upper() + runs[1:]
        sentence += _retry_sentences(step.retry or ([self.flow.retry] if self.flow.retry else []))
        if step.at_most_once:
            sentence += " An attempt that may have started is never run a second time."
        if step.undo is not None:
            sentence += f" If the flow fails later, `{step.undo.function}` undoes it."
        return sentence, _failure_sections(step, "If it still fails")

    def _wait(self, wait: m.Wait) -> tuple[str, list[tuple[str, m.Block]]]:
        if wait.duration is not None:
            return f"Waits {seconds_words(int(wait.duration.seconds))}.", []
        if wait.amount is not None and wait.unit is not None:
            return f"Waits {_code(unparse.expression(wait.amount))} {wait.unit.text}, a number known when the flow runs.", []
        assert wait.until is not None
        return f"Waits until {_code(unparse.expression(wait.until))}.", []

    def _wait_for(self, statement: m.WaitFor) -> tuple[str, list[tuple[str, m.Block]]]:
        timeout = int(statement.timeout.seconds) if statement.timeout else self.flow.timeout_seconds
        sentence = (
            f"**{statement.name.text}**: `{statement.call.function}` is given a callback id "
            f"({self._arguments(statement.call)}), then the flow waits for the answer, "
            f"for at most {seconds_words(timeout)}"
        )
        if statement.heartbeat is not None:
            sentence += f" and at most {seconds_words(int(statement.heartbeat.seconds))} between heartbeats"
        if statement.as_text:
            sentence += "; the answer is kept as the text that was sent"
        if statement.retry:
            sentence += "." + _retry_sentences(statement.retry, "If the call that hands over the id fails").rstrip(".")
        return sentence + ".", _failure_sections(statement, "If the answer is a failure")

    def _invoke(self, statement: m.Invoke) -> tuple[str, list[tuple[str, m.Block]]]:
        sentence = (
            f"**{statement.name.text}**: calls the Lambda function `{statement.function}` with "
            f"{_code(unparse.expression(statement.payload))} and waits for its result."
        ) + _retry_sentences(statement.retry)
        return sentence, _failure_sections(statement, "If it fails")

    def _poll(self, statement: m.Poll) -> tuple[str, list[tuple[str, m.Block]]]:
        sentence = (
            f"**{statement.name.text}**: runs `{statement.call.function}` {self._arguments(statement.call)}, "
            f"then every {seconds_words(int(statement.every.seconds))}, until "
            f"{_code(unparse.expression(statement.until))}."
        )
        if statement.max_checks:
            sentence += f" After {statement.max_checks} checks without that, it fails (`ConditionNotMet`)."
        sentence += _retry_sentences(statement.retry, "If a check fails (the polling then starts again)")
        return sentence, _failure_sections(statement, "If it fails")

    def _if(self, statement: m.If) -> tuple[str, list[tuple[str, m.Block]]]:
        nested = [(f"If {_code(unparse.expression(arm.condition))}:" if i == 0 else
                   f"Otherwise, if {_code(unparse.expression(arm.condition))}:", arm.body)
                  for i, arm in enumerate(statement.arms)]
        if statement.otherwise is not None:
            nested.append(("Otherwise:", statement.otherwise))
        return "Decides:", nested

    def _parallel(self, statement: m.Parallel) -> tuple[str, list[tuple[str, m.Block]]]:
        sentence = f"**{statement.name.text}**: runs {len(statement.branches)} branches at the same time"
        sentence += self._batch_words(statement.max_concurrency, statement, "branch")
        branches = [(f"Branch **{b.name.text}**:", b.body) for b in statement.branches]
        return sentence, branches + _failure_sections(statement, "If it fails")

    def _for_each(self, statement: m.ForEach) -> tuple[str, list[tuple[str, m.Block]]]:
        position = f" (its position, from 0, is `{statement.position.text}`)" if statement.position else ""
        sentence = (
            f"**{statement.name.text}**: for each `{statement.variable.text}`{position} in "
            f"{_code(unparse.expression(statement.items))}, at the same time"
        )
        concurrency = statement.max_concurrency or m.DEFAULT_FOR_EACH_CONCURRENCY
        sentence += self._batch_words(concurrency, statement, "item")
        return sentence, [("Each one:", statement.body), *_failure_sections(statement, "If it fails")]

    @staticmethod
    def _batch_words(max_concurrency: int | None, batch: m.Parallel | m.ForEach, what: str) -> str:
        words = f" (at most {max_concurrency} at once)" if max_concurrency else ""
        tolerate = batch.tolerate
        plural = "branches" if what == "branch" else "items"
        if batch.complete_after is not None:
            words += f"; it is done as soon as {batch.complete_after} {plural if batch.complete_after != 1 else what} succeeded"
        if batch.tolerate_percent is not None:
            words += f"; up to {batch.tolerate_percent}% of the {plural} may fail"
        elif tolerate:
            words += f"; up to {tolerate} {what}{'es' if what == 'branch' and tolerate != 1 else 's' if tolerate != 1 else ''} may fail"
        else:
            words += f"; if any {what} fails, this fails"
        return words + "."

    def _group(self, statement: m.Group) -> tuple[str, list[tuple[str, m.Block]]]:
        sentence = f"**{statement.name.text}**: runs the steps below as one group, recorded under its name."
        sentence += _retry_sentences(statement.retry, "If the group fails, the whole group").replace(
            "the whole group, it is tried", "the whole group is tried")
        failures = _failure_sections(statement, "If the group fails")
        undone_steps = [name for name, _ in undone(statement.body)]
        if undone_steps:
            # On a handled failure the group's completed steps are undone before the block runs.
            first = ", ".join(f"**{name}**" for name in reversed(undone_steps))
            failures = [(label[:-1] + f" (first, what completed of {first} is undone, the most recent first):", block)
                        for label, block in failures]
        sections = [("The group:", statement.body), *failures]
        if statement.finally_ is not None:
            sections.append(("In all cases, once the group is over:", statement.finally_))
        return sentence, sections

    def _repeat(self, statement: m.Repeat) -> tuple[str, list[tuple[str, m.Block]]]:
        condition = _code(unparse.expression(statement.condition))
        passes = statement.max_passes or 1
        if statement.mode == "until":
            sentence = f"Repeats the steps below until {condition} (checked after each pass)"
        else:
            sentence = f"Repeats the steps below while {condition} (checked before each pass)"
        sentence += f", at most {passes} time{'s' if passes != 1 else ''}; still going after that, it fails (`ConditionNotMet`)."
        return sentence, [("Each pass:", statement.body), *_failure_sections(statement, "If it fails")]

    def _set(self, statement: m.SetValue) -> tuple[str, list[tuple[str, m.Block]]]:
        return f"Sets **{statement.name.text}** to {_code(unparse.expression(statement.value))}.", []

    def _log(self, statement: m.Log) -> tuple[str, list[tuple[str, m.Block]]]:
        fields = f", with {_code(unparse.expression(statement.fields))}" if statement.fields is not None else ""
        return f"Logs {_code(unparse.expression(statement.message))}{fields}.", []

    def _return(self, statement: m.Return) -> tuple[str, list[tuple[str, m.Block]]]:
        value = unparse.expression(statement.value) if statement.value else "null"
        return f"The flow ends, returning {_code(value)}.", []

    def _fail(self, statement: m.Fail) -> tuple[str, list[tuple[str, m.Block]]]:
        message = f": {_code(unparse.expression(statement.message))}" if statement.message else ""
        what = self.fails.get(id(statement), "The flow fails")
        handled = "; its `on failure` below handles it" if what.startswith("Fails the group") else ""
        return f"{what} with **{statement.error.text}**{message}{handled}.", []


def where_fails_go(flow: m.Flow) -> dict[int, str]:
    """What each `fail` inside a branch, an item or a handling group fails, by the statement's id.

    A `fail` a group's `on failure` handles fails that group, not the flow; one
    in a branch or an item fails that branch or item.
    """
    found: dict[int, str] = {}

    def walk(block: m.Block, scopes: list[tuple[str, str, list[m.Handler]]]) -> None:
        for statement in block.statements:
            if isinstance(statement, m.Fail):
                for kind, name, handlers_ in reversed(scopes):
                    if kind in ("branch", "item"):
                        found[id(statement)] = f"Fails the {kind} **{name}**"
                        break
                    if any(not h.errors or statement.error.text in {e.text for e in h.errors} for h in handlers_):
                        found[id(statement)] = f"Fails the group **{name}**"
                        break
            elif isinstance(statement, m.Group):
                walk(statement.body, [*scopes, ("group", statement.name.text, statement.on_failure)])
                for child in [h.body for h in statement.on_failure] + ([statement.finally_] if statement.finally_ else []):
                    walk(child, scopes)
            elif isinstance(statement, m.Parallel):
                for branch in statement.branches:
                    walk(branch.body, [*scopes, ("branch", branch.name.text, [])])
            elif isinstance(statement, m.ForEach):
                walk(statement.body, [*scopes, ("item", statement.variable.text, [])])
            else:
                for child in child_blocks(statement):
                    walk(child, scopes)

    walk(flow.body, [])
    return found


def _failure_sections(statement: m.AnyStatement, words: str) -> list[tuple[str, m.Block]]:
    """Each `on timeout` / `on failure` block, introduced by when it runs."""
    sections = []
    timeout = field_value(statement, "on_timeout")
    named_before = False
    for handler in handlers(statement):
        if handler is timeout:
            label = "If no answer arrives in time"
        elif handler.errors:
            names = " or ".join(f"`{error.text}`" for error in handler.errors)
            label = f"{words} with {names}"
            named_before = True
        else:
            label = f"{words} in any other way" if named_before else words
        if handler.alias is not None:
            label += f" (the failure is called **{handler.alias.text}**)"
        sections.append((label + ":", handler.body))
    return sections
