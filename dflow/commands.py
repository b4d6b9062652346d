"""The authoring commands: graph, docs, fmt, convert, schema, run and test.

Each imports what it needs when it runs, so `dflow --help` and a no-op
compile stay fast.
"""

from __future__ import annotations

import argparse
import sys

from dflow.files import flow_files, load_one, no_files, write_or_print
from dflow.words import count_of

BUG_REPORT = "this is a bug in dflow; please report it with the flow that caused it"


def run_graph(args: argparse.Namespace) -> int:
    from dflow.graph.model import build_graph
    from dflow.graph.render import GraphvizMissing, to_dot, to_mermaid, to_svg

    flow = load_one(args.path)
    if flow is None:
        return 1
    graph = build_graph(flow)
    try:
        text = {"mermaid": to_mermaid, "dot": to_dot, "svg": to_svg}[args.format](graph)
    except GraphvizMissing:
        print(
            "dflow: SVG needs Graphviz's `dot`, which is not installed "
            "(Debian/Ubuntu: apt-get install graphviz); --format mermaid or dot need nothing",
            file=sys.stderr,
        )
        return 1
    return write_or_print(text, args.output)


def run_docs(args: argparse.Namespace) -> int:
    from dflow.docgen import docs_page

    flow = load_one(args.path)
    return 1 if flow is None else write_or_print(docs_page(flow), args.output)


def run_convert(args: argparse.Namespace) -> int:
    flow = load_one(args.path)
    if flow is None:
        return 1
    if args.to == "yaml":
        from dflow.yamlform.dump import dump_flow

        return write_or_print(dump_flow(flow), args.output)
    from dflow.printer import print_flow

    return write_or_print(print_flow(flow), args.output)


def run_run(args: argparse.Namespace) -> int:
    from dflow.local.commands import run_command

    flow = load_one(args.path)
    return 1 if flow is None else run_command(args, flow)


def run_test(args: argparse.Namespace) -> int:
    from dflow.local.commands import test_command

    return test_command(args)


def run_schema(args: argparse.Namespace) -> int:
    import json

    from dflow.yamlform.document import json_schema

    return write_or_print(json.dumps(json_schema(), indent=2) + "\n", args.output)


def run_fmt(args: argparse.Namespace) -> int:
    import difflib

    from dflow.compiler.diagnostics import FlowError
    from dflow.compiler.pipeline import is_yaml
    from dflow.compiler.write import write_atomically
    from dflow.fmt import FormatError, format_flow
    from dflow.report import print_diagnostics
    from dflow.yamlform.tidy import format_yaml_flow

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
            formatted = format_yaml_flow(text) if is_yaml(path.name) else format_flow(text)
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
