"""`dflow fmt`: the canonical layout of a `.flow` file, keeping every comment where it is.

It works on lines and tokens, not by printing the model back, so comments stay
on their lines. What it changes: indentation (two spaces a block), spacing
around operators, commas and colons, blank lines (one before each top-level
statement; elsewhere one where the author left one or more), the spelling of
durations (`2s` → `2 seconds`) and the order of header settings. What it never changes is the
meaning: `format_flow` checks that the model before and after is the same.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dflow.language import model as m
from dflow.language.diagnostics import source_lines
from dflow.language.durations import UNIT_SECONDS, canonical_unit
from dflow.language.grammar.comments import comment_start
from dflow.language.grammar.keywords import HEADER_KEYWORDS, KEYWORDS, STATEMENT_KEYWORDS
from dflow.language.grammar.layout import bracket_change
from dflow.language.grammar.parse import parse_flow

INDENT = "  "
TOKEN = re.compile(
    r'"(?:\\.|[^"\\])*"|\d+(?:\.\d+)?|[A-Za-z_][A-Za-z0-9_]*|==|!=|<=|>=|[-+*/%<>=?|,:.()\[\]{}]|\S'
)
NO_SPACE_BEFORE = {",", ":", ")", "]", ".", "?"}
# Words after which `(` or `[` opens an expression rather than a call or an index.
EXPRESSION_WORDS = {"if", "and", "or", "not", "in", "return", "with", "until", "while", "then", "else", "for"}
NO_SPACE_AFTER = {"(", "[", "."}
# What starts a top-level group of lines: a statement, or the `input` block.
TOP_LEVEL_WORDS = STATEMENT_KEYWORDS | {"input"}


class FormatError(Exception):
    """Formatting would have changed the flow's meaning: a bug in dflow, nothing is written."""


@dataclass
class Line:
    """One physical line: its block depth, its code and its comment."""

    depth: int
    code: str
    comment: str | None
    continuation: bool = False  # inside brackets opened on an earlier line
    closes: bool = False  # starts with a closing bracket
    written_depth: int = 0  # for a comment alone on its line: the block its indentation puts it in

    @property
    def blank(self) -> bool:
        return not self.code and self.comment is None

    @property
    def first_word(self) -> str:
        return self.code.split(" ", 1)[0] if self.code else ""


def format_flow(text: str) -> str:
    """The canonical text of a flow; raises `FlowError` when it does not parse."""
    before = parse_flow(text)
    formatted = _layout(_reorder_header(_lines(text)))
    after = parse_flow(formatted)
    if meaning(before) != meaning(after) or _layout(_reorder_header(_lines(formatted))) != formatted:
        raise FormatError("formatting would change this flow; it was left as it is")
    return formatted


def meaning(flow: m.Flow) -> object:
    """The model without positions and with settings in canonical order: what the flow means."""

    def strip(value: object) -> object:
        if isinstance(value, dict):
            if {"amount", "unit", "seconds"} <= value.keys():
                return {"seconds": value["seconds"]}  # `2s` and `2 seconds` mean the same
            return {k: strip(v) for k, v in value.items() if k != "span" and not k.endswith("_span")}
        if isinstance(value, list):
            return [strip(item) for item in value]
        return value

    data = strip(flow.model_dump())
    assert isinstance(data, dict)
    data["settings"] = sorted(setting["keyword"] for setting in data["settings"])
    return data


# ---------------------------------------------------------------- reading lines


def _lines(text: str) -> list[Line]:
    lines: list[Line] = []
    stack = [0]
    open_brackets = 0
    for raw in source_lines(text):
        code, comment = _split_comment(raw)
        stripped = code.strip()
        continuation = open_brackets > 0
        if stripped and not continuation:
            width = len(code) - len(code.lstrip(" "))
            if width > stack[-1]:
                stack.append(width)
            while width < stack[-1]:
                stack.pop()
        depth = len(stack) - 1 if stripped or comment is not None else 0
        closes = stripped[:1] in (")", "]", "}")
        if continuation:
            depth = _statement_depth(lines) + open_brackets - (1 if closes else 0)
        written = 0
        if not stripped and comment is not None and not continuation:
            width = len(raw) - len(raw.lstrip(" "))
            written = max(0, sum(1 for level in stack if level <= width) - 1)
        lines.append(Line(depth, _spaced(stripped), comment, continuation, closes, written))
        open_brackets = max(0, open_brackets + bracket_change(stripped))
    return _comment_depths(lines)


def _comment_depths(lines: list[Line]) -> list[Line]:
    """A line that is only a comment takes the depth of the code it stands above.

    One indented deeper than that code, after the last line of a block, ends
    the block: it stays in it.
    """
    following = 0
    for line in reversed(lines):
        if line.code:
            following = line.depth
        elif line.comment is not None and not line.continuation:
            line.depth = line.written_depth if line.written_depth > following else following
    return lines


def _statement_depth(lines: list[Line]) -> int:
    for line in reversed(lines):
        if line.code and not line.continuation:
            return line.depth
    return 0


def _split_comment(raw: str) -> tuple[str, str | None]:
    start = comment_start(raw)
    if start is None:
        return raw.rstrip(), None
    return raw[:start].rstrip(), raw[start:].rstrip()


