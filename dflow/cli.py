"""The `dflow` command: a thin layer that runs the pipeline and reports what happened.

Exit codes: 0 success, 1 errors in a flow (or stale outputs with --check),
2 a usage error. A bug in dflow prints a one-line apology, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from dflow import __version__
from dflow.commands import (
    BUG_REPORT,
    run_convert,
    run_docs,
    run_fmt,
    run_graph,
    run_run,
    run_schema,
    run_test,
)
from dflow.files import check_files, flow_files, no_files
from dflow.words import count_of

# The compiler is imported where it is used: a no-op rebuild (dflow.build)
# must answer without loading lark, pydantic or black.
if TYPE_CHECKING:
    from dflow.compiler.diagnostics import Diagnostic
    from dflow.compiler.pipeline import CompiledFlow
    from dflow.compiler.write import Output

FORMATS = ("text", "json", "sarif", "github")



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

    compile_ = commands.add_parser(
        "compile",
        help="compile flows into NAME_handler.py and NAME.sam.yaml",
        description="Compile each flow (a folder means every .flow file in it) into "
        "NAME_handler.py and NAME.sam.yaml in the output folder. Nothing is written "
        "unless every flow compiles.",
    )
    compile_.add_argument("paths", nargs="+", type=Path, metavar="FILE|DIR")
    compile_.add_argument("-o", "--output", type=Path, required=True, metavar="DIR")
    compile_.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 and name the files that are out of date (for CI)",
    )
    compile_.add_argument(
        "-j", "--jobs", type=int, metavar="N",
        help="compile in N processes (default: one per core for 8 flows or more)",
    )
    compile_.add_argument(
        "--no-cache", action="store_true",
        help="compile every flow even if nothing changed, and keep no cache in the output folder",
    )
    compile_.add_argument(
        "--sam-template",
        type=Path,
        metavar="FILE",
        help="also add or update each flow's function in this SAM template, keeping the rest",
    )
    compile_.set_defaults(run=run_compile)

    check = commands.add_parser(
        "check",
        help="report every problem in flows without writing anything",
        description="Parse and check each flow (a folder means every .flow file in it). "
        "Exit 0 when there is no error, 1 when there is, 2 on a usage error.",
    )
    check.add_argument("paths", nargs="+", type=Path, metavar="FILE|DIR")
    check.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="text for people (the default), json, sarif (code scanning) or github (annotations)",
    )
    check.add_argument(
        "--actions-path",
        type=Path,
        metavar="DIR",
        help="also import the actions modules from DIR (in a separate process, running no "
        "action) and check that every called function exists and takes those arguments",
    )
    check.set_defaults(run=run_check)

    graph = commands.add_parser(
        "graph",
        help="draw a flow as a flowchart (Mermaid, Graphviz DOT or SVG)",
        description="Draw a flow: steps, waits, callbacks with their timeout paths, choices "
        "with their conditions, parallel branches and loops as boxes, undo calls dashed.",
    )
    graph.add_argument("path", type=Path, metavar="FILE")
    graph.add_argument("--format", choices=("mermaid", "dot", "svg"), default="mermaid")
    graph.add_argument("-o", "--output", type=Path, metavar="OUT", help="write here instead of stdout")
    graph.set_defaults(run=run_graph)

    docs = commands.add_parser(
        "docs",
        help="write a Markdown page that explains a flow in plain words",
        description="A page for the people who own the process: the flow's description, "
        "its diagram, its input, and each operation in order with its retries, timeouts "
        "and what is undone on failure.",
    )
    docs.add_argument("path", type=Path, metavar="FILE")
    docs.add_argument("-o", "--output", type=Path, metavar="OUT.md", help="write here instead of stdout")
    docs.set_defaults(run=run_docs)

    fmt = commands.add_parser(
        "fmt",
        help="lay flows out canonically, keeping every comment",
        description="Rewrite each flow (a folder means every .flow file in it) in the canonical "
        "layout: indentation, spacing, blank lines, duration spelling and header order. "
        "The meaning never changes: dflow checks the model before and after.",
    )
    fmt.add_argument("paths", nargs="+", type=Path, metavar="FILE|DIR")
    fmt.add_argument("--check", action="store_true", help="write nothing; exit 1 and list the files that would change")
    fmt.add_argument("--diff", action="store_true", help="write nothing; print what would change as a unified diff")
    fmt.set_defaults(run=run_fmt)

    convert = commands.add_parser(
        "convert",
        help="turn a flow into its YAML form, or the YAML form into a .flow file",
        description="Convert between the two forms of a flow. Nothing but comment layout "
        "is lost: comments above statements become `description:` keys and back.",
    )
    convert.add_argument("path", type=Path, metavar="FILE")
    convert.add_argument("--to", choices=("yaml", "flow"), required=True)
    convert.add_argument("-o", "--output", type=Path, metavar="OUT", help="write here instead of stdout")
    convert.set_defaults(run=run_convert)

    schema = commands.add_parser(
        "schema",
        help="print the JSON Schema of the YAML form, for editors",
        description="The JSON Schema of the YAML form, with a description of every key. "
        "VS Code's YAML extension uses it for completion and checks: put "
        "`# yaml-language-server: $schema=PATH` as the first line of a .flow.yaml file.",
    )
    schema.add_argument("-o", "--output", type=Path, metavar="OUT", help="write here instead of stdout")
    schema.set_defaults(run=run_schema)

    run = commands.add_parser(
        "run",
        help="run a flow on the SDK's local runner, with a live timeline (no AWS account)",
        description="Compile the flow in memory and run it once on the durable SDK's local "
        "runner with the real actions module. Waits and retry delays pass in virtual time. "
        "Needs the runner: pip install 'dflow[run]'.",
    )
    run.add_argument("path", type=Path, metavar="FILE")
    run.add_argument("--input", default="{}", metavar="JSON|@FILE", help="the execution's input")
    run.add_argument("--actions-path", type=Path, metavar="DIR", help="where the actions modules are (default: the flow's folder)")
    run.add_argument(
        "--callback", action="append", default=[], metavar="NAME=ANSWER",
        help="answer a callback: NAME=JSON succeeds it, NAME=!message fails it, NAME=timeout lets it time out "
        "(after 1 second); unanswered callbacks are asked for on a terminal",
    )
    run.add_argument(
        "--function", action="append", default=[], metavar="NAME=RESULT",
        help="stand in for a Lambda function the flow invokes: NAME=JSON returns that, NAME=!message "
        "fails with that message; a function not given does not exist",
    )
    run.set_defaults(run=run_run)

    test = commands.add_parser(
        "test",
        help="run the scenarios of *.scenarios.yaml files on the local runner",
        description="Run every scenario (input, mocked actions, callback answers, expectations) "
        "and report `N passed, N failed`. Exit 1 when any fails.",
    )
    test.add_argument("paths", nargs="*", type=Path, default=[Path(".")], metavar="PATH")
    test.add_argument("--junit-xml", type=Path, metavar="FILE", help="also write the results as JUnit XML for CI")
    test.add_argument("--mock-all", action="store_true", help="mock every action: an action without a mock is an error")
    test.add_argument("--actions-path", type=Path, metavar="DIR", help="where the actions modules are")
    test.set_defaults(run=run_test)
    return parser


# ---------------------------------------------------------------- reading and checking


def run_check(args: argparse.Namespace) -> int:
    from dflow.report import emit, summary

    if no_files(args.paths):
        return 2
    results = check_files(args.paths)
    if args.actions_path is not None:
        from dflow.actions_check import check_actions

        for report, flow in results:
            if flow is not None:
                report.diagnostics.extend(check_actions(flow, args.actions_path))
    reports = [report for report, _ in results]
    emit(reports, args.format, sys.stdout if args.format != "text" else sys.stderr)
    if args.format == "text":
        print(summary(reports), file=sys.stderr)
    return 1 if any(report.errors for report in reports) else 0


def run_compile(args: argparse.Namespace) -> int:
    from dflow import build

    if no_files(args.paths):
        return 2
    files = flow_files(args.paths)
    cacheable = not (args.check or args.no_cache or args.sam_template)
    if cacheable and build.unchanged(files, args.output):
        print(f"{count_of(len(files), 'flow')} unchanged since the last compile, in {args.output}")
        return 0
    from dflow.compiler.write import refusals, write_all
    from dflow.report import emit, print_diagnostics, summary

    results = build.check_and_compile(files, build.jobs_for(len(files), args.jobs))
    reports = [report for report, _ in results]
    emit(reports, "text")
    if any(report.errors for report in reports):
        print(summary(reports) + "; nothing was written", file=sys.stderr)
        return 1
    compiled: list[CompiledFlow] = [result for _, result in results]
    outputs = planned_outputs(compiled, args.output, args.sam_template)
    if outputs is None:
        return 1
    if args.check:
        return _check_outputs(outputs)
    problems = refusals(outputs)
    if problems:
        print_diagnostics(problems, "dflow", None)
        return 1
    written = write_all(outputs)
    if not args.no_cache:
        build.save_cache(
            [(report.path, {c.handler_name: c.handler_source, c.sam_name: c.sam_source}) for report, c in results],
            args.output,
        )
    print(
        f"compiled {count_of(len(compiled), 'flow')}: {count_of(len(written), 'file')} written, "
        f"{len(outputs) - len(written)} unchanged, in {args.output}"
    )
    return 0


def _check_outputs(outputs: list[Output]) -> int:
    from dflow.compiler.write import stale

    out_of_date = stale(outputs)
    for path in out_of_date:
        print(f"out of date: {path}", file=sys.stderr)
    if out_of_date:
        print("run `dflow compile` to update them", file=sys.stderr)
        return 1
    print(f"{len(outputs)} files up to date")
    return 0


def planned_outputs(
    compiled: list[CompiledFlow], output: Path, sam_template: Path | None
) -> list[Output] | None:
    """Every file the compile would write, or None (with a message) when two would clash."""
    from dflow.compiler.sam import merge_into_template
    from dflow.compiler.write import Output
    from dflow.report import print_diagnostics

    outputs: list[Output] = []
    for result in compiled:
        outputs.append(Output(output / result.handler_name, result.handler_source))
        outputs.append(Output(output / result.sam_name, result.sam_source))
    clash = _clashes(compiled)
    if clash:
        print_diagnostics([clash], "dflow", None)
        return None
    if sam_template is not None:
        text = _merged_template(compiled, sam_template)
        if text is None:
            return None
        outputs.append(Output(sam_template, text, generated=False))
    return outputs


def _merged_template(compiled: list[CompiledFlow], sam_template: Path) -> str | None:
    """The `--sam-template` file with every flow's function merged in, or None (with a message)."""
    from dflow.compiler.diagnostics import Diagnostic, point
    from dflow.compiler.sam import TemplateError, merge_into_template
    from dflow.report import print_diagnostics

    try:
        text = sam_template.read_text(encoding="utf-8")
    except OSError as error:
        print(f"dflow: cannot read {sam_template}: {error.strerror}", file=sys.stderr)
        return None
    except UnicodeDecodeError as error:
        print(f"dflow: cannot read {sam_template}: it is not UTF-8 text (byte {error.start + 1})", file=sys.stderr)
        return None
    try:
        for result in compiled:
            text = merge_into_template(text, result.sam_resource)
    except TemplateError as error:
        where = point(error.line, error.column) if error.line and error.column else None
        print_diagnostics(
            [Diagnostic("DF503", error.message, where, hint="fix the template, or leave out --sam-template")],
            str(sam_template), text,
        )
        return None
    return text


def _clashes(compiled: list[CompiledFlow]) -> Diagnostic | None:
    """Two flows that would write the same file or the same SAM resource."""
    from dflow.compiler.diagnostics import Diagnostic

    seen: dict[str, str] = {}
    for result in compiled:
        flow_name = result.flow.name.text
        for key in (result.handler_name, *result.sam_resource):
            if key in seen and seen[key] != flow_name:
                return Diagnostic(
                    "DF502",
                    f"the flows `{seen[key]}` and `{flow_name}` would both produce `{key}`",
                    None,
                    hint="give one of them another `flow NAME`",
                )
            seen[key] = flow_name
    return None


if __name__ == "__main__":
    sys.exit(main())
