"""`dflow docs`: a Markdown page that explains a flow in plain words."""

from __future__ import annotations

import argparse
from pathlib import Path

from dflow.cli.files import Commands, load_one, write_or_print


def register(commands: Commands) -> None:
    parser = commands.add_parser(
        "docs",
        help="write a Markdown page that explains a flow in plain words",
        description="A page for the people who own the process: the flow's description, "
        "its diagram, its input, and each operation in order with its retries, timeouts "
        "and what is undone on failure.",
    )
    parser.add_argument("path", type=Path, metavar="FILE")
    parser.add_argument("-o", "--output", type=Path, metavar="OUT.md", help="write here instead of stdout")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from dflow.docs.page import docs_page

    flow = load_one(args.path)
    return 1 if flow is None else write_or_print(docs_page(flow), args.output)