# ---------------------------------------------------------------- spacing within a line


def _spaced(code: str) -> str:
    tokens = _durations(TOKEN.findall(code))
    out: list[str] = []
    previous: str | None = None
    unary = False
    for index, token in enumerate(tokens):
        # `wait backoff (attempts * 2) hours`: after a wait's name, `(` opens its amount, not a call.
        amount = index == 2 and tokens[0] == "wait" and token == "("
        # `tolerate 25% failures`: a share, written against its number (elsewhere `%` is an operator).
        share = token == "%" and index == 2 and tokens[0] == "tolerate"
        if previous is not None and not unary and not share and (amount or _space_between(previous, token)):
            out.append(" ")
        out.append(token)
        unary = token == "-" and _is_unary_position(previous)
        previous = token
    return "".join(out)


def _space_between(previous: str, token: str) -> bool:
    if token in NO_SPACE_BEFORE or previous in NO_SPACE_AFTER:
        return False
    if token == "}":
        return previous != "{"
    if previous == "{":
        return True
    if token in ("(", "["):
        # A call or an index sticks to its name; after a keyword or an operator it does not.
        return previous in EXPRESSION_WORDS or not (previous[-1:].isalnum() or previous[-1:] in "_)]\"")
    return True


def _is_unary_position(previous: str | None) -> bool:
    return previous is None or previous in KEYWORDS or not (
        previous[-1:].isalnum() or previous[-1:] in "_)]}\""
    )


def _durations(tokens: list[str]) -> list[str]:
    """`2s`, `1 days`, `15 mins`… → `2 seconds`, `1 day`, `15 minutes`."""
    out = list(tokens)
    for index in range(len(out) - 1):
        number, unit = out[index], out[index + 1]
        if re.fullmatch(r"\d+(\.\d+)?", number) and unit in UNIT_SECONDS:
            out[index + 1] = canonical_unit(number, unit)
    computed = len(out) > 2 and not re.fullmatch(r"\d+(\.\d+)?", out[-2]) and out[-2] != "until"
    if computed and out[0] == "wait" and out[-1] in UNIT_SECONDS:
        out[-1] = canonical_unit("2", out[-1])  # `wait input.delay s`: a computed number of units
    return out


# ---------------------------------------------------------------- header order and blank lines


def _reorder_header(lines: list[Line]) -> list[Line]:
    """Header settings in canonical order, each with the comments directly above it."""
    start = next((i for i, line in enumerate(lines) if line.depth == 0 and line.first_word == "flow"), None)
    if start is None:
        return lines
    end = start + 1
    while end < len(lines) and not (lines[end].depth == 0 and lines[end].first_word in STATEMENT_KEYWORDS):
        end += 1
    # A comment block just above the first statement belongs to that statement.
    while end - 1 > start and lines[end - 1].code == "" and lines[end - 1].comment is not None:
        end -= 1
    items: list[list[Line]] = []
    pending: list[Line] = []
    for line in lines[start + 1 : end]:
        if line.blank:
            continue
        if line.depth == 0 and line.code:
            items.append(pending + [line])
            pending = []
        elif line.depth == 0:
            pending.append(line)
        elif items:
            items[-1].append(line)
    items.sort(key=lambda item: _header_rank(item[-1] if item[-1].depth == 0 else _item_head(item)))
    header = [line for item in items for line in item] + pending
    return lines[: start + 1] + header + lines[end:]


def _item_head(item: list[Line]) -> Line:
    return next(line for line in item if line.depth == 0 and line.code)


def _header_rank(line: Line) -> int:
    word = line.first_word
    return HEADER_KEYWORDS.index(word) if word in HEADER_KEYWORDS else len(HEADER_KEYWORDS)


def _layout(lines: list[Line]) -> str:
    """Lines with canonical blank lines: one before each top-level statement (and its
    comments) and before `input`; elsewhere one where the author left one or more."""
    out: list[str] = []
    for index, line in enumerate(lines):
        if line.blank:
            continue
        target = _attached_line(lines, index)
        top_level = target.depth == 0 and target.first_word in TOP_LEVEL_WORDS
        kept = index > 0 and lines[index - 1].blank and not line.continuation
        if out and out[-1] != "" and (kept or (top_level and _begins_group(lines, index))):
            out.append("")
        out.append(_render(line))
    return "\n".join(out).strip("\n") + "\n"


def _attached_line(lines: list[Line], index: int) -> Line:
    """For a comment line directly above code (no blank between), that code line; else itself.

    A comment that ends a block, deeper than the code after it, is not that code's.
    """
    for line in lines[index:]:
        if line.blank:
            return lines[index]
        if line.code:
            return line if line.depth >= lines[index].depth else lines[index]
    return lines[index]


def _begins_group(lines: list[Line], index: int) -> bool:
    """False for a line that continues the comment block or the statement above it."""
    line = lines[index]
    if line.continuation:
        return False
    previous = lines[index - 1] if index > 0 else None
    return previous is None or previous.blank or bool(previous.code) or previous.depth > line.depth


def _render(line: Line) -> str:
    text = INDENT * line.depth + line.code
    if line.comment is not None:
        text = f"{text}  {line.comment}" if line.code else INDENT * line.depth + line.comment
    return text
