"""The `dflow` command: a thin layer that runs the pipeline and reports what happened.

Exit codes: 0 success, 1 errors in a flow (or stale outputs with --check),
2 a usage error. A bug in dflow prints a one-line apology, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from dflow import __version__
from dflow.compiler.diagnostics import Diagnostic, FlowError
from dflow.compiler.pipeline import CompiledFlow, compile_file
from dflow.compiler.sam import merge_into_template
from dflow.compiler.write import Output, refusals, stale, write_all
from dflow.report import print_diagnostics

BUG_REPORT = "this is a bug in dflow; please report it with the flow that caused it"


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
        "--sam-template",
        type=Path,
        metavar="FILE",
        help="also add or update each flow's function in this SAM template, keeping the rest",
    )
    compile_.set_defaults(run=run_compile)

    check = commands.add_parser(
        "check",
        help="report every problem in flows without writing anything",
        description="Parse and check each flow; exit 1 when any has an error.",
    )
    check.add_argument("paths", nargs="+", type=Path, metavar="FILE|DIR")
    check.set_defaults(run=run_check)
    return parser


def flow_files(paths: list[Path]) -> list[Path]:
    """The .flow files named, folders expanded (sorted, so output order is stable)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(path.rglob("*.flow")))
        else:
            files.append(path)
    return files


def compile_all(paths: list[Path]) -> list[CompiledFlow] | None:
    """Compile every flow; print problems and return None when any flow has an error."""
    compiled: list[CompiledFlow] = []
    failed = False
    files = flow_files(paths)
    if not files:
        print("dflow: no .flow files found in " + ", ".join(map(str, paths)), file=sys.stderr)
        return None
    for path in files:
        result = _compile_one(path)
        if result is None:
            failed = True
        else:
            compiled.append(result)
    return None if failed else compiled


def _compile_one(path: Path) -> CompiledFlow | None:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        print(f"dflow: cannot read {path}: {getattr(error, 'strerror', None) or error}", file=sys.stderr)
        return None
    try:
        result = compile_file(path)
    except FlowError as error:
        print_diagnostics(error.diagnostics, str(path), text)
        return None
    print_diagnostics(result.warnings, str(path), text)
    return result


def run_compile(args: argparse.Namespace) -> int:
    compiled = compile_all(args.paths)
    if compiled is None:
        return 1
    outputs = planned_outputs(compiled, args.output, args.sam_template)
    if outputs is None:
        return 1
    if args.check:
        out_of_date = stale(outputs)
        for path in out_of_date:
            print(f"out of date: {path}", file=sys.stderr)
        if out_of_date:
            print("run `dflow compile` to update them", file=sys.stderr)
            return 1
        print(f"{len(outputs)} files up to date")
        return 0
    problems = refusals(outputs)
    if problems:
        print_diagnostics(problems, "dflow", None)
        return 1
    written = write_all(outputs)
    print(f"compiled {len(compiled)} flow{'s' if len(compiled) != 1 else ''}: "
          f"{len(written)} file{'s' if len(written) != 1 else ''} written, "
          f"{len(outputs) - len(written)} unchanged, in {args.output}")
    return 0


def planned_outputs(
    compiled: list[CompiledFlow], output: Path, sam_template: Path | None
) -> list[Output] | None:
    outputs: list[Output] = []
    for result in compiled:
        outputs.append(Output(output / result.handler_name, result.handler_source))
        outputs.append(Output(output / result.sam_name, result.sam_source))
    duplicates = {o.path for o in outputs if [p.path for p in outputs].count(o.path) > 1}
    if duplicates:
        names = ", ".join(sorted(str(path) for path in duplicates))
        print_diagnostics([Diagnostic("DF502", f"two flows would write {names}", None,
                                      hint="give each flow its own `flow NAME`")], "dflow", None)
        return None
    if sam_template is not None:
        try:
            text = sam_template.read_text(encoding="utf-8")
        except OSError as error:
            print(f"dflow: cannot read {sam_template}: {error.strerror}", file=sys.stderr)
            return None
        for result in compiled:
            text = merge_into_template(text, result.sam_resource)
        outputs.append(Output(sam_template, text, generated=False))
    return outputs


def run_check(args: argparse.Namespace) -> int:
    compiled = compile_all(args.paths)
    if compiled is None:
        return 1
    print(f"{len(compiled)} flow{'s' if len(compiled) != 1 else ''} checked: no errors")
    return 0


if __name__ == "__main__":
    sys.exit(main())
