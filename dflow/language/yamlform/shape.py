"""Pass 2 of reading the YAML form: the document's shape, checked by the models of `document.py`.

pydantic's errors are turned into diagnostics in plain words, each at the
line and column of the key or value it is about.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from dflow.language.diagnostics import Diagnostic, did_you_mean, replace_with
from dflow.language.yamlform import document as d
from dflow.language.yamlform.reader import plain
from dflow.language.yamlform.spans import key_span, node_span, value_span

def shape_errors(data: CommentedMap) -> list[Diagnostic]:
    try:
        d.Flow.model_validate(plain(data))
    except ValidationError as error:
        seen: set[tuple[int, int, str]] = set()
        diagnostics = []
        for item in error.errors():
            if not _member_matches(data, item["loc"]):
                continue
            diagnostic = _shape_diagnostic(data, item)
            key = (diagnostic.span.line, diagnostic.span.column, diagnostic.code) if diagnostic.span else (0, 0, "")
            if key not in seen:
                seen.add(key)
                diagnostics.append(diagnostic)
        return sorted(diagnostics, key=lambda x: (x.span.line, x.span.column) if x.span else (0, 0))
    return []


def _shape_diagnostic(data: CommentedMap, error: Any) -> Diagnostic:
    parent, key, node = _follow(data, error["loc"])
    kind = error["type"]
    if kind == "extra_forbidden" and isinstance(parent, CommentedMap):
        allowed = _allowed_keys(parent, data, error["loc"])
        suggestion = did_you_mean(str(key), allowed)
        return Diagnostic(
            "DF603", f"unknown key `{key}`", key_span(parent, key),
            hint=f"did you mean `{suggestion}`?" if suggestion else "allowed here: " + ", ".join(sorted(allowed)),
            fix=replace_with(key_span(parent, key), suggestion),
        )
    if kind == "missing":
        _, what = _context(node, data, error["loc"])
        return Diagnostic("DF604", f"{what} needs `{error['loc'][-1]}`", node_span(node),
                          hint=f"add `{error['loc'][-1]}:` to it")
    if kind in ("union_tag_not_found", "union_tag_invalid"):
        first = next(iter(node), "") if isinstance(node, dict) else ""
        suggestion = did_you_mean(str(first), set(d.STATEMENT_KEYS))
        return Diagnostic(
            "DF605", "each statement is a mapping whose first key is its keyword", node_span(node),
            hint=f"did you mean `{suggestion}`?" if suggestion else "one of: " + ", ".join(d.STATEMENT_KEYS),
            fix=replace_with(key_span(node, first), suggestion) if isinstance(node, CommentedMap) and first else None,
        )
    expected = {"string_type": "text", "int_type": "a whole number", "int_parsing": "a whole number",
                "bool_type": "true or false", "bool_parsing": "true or false", "list_type": "a list",
                "dict_type": "a mapping", "model_type": "a mapping"}.get(kind, error["msg"].lower())
    span = value_span(parent, key) if isinstance(parent, (CommentedMap, CommentedSeq)) else node_span(node)
    return Diagnostic("DF606", f"`{key}` must be {expected}", span)


TYPE_TAGS = {"str": str, "int": int, "float": float, "bool": bool}


def _is_member_tag(segment: Any) -> bool:
    """pydantic names the member of a union in an error's location: `str`, `InputField`, `list[…]`."""
    text = str(segment)
    return text in TYPE_TAGS or text[:1].isupper() or "[" in text or "-" in text


def _member_matches(data: Any, loc: tuple[Any, ...]) -> bool:
    """False for an error about a union member other than the kind of value written.

    `express: {type: boolean}` is checked as text and as a mapping; only the
    mapping's errors say something useful about it.
    """
    node: Any = data
    for segment in loc:
        if _is_member_tag(segment) and not (isinstance(node, CommentedMap) and segment in node):
            expected = TYPE_TAGS.get(str(segment))
            if expected is not None and not isinstance(node, expected):
                return False
            if str(segment)[:1].isupper() and not isinstance(node, CommentedMap):
                return False
            continue
        if isinstance(node, CommentedMap) and segment in node:
            node = node[segment]
        elif isinstance(node, CommentedSeq) and isinstance(segment, int) and segment < len(node):
            node = node[segment]
    return True


def _follow(data: Any, loc: tuple[Any, ...]) -> tuple[Any, Any, Any]:
    """The YAML node an error's location points at, with its parent and key."""
    parent: Any = None
    key: Any = "flow"
    node: Any = data
    after_index = False
    for segment in loc:
        tag = after_index and isinstance(node, CommentedMap) and d.statement_key(node) == segment
        after_index = isinstance(segment, int)
        if tag:
            continue  # pydantic names the union member by its tag, which is also a key
        if isinstance(node, CommentedMap) and segment in node:
            parent, key, node = node, segment, node[segment]
        elif isinstance(node, CommentedMap) and str(segment).rstrip("_") in node:
            parent, key, node = node, str(segment).rstrip("_"), node[str(segment).rstrip("_")]
        elif isinstance(node, CommentedSeq) and isinstance(segment, int) and segment < len(node):
            parent, key, node = node, segment, node[segment]
        elif isinstance(node, CommentedMap) and segment not in d.STATEMENT_KEYS and not _is_member_tag(segment):
            parent, key = node, segment  # a key that is not there (extra or missing)
    return parent, key, node


def _allowed_keys(mapping: CommentedMap, root: CommentedMap, loc: tuple[Any, ...]) -> set[str]:
    model, _ = _context(mapping, root, loc)
    return {field.alias or name for name, field in model.model_fields.items()}


# Each statement's document model, by its keyword: `wait_for` is `WaitFor`.
STATEMENT_MODELS: dict[str, Any] = {
    key: getattr(d, "".join(part.title() for part in key.split("_"))) for key in d.STATEMENT_KEYS
}


def _context(mapping: Any, root: CommentedMap, loc: tuple[Any, ...]) -> tuple[Any, str]:
    """The document model a mapping is checked against, and how to name it in a message."""
    if mapping is root:
        return d.Flow, "the flow"
    if loc and loc[0] == "input" and len(loc) > 1:
        return d.InputField, f"input `{loc[1]}`"
    kind = d.statement_key(mapping)
    if kind is not None:
        return STATEMENT_MODELS[kind], f"`{kind}`"
    if isinstance(mapping, CommentedMap) and "condition" in mapping:
        return d.ElseIf, "`else_if`"
    if isinstance(mapping, CommentedMap) and "steps" in mapping:
        return d.FailureBlock, "an `on_failure` block"
    if "WaitUntil" in [str(segment) for segment in loc]:
        return d.WaitUntil, "`wait`"
    return d.Flow, "this mapping"
