"""`dflow fmt`: lay flows out canonically, keeping every comment and the meaning."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dflow.cli.files import Commands, flow_files, no_files
from dflow.cli.words import BUG_REPORT, count_of


def register(commands: Commands) -> None:
    parser = commands.add_parser(
        "fmt",
        help="lay flows out canonically, keeping every comment",
        description="Rewrite each flow (a folder means every .flow file in it) in the canonical "
        "layout: indentation, spacing, blank lines, duration spelling and header order. "
        "The meaning never changes: dflow checks the model before and after.",
    )
    parser.add_argument("paths", nargs="+", type=Path, metavar="FILE|DIR")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 and list the files that would change")
    parser.add_argument("--diff", action="store_true", help="write nothing; print what would change as a unified diff")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import difflib

    from dflow.cli.report import print_diagnostics
    from dflow.language.reading import format_text
    from dflow.compiler.write import write_atomically
    from dflow.language.diagnostics import FlowError
    from dflow.language.text.fmt import FormatError

    if no_files(args.paths):
        return 2
    changed, failed = [], 0
    for path in flow_files(args.paths):
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as error:
            print(f"dflow: cannot read {path}: it is not UTF-8 text (byte {error.start + 1})", file=sys.stderr)
            failed += 1
            continue
        try:
            formatted = format_text(text, path.name)
        except FlowError as error:
            print_diagnostics(error.diagnostics, str(path), text)
            failed += 1
            continue
        except FormatError as error:
            print(f"dflow: {path}: {error}; {BUG_REPORT}", file=sys.stderr)
            failed += 1
            continue
        if formatted == text:
            continue
        changed.append(path)
        if args.diff:
            sys.stdout.writelines(difflib.unified_diff(
                text.splitlines(keepends=True), formatted.splitlines(keepends=True), str(path), str(path)
            ))
        elif args.check:
            print(f"would reformat {path}", file=sys.stderr)
        else:
            write_atomically(path, formatted)
    verb = "would be reformatted" if args.check or args.diff else "reformatted"
    print(f"{count_of(len(changed), 'file')} {verb}", file=sys.stderr)
    return 1 if failed or ((args.check or args.diff) and changed) else 0
