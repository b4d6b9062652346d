"""Random valid flows for property tests: every construct, nested, with awkward strings.

Names are unique across the flow and expressions read only the input and
literals, so every flow this draws parses, checks and compiles.
"""

from __future__ import annotations

import itertools

from hypothesis import strategies as st

AWKWARD_TEXT = st.text(
    alphabet=st.sampled_from(list('abc XYZ0129"\\{}#:,.é\n\r\tü—')), max_size=12
)
DESCRIPTIONS = st.none() | st.text(alphabet=st.sampled_from(list("abc XYZ:{}\"#é.")), min_size=1, max_size=20).map(str.strip).filter(bool)
DURATIONS = st.sampled_from(["1 second", "2s", "15 minutes", "1 min", "2 hours", "1 day", "3 d"])


def flow_string(text: str) -> str:
    # A carriage return would end the line in a `.flow` file: it has an escape, as a line break does.
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return '"' + escaped.replace("{", "{{").replace("}", "}}") + '"'


@st.composite
def expressions(draw: st.DrawFn, depth: int = 0) -> str:
    leaves = st.one_of(
        st.integers(-5, 500).map(str),
        st.sampled_from(["true", "false", "null", "2.5", "input.a", "input.b", "input.c", "len(input.c)",
                         "2 days", 'join(input.c, ", ")', '[upper(x) for x in input.c if starts_with(x, "a")]',
                         'if input.b > 1 then "many" else "one"', "merge({ a: 1 }, { b: input.b })"]),
        AWKWARD_TEXT.map(flow_string),
        st.just('"order {input.a}"'),
    )
    if depth >= 2:
        return draw(leaves)
    inner = expressions(depth + 1)
    return draw(st.one_of(
        leaves,
        st.tuples(inner, st.sampled_from(["==", "!=", "<", "+", "*", "and", "or", "in"]), inner)
        .map(lambda t: f"({t[0]}) {t[1]} ({t[2]})"),
        inner.map(lambda e: f"not ({e})"),
        st.lists(inner, max_size=3).map(lambda items: "[" + ", ".join(items) + "]"),
        st.lists(st.tuples(st.sampled_from(["k", "status", '"a b"']), inner), max_size=2, unique_by=lambda p: p[0])
        .map(lambda pairs: "{ " + ", ".join(f"{k}: {v}" for k, v in pairs) + " }" if pairs else "{}"),
        st.tuples(inner, inner).map(lambda pair: f"default({pair[0]}, {pair[1]})"),
    ))


class Names:
    def __init__(self) -> None:
        self.counter = itertools.count()

    def next(self, prefix: str = "n") -> str:
        return f"{prefix}{next(self.counter)}"


@st.composite
def calls(draw: st.DrawFn) -> str:
    arguments = draw(st.lists(st.tuples(st.sampled_from(["a", "b", "items", "note"]), expressions()),
                              max_size=3, unique_by=lambda pair: pair[0]))
    function = draw(st.sampled_from(["work", "acts2.charge", "notify"]))
    return f"{function}({', '.join(f'{k}: {v}' for k, v in arguments)})"


def _indent(lines: list[str]) -> list[str]:
    return ["  " + line for line in lines]


@st.composite
def blocks(draw: st.DrawFn, names: Names, depth: int) -> list[str]:
    lines: list[str] = []
    for _ in range(draw(st.integers(1, 3 if depth else 5))):
        description = draw(DESCRIPTIONS)
        if description:
            lines.append(f"# {description}")
        lines += draw(statements(names, depth))
    if draw(st.integers(0, 4)) == 0:
        lines.append(draw(st.sampled_from([f"return {draw(expressions())}", 'fail Oops "it went {input.a}"'])) if depth == 0 else 'fail Oops "in a block"')
    return lines


