"""`dflow check`: report every problem in flows, as text, JSON, SARIF or GitHub annotations."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dflow.cli.files import Commands, check_files, no_files

FORMATS = ("text", "json", "sarif", "github")


def register(commands: Commands) -> None:
    parser = commands.add_parser(
        "check",
        help="report every problem in flows without writing anything",
        description="Parse and check each flow (a folder means every .flow file in it). "
        "Exit 0 when there is no error, 1 when there is, 2 on a usage error.",
    )
    parser.add_argument("paths", nargs="+", type=Path, metavar="FILE|DIR")
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="text for people (the default), json, sarif (code scanning) or github (annotations)",
    )
    parser.add_argument(
        "--actions-path",
        type=Path,
        metavar="DIR",
        help="also import the actions modules from DIR (in a separate process, running no "
        "action) and check that every called function exists and takes those arguments",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from dflow.cli.report import emit, summary

    if no_files(args.paths):
        return 2
    results = check_files(args.paths)
    if args.actions_path is not None:
        from dflow.actions.check import check_actions

        for report, flow in results:
            if flow is not None:
                report.diagnostics.extend(check_actions(flow, args.actions_path))
    reports = [report for report, _ in results]
    emit(reports, args.format, sys.stdout if args.format != "text" else sys.stderr)
    if args.format == "text":
        print(summary(reports), file=sys.stderr)
    return 1 if any(report.errors for report in reports) else 0
