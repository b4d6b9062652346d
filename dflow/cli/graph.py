"""`dflow graph`: draw a flow as Mermaid, Graphviz DOT or SVG."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dflow.cli.files import Commands, load_one, write_or_print


def register(commands: Commands) -> None:
    parser = commands.add_parser(
        "graph",
        help="draw a flow as a flowchart (Mermaid, Graphviz DOT or SVG)",
        description="Draw a flow: steps, waits, callbacks with their timeout paths, choices "
        "with their conditions, parallel branches and loops as boxes, undo calls dashed.",
    )
    parser.add_argument("path", type=Path, metavar="FILE")
    parser.add_argument("--format", choices=("mermaid", "dot", "svg"), default="mermaid")
    parser.add_argument("-o", "--output", type=Path, metavar="OUT", help="write here instead of stdout")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from dflow.graph.model import build_graph
    from dflow.graph.render import GraphvizMissing, to_dot, to_mermaid, to_svg

    flow = load_one(args.path)
    if flow is None:
        return 1
    graph = build_graph(flow)
    try:
        text = {"mermaid": to_mermaid, "dot": to_dot, "svg": to_svg}[args.format](graph)
    except GraphvizMissing:
        print(
            "dflow: SVG needs Graphviz's `dot`, which is not installed "
            "(Debian/Ubuntu: apt-get install graphviz); --format mermaid or dot need nothing",
            file=sys.stderr,
        )
        return 1
    return write_or_print(text, args.output)
