"""One command rebuilds every artefact the repository ships, or checks that each is current.

    python tools/rebuild.py           # rebuild what is out of date
    python tools/rebuild.py --check   # exit 1 and name what is out of date (the tests run this)

The artefacts, each made from its sources by one builder:

| artefact | made from | by |
|---|---|---|
| `dflow/language/grammar/flow.parser` | `flow.lark`, the parser's options, lark's version | `dflow.language.grammar.build` |
| `dflow/compiler/templates/compiled/` | the templates, jinja2's version | `dflow.compiler.templates.build` |
| `schema/dflow-flow.schema.json` | the YAML form's document model | `dflow schema` |
| `docs/errors.md` | the registry of diagnostic codes (`dflow/language/codes.toml`) | `dflow.language.codes` |
| `dflow/studio/frontend/src/words.js` | the language's words | `dflow.studio.words` |
| `dflow/studio/static/studio.js` | `dflow/studio/frontend/` | `npm ci && npm run build` (where npm is) |
| `editors/vscode/syntaxes/flow.tmLanguage.json` | the language's words | `dflow.editor.textmate` |
| `editors/vscode/schemas/dflow-flow.schema.json` | the YAML form's document model | `dflow schema` |
| `tests/golden/` | the examples and test flows, through the CLI; `imported/`: the Step Functions corpus through `dflow import` | `tests/golden_cases.py` |
| `tests/bad_flows/*.expected` | each bad flow, through `dflow check` | `tests/snapshots.py` |

One stamp policy: a built artefact records a digest of everything it is made
from, and is current exactly when that digest matches its sources now (the
parser's first line, the templates' `STAMP`, the bundle's `STAMP`); the text
artefacts are current when they equal what their builder writes.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def parser(write: bool) -> bool:
    from dflow.language.grammar.build import PARSER, grammar_stamp, grammar_text, write_parser

    folder = ROOT / "dflow" / "language" / "grammar"
    with (folder / PARSER).open("rb") as handle:
        current = handle.readline() == grammar_stamp(grammar_text())
    if not current and write:
        write_parser(folder)
    return current


def templates(write: bool) -> bool:
    from dflow.compiler.templates import build

    current = build.current_compiled_folder() is not None
    if not current and write:
        build.write_compiled()
    return current


def schema(write: bool) -> bool:
    from dflow.language.yamlform.document import json_schema

    text = json.dumps(json_schema(), indent=2) + "\n"
    # The VS Code extension ships its own copy: it maps `*.flow.yaml` to it, and packs only its folder.
    copies = [ROOT / "schema" / "dflow-flow.schema.json", ROOT / "editors" / "vscode" / "schemas" / "dflow-flow.schema.json"]
    return all([_text(path, text, write) for path in copies])


def errors_page(write: bool) -> bool:
    from dflow.language.codes import errors_page as page

    return _text(ROOT / "docs" / "errors.md", page(), write)


def words(write: bool) -> bool:
    from dflow.studio.words import WORDS_JS, words_js

    return _text(WORDS_JS, words_js(), write)


def textmate(write: bool) -> bool:
    from dflow.editor.textmate import grammar_json

    return _text(ROOT / "editors" / "vscode" / "syntaxes" / "flow.tmLanguage.json", grammar_json(), write)


def bundle(write: bool) -> bool:
    from tests.test_studio_bundle import STATIC, sources_digest

    current = (STATIC / "STAMP").read_text().strip() == sources_digest()
    if not current and write:
        npm = shutil.which("npm")
        if npm is None:
            print("  the studio's bundle needs npm to rebuild: cd dflow/studio/frontend && npm ci && npm run build")
            return current
        frontend = ROOT / "dflow" / "studio" / "frontend"
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=frontend, check=True)
        subprocess.run([npm, "run", "build"], cwd=frontend, check=True)
    return current


def golden(write: bool) -> bool:
    from tests.golden_cases import CASES, GOLDEN, IMPORTED, produce, produce_imported

    current = True
    producers = [(GOLDEN / case, case, produce) for case in CASES]
    producers += [(GOLDEN / "imported" / case, case, produce_imported) for case in IMPORTED]
    for folder, case, producer in producers:
        with tempfile.TemporaryDirectory() as scratch, contextlib.redirect_stdout(io.StringIO()):
            producer(case, Path(scratch))
            made = {path.name: path.read_bytes() for path in Path(scratch).iterdir() if not path.name.startswith(".")}
        shipped = {path.name: path.read_bytes() for path in folder.iterdir()} if folder.is_dir() else {}
        if made != shipped:
            current = False
            if write:
                shutil.rmtree(folder, ignore_errors=True)
                folder.mkdir(parents=True)
                for name, content in made.items():
                    (folder / name).write_bytes(content)
    return current


def snapshots(write: bool) -> bool:
    from tests.snapshots import bad_flows, check_output, expected_path

    # Every snapshot is compared (and rewritten), not only up to the first that is stale.
    return all([_text(expected_path(flow), check_output(flow), write) for flow in bad_flows()])


def _text(path: Path, text: str, write: bool) -> bool:
    """A text artefact is current when it equals what its builder writes."""
    current = path.is_file() and path.read_text(encoding="utf-8") == text
    if not current and write:
        path.write_text(text, encoding="utf-8")
    return current


# In the order they depend on each other: the parser and templates first, what the CLI writes last.
BUILDERS: dict[str, Callable[[bool], bool]] = {
    "the shipped parser": parser,
    "the compiled templates": templates,
    "the JSON Schema of the YAML form": schema,
    "the diagnostics page (docs/errors.md) from the registry": errors_page,
    "the studio's highlighting words": words,
    "the VS Code extension's TextMate grammar": textmate,
    "the studio's bundle": bundle,
    "the golden outputs": golden,
    "the diagnostics snapshots": snapshots,
}


def main(argv: list[str] | None = None) -> int:
    options = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    options.add_argument("--check", action="store_true", help="write nothing; exit 1 and name what is out of date")
    args = options.parse_args(argv)
    stale = [name for name, builder in BUILDERS.items() if not builder(not args.check)]
    for name in stale:
        print(f"{'out of date' if args.check else 'rebuilt'}: {name}")
    if args.check and stale:
        print("run: python tools/rebuild.py")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
