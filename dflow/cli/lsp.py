"""`dflow lsp`: the language server, over stdio, for editors (VS Code, Neovim, Emacs, Helix…)."""

from __future__ import annotations

import argparse
import sys

from dflow.cli.files import Commands
from dflow.cli.words import needs_extra


def register(commands: Commands) -> None:
    parser = commands.add_parser(
        "lsp",
        help="run the language server over stdio, for editors",
        description="Serve .flow and .flow.yaml files to an editor over the Language Server Protocol "
        "on stdin and stdout: dflow check's diagnostics (calls checked against the project's actions "
        "modules), hover, completion, go to definition, references, rename, the outline, formatting, "
        "quick fixes and retry delays. An editor starts it; you do not run it by hand. "
        "Needs: pip install 'dflow[lsp]'.",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        from dflow.lsp.server import main
    except ImportError as error:
        print(needs_extra("the language server", error.name, "lsp"), file=sys.stderr)
        return 2
    main()
    return 0
