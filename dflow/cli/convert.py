"""`dflow convert`: a flow into its YAML form and back."""

from __future__ import annotations

import argparse
from pathlib import Path

from dflow.cli.files import Commands, load_one, write_or_print


def register(commands: Commands) -> None:
    parser = commands.add_parser(
        "convert",
        help="turn a flow into its YAML form, or the YAML form into a .flow file",
        description="Convert between the two forms of a flow. Nothing but comment layout "
        "is lost: comments above statements become `description:` keys and back.",
    )
    parser.add_argument("path", type=Path, metavar="FILE")
    parser.add_argument("--to", choices=("yaml", "flow"), required=True)
    parser.add_argument("-o", "--output", type=Path, metavar="OUT", help="write here instead of stdout")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    flow = load_one(args.path)
    if flow is None:
        return 1
    if args.to == "yaml":
        from dflow.language.yamlform.dump import dump_flow

        return write_or_print(dump_flow(flow), args.output)
    from dflow.language.text.printer import print_flow

    return write_or_print(print_flow(flow), args.output)
