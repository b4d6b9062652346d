"""What the page shows of a flow's text as it is typed: diagnostics, the diagram and the input form.

One call per keystroke (after a short pause), so it does no more than
`dflow check` and `dflow graph --format dot`: parse, check, build the graph.
A flow whose checks fail but which parses is still drawn, so the diagram does
not vanish at every half-typed name.
"""

from __future__ import annotations

from typing import Any

from dflow.graph.model import build_graph
from dflow.graph.render import to_dot
from dflow.language import model as m
from dflow.language.codes import codes
from dflow.language.checks.flow import check_flow
from dflow.language.diagnostics import Diagnostic, FlowError
from dflow.language.reading import read_flow
from dflow.language.resolution import Resolution, resolve_flow
from dflow.language.text import unparse
from dflow.language.walk import all_statements, expression_nodes, statement_expressions



def analyse(text: str, source_name: str) -> dict[str, Any]:
    """`{diagnostics, dot, nodes, inputs, name}` for the page; never raises for a user's mistake."""
    resolution: Resolution | None = None
    try:
        flow: m.Flow | None = read_flow(text, source_name)
        if flow is not None:
            resolution = resolve_flow(flow)
        diagnostics = check_flow(flow, resolution) if flow is not None else []
    except FlowError as error:
        flow, diagnostics = None, error.diagnostics
    result: dict[str, Any] = {
        "diagnostics": [diagnostic_json(d, text) for d in diagnostics],
        "errors": sum(1 for d in diagnostics if d.is_error),
        "dot": None,
        "nodes": [],
        "edges": [],
        "inputs": None,
        "name": None,
    }
    if flow is None:
        return result
    graph = build_graph(flow)
    result["dot"] = to_dot(graph)
    result["nodes"] = [
        {"id": node.id, "kind": node.kind, "operation": node.operation, "span": span_json(node.span),
         "title": node.lines[0] if node.lines else ""}
        for node in graph.nodes
    ]
    result["edges"] = [{"source": e.source, "target": e.target, "label": e.label} for e in graph.edges]
    result["inputs"] = [input_json(field) for field in flow.inputs] if flow.inputs is not None else None
    result["name"] = flow.name.text
    result["callbacks"] = callback_examples(flow)
    # Go to definition: each name read, and where the name it reads is defined (the resolved view).
    result["references"] = [
        {"span": span_json(used.span), "definition": span_json(used.definition.span)}
        for used in (resolution.references if resolution else []) if used.definition is not None
    ]
    return result


def callback_examples(flow: m.Flow) -> dict[str, Any]:
    """For each callback, an answer holding the fields the flow reads of it: the answer box starts there.

    `approval.approved == true` and `approval.amount_cents` give
    `{"approved": true, "amount_cents": null}`: a field compared with a value
    takes that value, any other is null for the analyst to fill in.
    """
    names = {s.name.text for s in all_statements(flow.body) if isinstance(s, m.WaitFor)}
    examples: dict[str, dict[str, Any]] = {name: {} for name in names}
    for statement in all_statements(flow.body):
        for expr in statement_expressions(statement):
            for node in expression_nodes(expr):
                if isinstance(node, m.Binary) and node.op in ("==", "!=", "<", "<=", ">", ">="):
                    _example(examples, node.left, node.right)
                    _example(examples, node.right, node.left)
                elif isinstance(node, m.Attribute):
                    _example(examples, node, None)
    return {name: fields for name, fields in sorted(examples.items())}


def _example(examples: dict[str, dict[str, Any]], read: m.Expr, value: m.Expr | None) -> None:
    if not (isinstance(read, m.Attribute) and isinstance(read.target, m.Reference) and read.target.name in examples):
        return
    fields = examples[read.target.name]
    if isinstance(value, m.LiteralValue) and fields.get(read.name) is None:
        fields[read.name] = value.value
    else:
        fields.setdefault(read.name, None)


def diagnostic_json(diagnostic: Diagnostic, text: str) -> dict[str, Any]:
    """A diagnostic for the editor, with its suggested edit (a one-click fix) when it has one."""
    fix = None
    if diagnostic.fix is not None:
        fix = {"label": diagnostic.fix.label, "insert": diagnostic.fix.replacement, "span": span_json(diagnostic.fix.span)}
    known = codes().get(diagnostic.code)
    return {
        "code": diagnostic.code,
        "title": known.title if known else None,  # the registry's explanation, as docs/errors.md gives it
        "explanation": known.explanation.strip() if known else None,
        "severity": diagnostic.severity,
        "message": diagnostic.message,
        "hint": diagnostic.hint,
        "span": span_json(diagnostic.span),
        "fix": fix,
    }


def span_json(span: m.Span | None) -> dict[str, int] | None:
    """Lines and columns count from 1, as in every message dflow prints; the end is exclusive."""
    if span is None:
        return None
    return {"line": span.line, "column": span.column, "end_line": span.end_line, "end_column": span.end_column}


def input_json(field: m.InputField) -> dict[str, Any]:
    """One field of the input form: what control it needs and what it may hold."""
    kind = field.type
    return {
        "name": field.name.text,
        "type": kind.name,
        "item": kind.item.name if kind.item is not None else None,
        "choices": list(kind.choices),
        "optional": kind.optional,
        "default": unparse.expression(field.default) if field.default is not None else None,
        "description": field.description,
    }
