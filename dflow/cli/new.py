"""`dflow new DIR`: start a project from the vending example, ready for `dflow test` and `dflow build`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dflow.cli.files import Commands
from dflow.cli.words import count_of


def register(commands: Commands) -> None:
    parser = commands.add_parser(
        "new",
        help="start a project: a flow, its actions, scenarios, tests and [tool.dflow] settings",
        description="Create DIR (new or empty) with the vending example as a project: flows/vending.flow "
        "with its scenarios, the actions package in src/, tests, a pyproject.toml with a [tool.dflow] "
        "table, a .gitignore and a README that says the next commands.",
    )
    parser.add_argument("folder", type=Path, metavar="DIR")
    parser.add_argument("--runtime", default=None, metavar="NAME", help="the Lambda runtime (default: python3.14)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from dflow.deploy.scaffold import ScaffoldError, create_project
    from dflow.deploy.settings import DEFAULT_RUNTIME, RUNTIME

    runtime = args.runtime or DEFAULT_RUNTIME
    if not RUNTIME.fullmatch(runtime):
        print(f"dflow: --runtime {runtime}: Lambda's Python runtimes are named python3.N, e.g. python3.14", file=sys.stderr)
        return 2
    try:
        files = create_project(args.folder, runtime)
    except ScaffoldError as error:
        print(f"dflow: {error}", file=sys.stderr)
        return 2
    print(f"created {args.folder} ({count_of(len(files), 'file')})")
    print("next:")
    print(f"  cd {args.folder}")
    print("  dflow test              # the scenarios, on the SDK's local runner")
    print("  dflow build             # the SAM application in build/")
    print("  sam build -t build/template.yaml && sam deploy --guided")
    return 0
