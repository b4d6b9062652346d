"""Where a YAML node, key or value is in the file, as a `model.Span` for diagnostics."""

from __future__ import annotations

from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString

from dflow.language import model as m
from dflow.language.diagnostics import point

def node_span(node: Any) -> m.Span | None:
    if isinstance(node, (CommentedMap, CommentedSeq)):
        return point(node.lc.line + 1, node.lc.col + 1)
    return None


def key_span(mapping: CommentedMap, key: Any) -> m.Span:
    if key not in mapping:
        return node_span(mapping) or point(1, 1)
    line, column = mapping.lc.key(key)
    return point(line + 1, column + 1, len(str(key)))


def value_span(parent: Any, key: Any) -> m.Span:
    present = key in parent if isinstance(parent, CommentedMap) else isinstance(key, int) and key < len(parent)
    if not present:
        return node_span(parent) or point(1, 1)
    if isinstance(parent, CommentedMap):
        line, column = parent.lc.value(key)
    else:
        line, column = parent.lc.item(key)
    value = parent[key]
    quoted = isinstance(value, (DoubleQuotedScalarString, SingleQuotedScalarString))
    return point(line + 1, column + 1 + (1 if quoted else 0), len(str(value)))
