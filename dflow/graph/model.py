"""A flowchart of a flow, independent of how it is drawn (Mermaid, DOT).

Nodes are operations and decisions; edges carry the condition or outcome that
leads along them; clusters are parallel branches and loop bodies. The builder
walks the flow's model, so the diagram always matches what compiles.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import assert_never

from dflow.language import model as m
from dflow.language.durations import seconds_words
from dflow.language.text import unparse
from dflow.language.walk import field_value, handlers

# Where control arrives from: (node id, label of the edge into the next node).
Incoming = list[tuple[str, str | None]]
LABEL_WIDTH = 48


def short(text: str) -> str:
    """Long names are cut in labels; the docs page has them whole."""
    return text if len(text) <= LABEL_WIDTH else text[: LABEL_WIDTH - 1] + "…"


def wrapped(text: str) -> list[str]:
    """A condition or a value on as many lines as it needs, never cut: analysts read its thresholds."""
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > LABEL_WIDTH:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return [*lines, line]


def call_lines(call: m.Call) -> list[str]:
    """The call on one line when it fits, else the action and one line per argument."""
    whole = unparse.call(call)  # the values, not only the names: two calls of one action differ
    if len(whole) <= LABEL_WIDTH:
        return [whole]
    prefix = f"{call.alias}." if call.alias else ""
    return [f"{prefix}{call.function}(…)"] + [
        line for a in call.arguments for line in wrapped(f"{a.name}: {unparse.expression(a.value)}")
    ]


def retry_lines(retry: m.RetryPolicy) -> list[str]:
    """`retry 3 times every 2 seconds backoff 2`, then `on CardDeclined`: how, and after which errors."""
    words = f"retry {retry.retries} time{'s' if retry.retries != 1 else ''}"
    if retry.every is not None:
        words += f" every {seconds_words(int(retry.every.seconds))}"
    if retry.backoff is not None:
        words += f" backoff {retry.backoff:g}"
    if retry.max_delay is not None:
        words += f" max delay {seconds_words(int(retry.max_delay.seconds))}"
    if retry.jitter:
        words += f" jitter {retry.jitter}"
    return wrapped(words) + (wrapped("on " + ", ".join(retry.on)) if retry.on else [])


def batch_lines(batch: m.Parallel | m.ForEach) -> list[str]:
    """How many failures a batch tolerates, and when it completes early."""
    lines = []
    if batch.tolerate:
        lines.append(f"tolerates {batch.tolerate} failure{'s' if batch.tolerate != 1 else ''}")
    if batch.tolerate_percent is not None:
        lines.append(f"tolerates {batch.tolerate_percent}% failures")
    if batch.complete_after is not None:
        lines.append(f"done after {batch.complete_after} success{'es' if batch.complete_after != 1 else ''}")
    return lines


@dataclass(frozen=True)
class Node:
    id: str
    kind: str  # start, end, step, wait, callback, invoke, poll, decision, fork, join, note, return, fail, undo
    lines: list[str]  # the first line is the title
    description: str | None = None
    span: m.Span | None = None  # the statement (or condition) it stands for, for the studio's editor
    operation: str | None = None  # the durable operation's name in the execution's history


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    label: str | None = None
    dashed: bool = False


@dataclass
class Cluster:
    id: str
    label: str
    nodes: list[str] = field(default_factory=list)
    clusters: list[Cluster] = field(default_factory=list)


@dataclass
class Graph:
    name: str
    title: str = ""
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    top: Cluster = field(default_factory=lambda: Cluster("top", ""))


class GraphBuilder:
    """Walks a flow and lays out its nodes and edges in source order."""

    def __init__(self, flow: m.Flow) -> None:
        self.flow = flow
        title = f"{flow.name.text}: {flow.description}" if flow.description else flow.name.text
        self.graph = Graph(flow.name.text, title)
        self.clusters = [self.graph.top]
        self.cluster_count = 0
        # Per group being drawn (innermost last): the `fail` nodes inside, with their error names,
        # that its `on failure` blocks may handle.
        self.raised: list[list[tuple[str, str]]] = []

    def build(self) -> Graph:
        start = self.node("start", ["start"])
        exits = self.block(self.flow.body, [(start, None)])
        if exits:
            self.connect(exits, self.node("end", ["end"]))
        return self.graph

    # ------------------------------------------------------------ plumbing

    def node(
        self, kind: str, lines: list[str], description: str | None = None,
        span: m.Span | None = None, operation: str | None = None,
    ) -> str:
        node = Node(f"n{len(self.graph.nodes) + 1}", kind, lines, description, span, operation)
        self.graph.nodes.append(node)
        self.clusters[-1].nodes.append(node.id)
        return node.id

    def connect(self, incoming: Incoming, target: str) -> None:
        for source, label in incoming:
            self.graph.edges.append(Edge(source, target, label))

    def cluster(self, label: str) -> Cluster:
        self.cluster_count += 1
        cluster = Cluster(f"c{self.cluster_count}", label)
        self.clusters[-1].clusters.append(cluster)
        return cluster

    def block(self, block: m.Block, incoming: Incoming) -> Incoming:
        for statement in block.statements:
            incoming = self.statement(statement, incoming)
        return incoming

    def operation(self, kind: str, lines: list[str], statement: m.AnyStatement, incoming: Incoming) -> str:
        name = getattr(statement, "name", None)
        # A `set` has a NAME but records nothing: only what the history holds is an operation.
        records = not isinstance(statement, (m.SetValue, m.Log, m.Return, m.Fail))
        operation = name.text if isinstance(name, m.Name) and records else None
        node = self.node(kind, lines, statement.description, statement.span, operation)
        self.connect(incoming, node)
        return node

    def handled(self, node: str, statement: m.AnyStatement) -> Incoming:
        """The node's normal exit, plus the exits of its `on …` blocks, each a labelled path."""
        exits: Incoming = [(node, None)]
        timeout = field_value(statement, "on_timeout")
        for handler in handlers(statement):
            label = "timeout" if handler is timeout else "failure"
            if handler.errors:
                label = short(", ".join(error.text for error in handler.errors))
            exits += self.block(handler.body, [(node, label)])
        return exits

    # ------------------------------------------------------------ statements

    def statement(self, statement: m.AnyStatement, incoming: Incoming) -> Incoming:
        match statement:
            case m.Step():
                return self.step(statement, incoming)
            case m.Wait():
                if statement.duration:
                    text = f"wait {unparse.duration(statement.duration)}"
                elif statement.amount is not None and statement.unit is not None:
                    text = f"wait {unparse.expression(statement.amount)} {statement.unit.text}"
                else:
                    text = f"wait until {unparse.expression(statement.until)}" if statement.until else "wait"
                title = [statement.name.text] if statement.name else []
                return [(self.operation("wait", [*title, *wrapped(text)], statement, incoming), None)]
            case m.WaitFor():
                return self.wait_for(statement, incoming)
            case m.Invoke():
                lines = [statement.name.text, f"invoke {statement.function}",
                         *wrapped(f"with {unparse.expression(statement.payload)}"),
                         *(line for retry in statement.retry for line in retry_lines(retry))]
                node = self.operation("invoke", lines, statement, incoming)
                return self.handled(node, statement)
            case m.Poll():
                return self.poll(statement, incoming)
            case m.If():
                return self.if_(statement, incoming)
            case m.Parallel():
                return self.parallel(statement, incoming)
            case m.ForEach():
                return self.for_each(statement, incoming)
            case m.Repeat():
                return self.repeat(statement, incoming)
            case m.Group():
                return self.group(statement, incoming)
            case m.SetValue():
                text = f"{statement.name.text} becomes {unparse.expression(statement.value)}"
                return [(self.operation("note", wrapped(text), statement, incoming), None)]
            case m.Log():
                lines = wrapped(f"notes in the log: {unparse.expression(statement.message)}")
                if statement.fields is not None:
                    lines += wrapped(f"with {unparse.expression(statement.fields)}")
                return [(self.operation("note", lines, statement, incoming), None)]
            case m.Return():
                value = unparse.expression(statement.value) if statement.value else "null"
                self.operation("return", wrapped(f"return {value}"), statement, incoming)
                return []
            case m.Fail():
                message = unparse.expression(statement.message) if statement.message else ""
                node = self.operation("fail", [f"fail {statement.error.text}", *wrapped(message)], statement, incoming)
                if self.raised:
                    self.raised[-1].append((node, statement.error.text))
                return []
            case _:
                assert_never(statement)

    def step(self, step: m.Step, incoming: Incoming) -> Incoming:
        lines = [step.name.text] if step.explicit_name else []
        lines += call_lines(step.call)
        for retry in step.retry or ([self.flow.retry] if self.flow.retry else []):
            if retry.retries:
                lines += retry_lines(retry)
        if step.at_most_once:
            lines.append("at most once")
        node = self.operation("step", lines, step, incoming)
        if step.undo is not None:
            undo = self.node("undo", [short(f"undo: {unparse.call(step.undo)}")], span=step.undo.span,
                             operation=f"undo_{step.name.text}")
            self.graph.edges.append(Edge(node, undo, "undo", dashed=True))
        return self.handled(node, step)

    def wait_for(self, statement: m.WaitFor, incoming: Incoming) -> Incoming:
        first, *rest = call_lines(statement.call)
        lines = [statement.name.text, f"callback via {first}", *rest]
        if statement.timeout is not None:
            lines.append(f"times out after {seconds_words(int(statement.timeout.seconds))}")
        if statement.as_text:
            lines.append("answer kept as text")
        lines += [line for retry in statement.retry for line in retry_lines(retry)]
        node = self.operation("callback", lines, statement, incoming)
        return self.handled(node, statement)

    def poll(self, statement: m.Poll, incoming: Incoming) -> Incoming:
        lines = [
            statement.name.text,
            *call_lines(statement.call),
            f"checked every {unparse.duration(statement.every)}",
            *wrapped(f"until {unparse.expression(statement.until)}"),
        ]
        if statement.max_checks:
            lines.append(f"at most {statement.max_checks} checks")
        lines += [line for retry in statement.retry for line in retry_lines(retry)]
        node = self.operation("poll", lines, statement, incoming)
        return self.handled(node, statement)

    def if_(self, statement: m.If, incoming: Incoming) -> Incoming:
        exits: Incoming = []
        for index, arm in enumerate(statement.arms):
            decision = self.node("decision", wrapped(unparse.expression(arm.condition)),
                                 statement.description if index == 0 else None, arm.condition.span)
            self.connect(incoming, decision)
            exits += self.block(arm.body, [(decision, "yes")])
            incoming = [(decision, "no")]
        if statement.otherwise is not None:
            incoming = self.block(statement.otherwise, incoming)
        return exits + incoming

    def parallel(self, statement: m.Parallel, incoming: Incoming) -> Incoming:
        options = []
        if statement.max_concurrency:
            options.append(f"at most {statement.max_concurrency} at once")
        options += batch_lines(statement)
        fork = self.operation("fork", [f"parallel {statement.name.text}", *options], statement, incoming)
        cluster = self.cluster(f"parallel {statement.name.text}")
        exits: Incoming = []
        for branch in statement.branches:
            self.clusters.append(cluster)
            inner = self.cluster(f"branch {branch.name.text}")
            self.clusters.append(inner)
            exits += self.block(branch.body, [(fork, branch.name.text)])
            self.clusters.pop()
            self.clusters.pop()
        join = self.node("join", [f"{statement.name.text} done"])
        self.connect(exits, join)
        return self.handled(join, statement)

    def for_each(self, statement: m.ForEach, incoming: Incoming) -> Incoming:
        position = f", {statement.position.text}" if statement.position else ""
        header = wrapped(f"for each {statement.variable.text}{position} in {unparse.expression(statement.items)}")
        fork = self.operation("fork", [*header, *batch_lines(statement)], statement, incoming)
        cluster = self.cluster(f"each {statement.variable.text}")
        self.clusters.append(cluster)
        exits = self.block(statement.body, [(fork, None)])
        self.clusters.pop()
        join = self.node("join", [f"{statement.name.text}: every result"])
        self.connect(exits, join)
        return self.handled(join, statement)


    def group(self, statement: m.Group, incoming: Incoming) -> Incoming:
        """A group is a box; its `on failure` blocks and its `finally` are labelled paths out of it.

        A `fail` inside that a block handles leads to that block, not out of the
        flow. `finally` is on every path out of the group: after success, after a
        handled failure, and before an unhandled failure goes on.
        """
        title = f"group {statement.name.text}"
        if statement.retry:
            title += ": " + "; ".join(" ".join(retry_lines(retry)) for retry in statement.retry)
        cluster = self.cluster(short(title))
        self.clusters.append(cluster)
        self.raised.append([])
        exits = self.block(statement.body, incoming)
        raised = self.raised.pop()
        self.clusters.pop()
        done = self.node("join", [f"{statement.name.text} done"], statement.description, statement.span, statement.name.text)
        self.connect(exits, done)
        exits = [(done, None)]
        unhandled = [(node, error) for node, error in raised]
        catch_all = False
        for handler in statement.on_failure:
            names = {error.text for error in handler.errors}
            label = short(", ".join(sorted(names))) if names else "failure"
            caught = [(node, error) for node, error in unhandled if not names or error in names]
            unhandled = [item for item in unhandled if item not in caught]
            catch_all = catch_all or not names
            entries: Incoming = [(done, label), *((node, error) for node, error in caught)]
            exits += self.block(handler.body, entries)
        if self.raised:
            self.raised[-1].extend(unhandled)  # a group around this one may handle them
        if statement.finally_ is None:
            return exits
        entries = [(source, label or "finally") for source, label in exits]
        if not catch_all:
            entries.append((done, "unhandled failure"))
        after = self.block(statement.finally_, entries)
        if catch_all or not after:
            return after
        # Once `finally` ran on an unhandled failure, the failure goes on: the flow fails (after its undo).
        goes_on = self.node("fail", ["the failure goes on"])
        self.connect([(source, "after an unhandled failure") for source, _ in after[:1]], goes_on)
        return after

    def repeat(self, statement: m.Repeat, incoming: Incoming) -> Incoming:
        """A loop drawn as a loop: the check, and an edge back to the body's first node."""
        condition = short(f"{statement.mode} {unparse.expression(statement.condition)}")
        passes = statement.max_passes or 1
        lines = [condition, f"at most {passes} pass{'es' if passes != 1 else ''}"]
        cluster = self.cluster("repeat")
        if statement.mode == "while":
            check = self.node("decision", lines, statement.description)
            self.connect(incoming, check)
            self.clusters.append(cluster)
            exits = self.block(statement.body, [(check, "yes")])
            self.clusters.pop()
            self.connect([(source, label or "next pass") for source, label in exits], check)
            return [(check, "no")] + self.handled(check, statement)[1:]
        first = f"n{len(self.graph.nodes) + 1}"
        self.clusters.append(cluster)
        exits = self.block(statement.body, incoming)
        self.clusters.pop()
        check = self.node("decision", lines, statement.description)
        self.connect(exits, check)
        self.graph.edges.append(Edge(check, first, "no: again"))
        return [(check, "yes")] + self.handled(check, statement)[1:]


def build_graph(flow: m.Flow) -> Graph:
    """The flowchart of a checked flow."""
    return GraphBuilder(flow).build()
