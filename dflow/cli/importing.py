"""`dflow import`: an AWS Step Functions state machine becomes a flow, its stubs and its scenarios."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from dflow.cli.files import Commands
from dflow.cli.words import BUG_REPORT


def register(commands: Commands) -> None:
    parser = commands.add_parser(
        "import",
        help="turn an AWS Step Functions state machine (ASL) into a flow",
        description="Write DIR/NAME.flow from a state machine (.asl.json or .asl.yaml), one flow more per "
        "DISTRIBUTED Map, and DIR/NAME_actions.py with a stub per action the flows call. What the "
        "flow cannot say yet is a `# TODO(import)` line above the statement and in the header. "
        "See docs/importing.md.",
        epilog="example: dflow import statemachine.asl.json --name ship_order --template template.yaml -o flows/",
    )
    parser.add_argument("machine", type=Path, metavar="MACHINE", help="the state machine: .asl.json or .asl.yaml")
    parser.add_argument("--name", required=True, help="the flow's name (a NAME: letters, digits and _)")
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="DIR", help="where to write the files")
    parser.add_argument("--template", type=Path, metavar="FILE",
                        help="the application's SAM template: its DefinitionSubstitutions fill in ${...}")
    parser.add_argument("--mock-config", type=Path, metavar="FILE",
                        help="a Step Functions Local mock config: its test cases become DIR/NAME.scenarios.yaml")
    parser.add_argument("--mock-machine", metavar="NAME", help="which state machine of the mock config (if several)")
    parser.add_argument("--input", type=Path, metavar="FILE", help="the JSON input each scenario starts with")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if a file would change")
    parser.add_argument("--force", action="store_true", help="replace files that differ from what is imported")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="how to report what was done")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from dflow.importer import MachineError, import_machine
    from dflow.importer.assemble import ImporterBug
    from dflow.language.grammar.keywords import IDENTIFIER, KEYWORDS

    if not IDENTIFIER.match(args.name) or args.name in KEYWORDS:
        print(f"dflow: --name {args.name!r} is not a flow name: letters, digits and _, not starting with a digit, "
              "not a word of the language", file=sys.stderr)
        return 2
    sources: dict[Path, str] = {}
    try:
        for path in (args.machine, args.template, args.mock_config, args.input):
            if path is not None:
                sources[path] = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        print(f"dflow: cannot read {error.filename if isinstance(error, OSError) else ''}: {error}", file=sys.stderr)
        return 2
    current = args.machine
    try:
        substitutions = {}
        if args.template is not None:
            from dflow.importer.template import substitutions as read_substitutions

            current = args.template
            substitutions = read_substitutions(sources[args.template], str(args.machine))
        current = args.machine
        imported = import_machine(sources[args.machine], args.machine.name, args.name, substitutions)
        if args.mock_config is not None:
            from dflow.importer.mockconfig import scenarios_from_mock_config

            current = args.input or args.mock_config
            event = json.loads(sources[args.input]) if args.input is not None else None
            current = args.mock_config
            imported.files[f"{args.name}.scenarios.yaml"] = scenarios_from_mock_config(
                sources[args.mock_config], args.name, imported.actions, args.mock_machine, event,
                args.mock_config.name)
    except MachineError as error:
        print(_located(current, sources.get(current, ""), error), file=sys.stderr)
        return 1
    except json.JSONDecodeError as error:
        print(f"{current}:{error.lineno}:{error.colno}: error: not valid JSON: {error.msg}", file=sys.stderr)
        return 1
    except ImporterBug as error:
        print(f"dflow: internal error: {error}; {BUG_REPORT}", file=sys.stderr)
        return 3
    return _write(args, imported)


def _write(args: argparse.Namespace, imported: Any) -> int:
    from dflow.compiler.write import write_atomically

    changed = [name for name, text in imported.files.items()
               if not (args.output / name).is_file() or (args.output / name).read_text(encoding="utf-8") != text]
    differing = [name for name in changed if (args.output / name).exists()]
    if args.check:
        for name in changed:
            print(f"{args.output / name}: would change", file=sys.stderr)
        return 1 if changed else 0
    if differing and not args.force:
        for name in differing:
            print(f"dflow: {args.output / name} exists and differs from what the import writes", file=sys.stderr)
        print("help: move your edits aside, or give --force to replace these files; nothing was written", file=sys.stderr)
        return 1
    for name in changed:
        write_atomically(args.output / name, imported.files[name])
    todos = Counter(todo.code for todo in imported.todos)
    if args.format == "json":
        print(json.dumps({"files": [str(args.output / n) for n in imported.files], "changed": changed,
                          "todos": dict(sorted(todos.items())), "placeholders": imported.placeholders}, indent=2))
        return 0
    for name in imported.files:
        print(f"{'wrote' if name in changed else 'unchanged'} {args.output / name}")
    if todos:
        print("TODO(import): " + ", ".join(f"{count} {code}" for code, count in sorted(todos.items()))
              + " (each above its statement and in the flow's header)")
    if imported.placeholders:
        print("written as text: " + ", ".join(f"${{{p}}}" for p in imported.placeholders)
              + ("" if args.template else " (give --template to fill them in)"))
    return 0


def _located(path: Path, text: str, error: Any) -> str:
    """`FILE:LINE:COLUMN: error: message`, the line with a caret, and the hint."""
    where = f"{path}:{error.line}:{error.column}" if error.line else str(path)
    lines = [f"{where}: error: {error.message}"]
    source = text.splitlines()
    if 0 < error.line <= len(source):
        shown = source[error.line - 1]
        lines += [f"{error.line:>5} | {shown}", "      | " + " " * max(0, error.column - 1) + "^"]
    if error.hint:
        lines.append(f"help: {error.hint}")
    return "\n".join(lines)
