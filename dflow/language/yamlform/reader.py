"""Pass 1 of the YAML form: YAML text → ruamel's round-trip document, refusing what a flow cannot hold.

Anchors and aliases, nesting too deep to load and control characters are
located errors; the line breaks YAML knows and the `.flow` grammar does not
(U+0085, U+2028, U+2029) are kept as characters, with the right line numbers.
"""

from __future__ import annotations

from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.reader import ReaderError

from dflow.language.diagnostics import Diagnostic, FlowError, point


def read_yaml(text: str) -> CommentedMap:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    stand_ins = _line_break_stand_ins(text)
    for char, stand_in in stand_ins.items():
        text = text.replace(char, stand_in)
    try:
        _refuse_what_a_flow_cannot_hold(yaml, text)
        data = yaml.load(text)
    except ReaderError as error:
        line, column = _line_and_column(text, error.position)
        raise FlowError([Diagnostic(
            "DF608", f"this character cannot be in a YAML file: {error.character!r}", point(line, column),
            hint="remove it; write it as an escape (\\x00, \\u0085) inside a double-quoted string",
        )]) from None
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = point(mark.line + 1, mark.column + 1) if mark else None
        problem = (error.problem or error.context or "not valid YAML").strip()
        hint = "check the indentation, and put values that contain `: `, `{` or `#` in quotes"
        if "mapping values are not allowed" in problem:
            hint = 'a value that contains `: ` must be in quotes, as in step: "reserve_slot(slot: input.slot)"'
        raise FlowError([Diagnostic("DF601", f"this is not valid YAML: {problem}", where, hint=hint)]) from None
    if not isinstance(data, CommentedMap):
        raise FlowError([Diagnostic("DF602", "a YAML flow is a mapping that starts with `flow: NAME`", point(1, 1))])
    if stand_ins:
        _restore(data, {stand_in: char for char, stand_in in stand_ins.items()})
    return data


# YAML also breaks lines at these, where the `.flow` grammar (and every line number
# dflow reports) does not: inside a string they would turn into spaces.
EXTRA_LINE_BREAKS = ("\x85", "\u2028", "\u2029")
MAX_YAML_DEPTH = 60  # mappings and lists inside each other; ruamel's loader recurses


def plain(value: Any) -> Any:
    """ruamel's containers and scalar strings as plain dicts, lists and `str` (keys too), for pydantic and JSON."""
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return str(value) if isinstance(value, str) else value


def _line_break_stand_ins(text: str) -> dict[str, str]:
    """A private-use character, absent from the text, for each extra line break it holds."""
    wanted = [char for char in EXTRA_LINE_BREAKS if char in text]
    free = (chr(code) for code in range(0xE000, 0xF900) if chr(code) not in text)
    return dict(zip(wanted, free))


def _restore(value: Any, originals: dict[str, str]) -> None:
    """Put the line-break characters back into every string of the loaded document."""
    def restored(text: Any) -> Any:
        if not isinstance(text, str) or not any(stand_in in text for stand_in in originals):
            return text
        plain = "".join(originals.get(char, char) for char in text)
        return type(text)(plain) if type(text) is not str else plain

    if isinstance(value, dict):
        for key in list(value):
            value[key] = restored(value[key])
            _restore(value[key], originals)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            value[index] = restored(item)
            _restore(value[index], originals)


def _refuse_what_a_flow_cannot_hold(yaml: YAML, text: str) -> None:
    """Anchors and aliases, and nesting too deep to load, refused before anything is built."""
    found = yaml_hazard(yaml, text, MAX_YAML_DEPTH)
    if found is None:
        return
    kind, line, column = found
    if kind == "alias":
        raise FlowError([Diagnostic(
            "DF609", "anchors and aliases (`&name`, `*name`) cannot be used in a flow",
            point(line, column), hint="write the value out where it is used",
        )])
    raise FlowError([Diagnostic(
        "DF610", f"mappings and lists nest at most {MAX_YAML_DEPTH} deep in a flow",
        point(line, column), hint="a flow's statements rarely need more than a few levels",
    )])


def yaml_hazard(yaml: YAML, text: str, max_depth: int) -> tuple[str, int, int] | None:
    """The first anchor or alias ("alias"), or nesting past `max_depth` ("depth"), with its line and column.

    Found from the parser's events, which come from a state machine, not
    recursion, and build nothing: an alias bomb (aliases of aliases, each
    doubling the document) or a self-referencing alias is found before it can
    expand, and a document nested thousands deep before it can overflow the stack.
    """
    from ruamel.yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent, NodeEvent

    depth = 0
    for event in yaml.parse(text):
        mark = event.start_mark
        if isinstance(event, AliasEvent) or (isinstance(event, NodeEvent) and event.anchor):
            return "alias", mark.line + 1, mark.column + 1
        if isinstance(event, CollectionStartEvent):
            depth += 1
            if depth > max_depth:
                return "depth", mark.line + 1, mark.column + 1
        elif isinstance(event, CollectionEndEvent):
            depth -= 1
    return None


def _line_and_column(text: str, position: int) -> tuple[int, int]:
    before = text[:position]
    return before.count("\n") + 1, position - (before.rfind("\n") + 1) + 1