@st.composite
def statements(draw: st.DrawFn, names: Names, depth: int) -> list[str]:
    kinds = ["step", "wait", "set", "log", "wait_for", "invoke", "poll"]
    if depth < 2:
        kinds += ["if", "parallel", "for_each", "step_with_options", "repeat", "group"]
    kind = draw(st.sampled_from(kinds))
    name = names.next()
    nested = lambda: draw(blocks(names, depth + 1))  # noqa: E731
    if kind == "step":
        return [f"step {name} = {draw(calls())}" if draw(st.booleans()) else f"step {draw(calls())}".replace("step acts2.", "step acts2.")]
    if kind == "step_with_options":
        lines = [f"step {name} = {draw(calls())}", f"  retry {draw(st.integers(0, 3))} times every {draw(DURATIONS)} backoff 1.5 on Timeout, Busy"]
        if draw(st.booleans()):
            lines.append("  at most once")
        lines.append(f"  undo {draw(calls())}")
        return lines + draw(handlers(names, depth))
    if kind == "wait":
        return [draw(st.sampled_from([f"wait {draw(DURATIONS)}", f"wait {name} {draw(DURATIONS)}", f"wait {name} until input.a",
                                      "wait input.b minutes", f"wait {name} (input.b * 2) s"]))]
    if kind == "set":
        again = [f"set {name} = {draw(expressions())}"] if draw(st.booleans()) else []
        return [f"set {name} = {draw(expressions())}", *again]
    if kind == "group":
        lines = [f"group {name}", *_indent(nested())]
        if draw(st.booleans()):
            lines.append(f"  retry {draw(st.integers(0, 3))} times every {draw(DURATIONS)} on Busy")
        lines += draw(handlers(names, depth))
        if draw(st.booleans()):
            lines += ["  finally", *_indent(_indent(nested()))]
        return lines
    if kind == "repeat":
        mode = draw(st.sampled_from(["until", "while"]))
        return [f"repeat {mode} {draw(expressions())}", f"  max {draw(st.integers(1, 9))} times",
                *_indent(nested()), *draw(handlers(names, depth))]
    if kind == "log":
        fields = draw(st.none() | expressions().map(lambda e: f" with {{ detail: {e}, count: 1 }}"))
        return [f"log {draw(expressions())}{fields or ''}"]
    if kind == "wait_for":
        alias = draw(st.sampled_from(["", f" as {names.next('late')}"]))
        return [f"wait for {name} = {draw(calls())}", f"  timeout {draw(DURATIONS)}", f"  on timeout{alias}",
                *_indent(_indent(nested())), *draw(handlers(names, depth))]
    if kind == "invoke":
        retry = [f"  retry {draw(st.integers(0, 3))} times on Busy", "  retry 1 time"] if draw(st.booleans()) else []
        return [f'invoke {name} = "billing-fn:live" with {draw(expressions())}', *retry, *draw(handlers(names, depth))]
    if kind == "poll":
        return [f"poll {name} = {draw(calls())} every {draw(DURATIONS)} until {name}.done", f"  max {draw(st.integers(1, 9))} times"]
    if kind == "if":
        lines = [f"if {draw(expressions())}", *_indent(nested())]
        if draw(st.booleans()):
            lines += [f"else if {draw(expressions())}", *_indent(nested())]
        if draw(st.booleans()):
            lines += ["else", *_indent(nested())]
        return lines
    if kind == "parallel":
        lines = [f"parallel {name}", f"  max concurrency {draw(st.integers(1, 3))}"]
        for branch in range(draw(st.integers(1, 3))):
            lines += [f"  branch b{branch}", *_indent(_indent(nested()))]
        return lines + draw(handlers(names, depth))
    position = f", {names.next('place')}" if draw(st.booleans()) else ""
    tolerance = draw(st.sampled_from(["  tolerate 1 failure", "  tolerate 25% failures", "  complete after 2 successes"]))
    return [f"for each {names.next('item')}{position} in input.c as {name}", tolerance, *_indent(nested()),
            *draw(handlers(names, depth))]


@st.composite
def handlers(draw: st.DrawFn, names: Names, depth: int) -> list[str]:
    """None to three `on failure` blocks: named errors first, maybe `as NAME`, maybe one for any failure last."""
    if depth >= 2:
        return []
    lines: list[str] = []
    count = draw(st.integers(0, 3))
    errors = iter(["Timeout", "Busy", "CardDeclined", "ValueError", "Gone", "Late"])
    for index in range(count):
        named = index < count - 1 or draw(st.booleans())
        head = "  on failure"
        if named:
            head += " " + ", ".join(next(errors) for _ in range(draw(st.integers(1, 2))))
        if draw(st.booleans()):
            head += f" as {names.next('problem')}"
        lines += [head, *_indent(_indent(draw(blocks(names, depth + 1))))]
    return lines


@st.composite
def flows(draw: st.DrawFn) -> str:
    """The text of a random valid flow."""
    names = Names()
    header = [
        "# A generated flow.",
        "flow generated",
        f"description {flow_string(draw(AWKWARD_TEXT))}",
        f"timeout {draw(st.sampled_from(['366 days', '30 days']))}",
        "actions pkg.acts",
        "actions pkg.acts2 as acts2",
        "input",
        "  a: string  # the a",
        "  b: integer = 1",
        "  c: list of string?",
        "  d: \"x\" | \"y\" = \"x\"",
        "",
    ]
    return "\n".join(header + draw(blocks(names, 0))) + "\n"
