"""The `dflow` command: one module per command, each parsing its arguments and printing what happened.

Exit codes: 0 success, 1 errors in a flow (or stale outputs with --check),
2 a usage error. A bug in dflow prints a one-line apology, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from dflow import __version__
from dflow.cli import build, check, compile, convert, docs, fmt, graph, importing, lsp, new, run, schema, studio, test
from dflow.cli.words import BUG_REPORT

# Each command is a module of its own: it adds its parser and runs. They import
# the compiler where they use it: a no-op rebuild (dflow.compiler.build) must
# answer without loading lark, pydantic or black.
COMMANDS = (new, compile, check, graph, docs, fmt, convert, importing, schema, run, test, build, studio, lsp)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "run"):
        parser.print_help()
        return 2
    try:
        code: int = args.run(args)
        return code
    except KeyboardInterrupt:
        return 130
    except OSError as error:
        # The machine said no (a full disk, a folder that cannot be written): not a bug.
        # Every write goes through a temporary file, so the old file is still there.
        where = f"{error.filename}: " if error.filename else ""
        print(f"dflow: {where}{error.strerror or error}; nothing more was written", file=sys.stderr)
        return 1
    except Exception as error:  # noqa: BLE001 - the last line of defence for users
        print(f"dflow: internal error ({type(error).__name__}: {error}); {BUG_REPORT}", file=sys.stderr)
        return 3


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dflow",
        description="Compile .flow workflows into AWS Lambda durable function handlers.",
    )
    parser.add_argument("--version", action="version", version=f"dflow {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    for command in COMMANDS:
        command.register(commands)
    return parser


if __name__ == "__main__":
    sys.exit(main())
