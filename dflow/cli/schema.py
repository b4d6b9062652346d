"""`dflow schema`: the JSON Schema of the YAML form, for editors."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from dflow.cli.files import Commands, write_or_print


def register(commands: Commands) -> None:
    parser = commands.add_parser(
        "schema",
        help="print the JSON Schema of the YAML form, for editors",
        description="The JSON Schema of the YAML form, with a description of every key. "
        "VS Code's YAML extension uses it for completion and checks: put "
        "`# yaml-language-server: $schema=PATH` as the first line of a .flow.yaml file.",
    )
    parser.add_argument("-o", "--output", type=Path, metavar="OUT", help="write here instead of stdout")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:

    from dflow.language.yamlform.document import json_schema

    return write_or_print(json.dumps(json_schema(), indent=2) + "\n", args.output)
