"""Draw a `Graph` as Mermaid (renders in GitHub and GitLab Markdown) or Graphviz DOT."""

from __future__ import annotations

import shutil
import subprocess

from dflow.graph.model import Cluster, Graph, Node

MERMAID_SHAPES = {
    "start": ('(["', '"])'),
    "end": ('(["', '"])'),
    "return": ('(["', '"])'),
    "fail": ('(["', '"])'),
    "step": ('["', '"]'),
    "undo": ('["', '"]'),
    "wait": ('{{"', '"}}'),
    "callback": ('[/"', '"/]'),
    "invoke": ('[["', '"]]'),
    "poll": ('[\\"', '"\\]'),
    "decision": ('{"', '"}'),
    "fork": ('[["', '"]]'),
    "join": ('(("', '"))'),
    "note": ('>"', '"]'),
}
DOT_SHAPES = {
    "start": "oval", "end": "oval", "return": "oval", "fail": "oval", "step": "box",
    "undo": "box", "wait": "hexagon", "callback": "box", "invoke": "box3d",
    "poll": "box", "decision": "diamond", "fork": "box", "join": "box", "note": "note",
}
CLASSES = {  # node kind -> (Mermaid class name, style)
    "fail": ("failed", "fill:#fde2e2,stroke:#c0392b"),
    "return": ("returned", "fill:#e2f5e9,stroke:#27ae60"),
    "undo": ("compensation", "fill:#f4f4f4,stroke:#888,stroke-dasharray: 4 3"),
}


class GraphvizMissing(Exception):
    """`dot` is not on PATH."""


# ---------------------------------------------------------------- Mermaid


def to_mermaid(graph: Graph) -> str:
    nodes = {node.id: node for node in graph.nodes}
    lines = ["---", f"title: {_yaml_text(graph.title)}", "---"] if graph.title else []
    lines.append("flowchart TD")
    lines += _mermaid_cluster(graph.top, nodes, depth=1)
    for edge in graph.edges:
        arrow = "-.->" if edge.dashed else "-->"
        label = f"|{_mermaid_text(edge.label)}|" if edge.label else ""
        lines.append(f"  {edge.source} {arrow}{label} {edge.target}")
    for kind, (name, style) in CLASSES.items():
        members = [node.id for node in graph.nodes if node.kind == kind]
        if members:
            lines.append(f"  classDef {name} {style}")
            lines.append(f"  class {','.join(members)} {name}")
    return "\n".join(lines) + "\n"


def _mermaid_cluster(cluster: Cluster, nodes: dict[str, Node], depth: int) -> list[str]:
    pad = "  " * depth
    lines = [f"{pad}{_mermaid_node(nodes[node_id])}" for node_id in cluster.nodes]
    for inner in cluster.clusters:
        lines.append(f'{pad}subgraph {inner.id} ["{_mermaid_text(inner.label)}"]')
        lines += _mermaid_cluster(inner, nodes, depth + 1)
        lines.append(f"{pad}end")
    return lines


def _mermaid_node(node: Node) -> str:
    opening, closing = MERMAID_SHAPES[node.kind]
    parts = [f"<b>{_mermaid_text(node.lines[0])}</b>", *(_mermaid_text(line) for line in node.lines[1:] if line)]
    if node.description:
        parts.append(f"<i>{_mermaid_text(node.description)}</i>")
    return f"{node.id}{opening}{'<br/>'.join(parts)}{closing}"


def _yaml_text(text: str) -> str:
    """The title as a double-quoted YAML string (Mermaid's front matter is YAML)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return f'"{escaped}"'


def _mermaid_text(text: str) -> str:
    """Mermaid entity codes for what would end or break a label."""
    for char, code in (("#", "#35;"), ('"', "#quot;"), ("<", "#lt;"), (">", "#gt;"), ("|", "#124;")):
        text = text.replace(char, code)
    return text.replace("\n", "<br/>")


# ---------------------------------------------------------------- DOT


def to_dot(graph: Graph) -> str:
    nodes = {node.id: node for node in graph.nodes}
    lines = [
        f"digraph {_dot_string(graph.name)} {{",
        '  graph [fontname="Helvetica", fontsize=14, labelloc=t];',
        f"  label=<<b>{_html(graph.title)}</b>>;",
        '  node [fontname="Helvetica", fontsize=11, style="rounded,filled", fillcolor="#ffffff"];',
        '  edge [fontname="Helvetica", fontsize=10];',
    ]
    lines += _dot_cluster(graph.top, nodes, depth=1)
    for edge in graph.edges:
        attributes = []
        if edge.label:
            attributes.append(f"label={_dot_string(edge.label)}")
        if edge.dashed:
            attributes.append("style=dashed")
        suffix = f" [{', '.join(attributes)}]" if attributes else ""
        lines.append(f"  {edge.source} -> {edge.target}{suffix};")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _dot_cluster(cluster: Cluster, nodes: dict[str, Node], depth: int) -> list[str]:
    pad = "  " * depth
    lines = [f"{pad}{_dot_node(nodes[node_id])}" for node_id in cluster.nodes]
    for inner in cluster.clusters:
        lines.append(f"{pad}subgraph cluster_{inner.id} {{")
        lines.append(f"{pad}  label={_dot_string(inner.label)}; style=dashed;")
        lines += _dot_cluster(inner, nodes, depth + 1)
        lines.append(f"{pad}}}")
    return lines


def _dot_node(node: Node) -> str:
    """An HTML-like label: the title in bold, then the details, then the comment in italics.

    The comment is part of the label, so it shows in the SVG and in print, not
    only as a tooltip.
    """
    parts = [f"<b>{_html(node.lines[0])}</b>", *(_html(line) for line in node.lines[1:] if line)]
    if node.description:
        parts += [f"<i>{_html(line)}</i>" for line in node.description.split("\n")]
    attributes = [f"label=<{'<br/>'.join(parts)}>", f"shape={DOT_SHAPES[node.kind]}"]
    if node.description:
        attributes.append(f"tooltip={_dot_string(node.description)}")
    if node.kind == "fail":
        attributes.append('fillcolor="#fde2e2"')
    elif node.kind == "return":
        attributes.append('fillcolor="#e2f5e9"')
    elif node.kind == "undo":
        attributes.append('style="rounded,dashed"')
    elif node.kind in ("callback", "poll"):
        attributes.append("peripheries=2")
    elif node.kind == "join":
        attributes.append('fillcolor="#f4f4f4"')
    return f"{node.id} [{', '.join(attributes)}];"


def _html(text: str) -> str:
    """Text inside a Graphviz HTML-like label."""
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("\n", " ") or " ")


def _dot_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def to_svg(graph: Graph) -> str:
    """SVG drawn by Graphviz's `dot`; raises `GraphvizMissing` when it is not installed."""
    dot = shutil.which("dot")
    if dot is None:
        raise GraphvizMissing("Graphviz's `dot` is not installed")
    completed = subprocess.run([dot, "-Tsvg"], input=to_dot(graph), capture_output=True, text=True, check=True)
    return completed.stdout
