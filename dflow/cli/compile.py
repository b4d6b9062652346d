"""`dflow compile`: flows → handlers and SAM snippets, all or nothing, with `--check` for CI."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from dflow.cli.files import Commands, compile_all, flow_files, no_files
from dflow.cli.words import count_of

# The compiler is imported where it is used: a no-op rebuild (dflow.compiler.build)
# must answer without loading lark, pydantic or black.
if TYPE_CHECKING:
    from dflow.compiler.pipeline import CompiledFlow
    from dflow.compiler.write import Output
    from dflow.language.diagnostics import Diagnostic


# What `--sam-template` starts from when the file does not exist yet.
NEW_TEMPLATE = "AWSTemplateFormatVersion: '2010-09-09'\nTransform: AWS::Serverless-2016-10-31\n"


def register(commands: Commands) -> None:
    parser = commands.add_parser(
        "compile",
        help="compile flows into NAME_handler.py and NAME.sam.yaml",
        description="Compile each flow (a folder means every .flow file in it) into "
        "NAME_handler.py and NAME.sam.yaml in the output folder. Nothing is written "
        "unless every flow compiles.",
    )
    parser.add_argument("paths", nargs="+", type=Path, metavar="FILE|DIR")
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="DIR")
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 and name the files that are out of date (for CI)",
    )
    parser.add_argument(
        "-j", "--jobs", type=int, metavar="N",
        help="compile in N processes (default: one per core for 8 flows or more)",
    )
    parser.add_argument(
        "--no-cache", action="store_true",
        help="compile every flow even if nothing changed, and keep no cache in the output folder",
    )
    parser.add_argument(
        "--sam-template",
        type=Path,
        metavar="FILE",
        help="also add or update each flow's function in this SAM template, keeping the rest "
        "(a missing file is created)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from dflow.compiler import build

    if no_files(args.paths):
        return 2
    files = flow_files(args.paths)
    cacheable = not (args.check or args.no_cache or args.sam_template)
    if cacheable and build.unchanged(files, args.output):
        print(f"{count_of(len(files), 'flow')} unchanged since the last compile, in {args.output}")
        return 0
    from dflow.cli.report import print_diagnostics
    from dflow.compiler.write import refusals, write_all

    results = compile_all(files, args.jobs)
    if results is None:
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
    from dflow.cli.report import print_diagnostics
    from dflow.compiler.write import Output

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
    from dflow.cli.report import print_diagnostics
    from dflow.compiler.sam import TemplateError, merge_into_template
    from dflow.language.diagnostics import Diagnostic, point

    try:
        text = sam_template.read_text(encoding="utf-8") if sam_template.exists() else NEW_TEMPLATE
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
    from dflow.language.diagnostics import Diagnostic

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

