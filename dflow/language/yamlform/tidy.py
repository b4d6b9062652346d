"""`dflow fmt` for the YAML form: keys in the order `dflow convert` writes them, comments kept.

The file is re-read with ruamel's round-trip loader, so comments attached to
keys move with them; the meaning is checked before and after, as for `.flow`.
"""

from __future__ import annotations

import io
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from dflow.language.text.fmt import FormatError, meaning
from dflow.language.yamlform import document as d
from dflow.language.yamlform.layout import round_trip_yaml
from dflow.language.yamlform.load import load_flow

FLOW_KEYS = list(d.Flow.model_fields)
STATEMENT_KEYS: dict[str, list[str]] = {
    "step": ["step", "name", "description", "retry", "at_most_once", "undo", "on_failure"],
    "wait": ["wait", "name", "description"],
    "wait_for": ["wait_for", "name", "description", "timeout", "heartbeat", "as_text", "retry", "on_timeout", "on_failure"],
    "invoke": ["invoke", "name", "with", "description", "retry", "on_failure"],
    "poll": ["poll", "name", "every", "until", "max", "retry", "description", "on_failure"],
    "if": ["if", "then", "else_if", "else", "description"],
    "parallel": ["parallel", "description", "max_concurrency", "tolerate", "tolerate_percent", "complete_after",
                 "branches", "on_failure"],
    "for_each": ["for_each", "position", "in", "as", "description", "max_concurrency", "tolerate",
                 "tolerate_percent", "complete_after", "steps", "on_failure"],
    "repeat": ["repeat", "max", "description", "steps", "on_failure"],
    "group": ["group", "description", "steps", "retry", "on_failure", "finally"],
    "set": ["set", "value", "description"],
    "log": ["log", "with", "description"],
    "return": ["return", "description"],
    "fail": ["fail", "message", "description"],
}

HANDLER_KEYS = ["errors", "as", "steps"]


def format_yaml_flow(text: str) -> str:
    """The YAML form with keys in canonical order and a fixed layout; raises `FlowError`."""
    before = load_flow(text)
    yaml = round_trip_yaml()
    data = yaml.load(text)
    _order(data, FLOW_KEYS)
    stream = io.StringIO()
    yaml.dump(data, stream)
    formatted = stream.getvalue()
    if meaning(load_flow(formatted)) != meaning(before):
        raise FormatError("formatting would change this flow; it was left as it is")
    return formatted


def _order(node: Any, keys: list[str]) -> None:
    """Put a mapping's keys in `keys` order (unknown keys last), then do the same below it."""
    if isinstance(node, CommentedMap):
        for key in [k for k in keys if k in node] + [k for k in node if k not in keys]:
            node.move_to_end(key)
        for key, value in node.items():
            if key in ("steps", "then", "else", "on_failure", "on_timeout", "finally"):
                _order_statements(value)
            elif key == "branches" and isinstance(value, CommentedMap):
                for branch in value.values():
                    _order_statements(branch)
            elif key == "else_if" and isinstance(value, CommentedSeq):
                for arm in value:
                    _order(arm, ["condition", "then"])
            elif key == "input" and isinstance(value, CommentedMap):
                for field in value.values():
                    _order(field, ["type", "default", "description"])


def _order_statements(items: Any) -> None:
    if isinstance(items, CommentedSeq):
        for item in items:
            kind = d.statement_key(item)
            if kind is not None:
                _order(item, STATEMENT_KEYS[kind])
            elif isinstance(item, CommentedMap):  # an `on_failure` block with `errors`, `as`, `steps`
                _order(item, HANDLER_KEYS)
