"""The package's layout is checked, not only described: layers, no import circles, small modules.

docs/architecture.md explains the layers; the contracts are in pyproject.toml.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from tests.golden_cases import ROOT

PACKAGE = ROOT / "dflow"
MOST_LINES = 450


def test_the_import_contracts_hold() -> None:
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint_imports), "--no-cache"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_no_two_modules_import_each_other_even_indirectly() -> None:
    import grimp

    graph = grimp.build_graph("dflow", cache_dir=None)
    imports = {module: graph.find_modules_directly_imported_by(module) for module in graph.modules}
    state: dict[str, str] = {}

    def visit(module: str, path: list[str]) -> list[str] | None:
        state[module] = "visiting"
        for imported in sorted(imports.get(module, set())):
            if state.get(imported) == "visiting":
                return [*path, module, imported]
            if imported not in state:
                found = visit(imported, [*path, module])
                if found:
                    return found
        state[module] = "done"
        return None

    for module in sorted(imports):
        if module not in state:
            cycle = visit(module, [])
            assert cycle is None, " -> ".join(cycle)


def test_no_hand_written_module_is_over_450_lines() -> None:
    long = {
        str(path.relative_to(ROOT)): count
        for path in PACKAGE.rglob("*.py")
        if "compiled" not in path.parts and (count := len(path.read_text().splitlines())) > MOST_LINES
    }
    assert long == {}


def test_the_readme_layout_table_names_every_package() -> None:
    readme = (ROOT / "README.md").read_text()
    # The compiled templates are generated, and the skeleton is a user's project `dflow new` writes.
    skipped = {"compiled", "skeleton"}
    packages = sorted(
        str(path.parent.relative_to(ROOT)) for path in PACKAGE.rglob("__init__.py") if not skipped & set(path.parts)
    )
    missing = [package for package in packages if f"`{package}/`" not in readme]
    assert missing == []


# ---------------------------------------------------------------- one place for each statement kind

# Every place that handles each statement kind, by module: a `match` over the kinds that ends in
# `assert_never`, so a kind added to `AnyStatement` is named by mypy in each of them.
DISPATCH_POINTS = {
    "dflow/language/resolution/scopes.py": "the scopes (resolution)",
    "dflow/language/checks/flow.py": "the checks",
    "dflow/language/text/printer.py": "the printer",
    "dflow/language/yamlform/dump.py": "the YAML form's dump",
    "dflow/compiler/lower.py": "the lowering",
    "dflow/graph/model.py": "the diagram",
    "dflow/docs/page.py": "the docs page",
    "dflow/language/walk.py": "the walk (nested blocks, handlers, expressions)",
}


def _mypy_on_a_model_with_a_new_kind(tmp_path: Path, kind_listed: bool) -> set[str]:
    """Add a kind `pause` to a copy of the model; the modules mypy then names, of those it is asked about."""
    import shutil

    copy = tmp_path / "dflow"
    shutil.copytree(ROOT / "dflow", copy, ignore=shutil.ignore_patterns("__pycache__", "static", "frontend", "skeleton",
                                                                         "compiled", "*.parser"))
    model = copy / "language" / "model.py"
    text = model.read_text()
    text = text.replace("class SetValue(Statement):", 'class Pause(Statement):\n    kind: Literal["pause"] = "pause"\n\n\n'
                        "class SetValue(Statement):", 1)
    text = text.replace("Union[Step, Wait,", "Union[Pause, Step, Wait,", 1)
    if kind_listed:
        text = text.replace('StatementKind = Literal[\n    "step",', 'StatementKind = Literal[\n    "pause", "step",', 1)
    model.write_text(text)
    asked = [*DISPATCH_POINTS, *KIND_POINTS]
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml"), "--no-incremental",
         "--cache-dir", str(tmp_path / "cache"), "--follow-imports=silent",
         *(str(copy / path.removeprefix("dflow/")) for path in asked)],
        capture_output=True, text=True, cwd=tmp_path,
    )
    output = result.stdout.replace(str(tmp_path) + "/", "")
    return {path for path in asked if f"{path}:" in output}


# Where a kind's name is kept: the model's list of kinds, then the YAML form's reader, which matches on it.
KIND_POINTS = {
    "dflow/language/model.py": "the list of kinds (kind_of)",
    "dflow/language/yamlform/load.py": "the YAML form's reader",
}


def test_a_new_statement_kind_makes_mypy_name_every_dispatch_point(tmp_path: Path) -> None:
    named = _mypy_on_a_model_with_a_new_kind(tmp_path, kind_listed=False)
    assert named == set(DISPATCH_POINTS) | {"dflow/language/model.py"}


def test_a_new_kind_in_the_list_of_kinds_makes_mypy_name_the_yaml_forms_reader(tmp_path: Path) -> None:
    named = _mypy_on_a_model_with_a_new_kind(tmp_path, kind_listed=True)
    assert named == set(DISPATCH_POINTS) | {"dflow/language/yamlform/load.py"}


# Where each kind is written: its first word in a `.flow` file, and its key in the YAML form.
KIND_WORDS = {
    "step": ("step", "step"), "wait": ("wait", "wait"), "wait_for": ("wait", "wait_for"), "invoke": ("invoke", "invoke"),
    "poll": ("poll", "poll"), "if": ("if", "if"), "parallel": ("parallel", "parallel"), "for_each": ("for", "for_each"),
    "repeat": ("repeat", "repeat"), "group": ("group", "group"), "set": ("set", "set"), "log": ("log", "log"),
    "return": ("return", "return"), "fail": ("fail", "fail"),
}


def test_every_statement_kind_is_in_each_place_that_is_not_python() -> None:
    import json
    import typing

    from dflow.language import model as m
    from dflow.language.grammar.keywords import STATEMENT_KEYWORDS
    from dflow.language.yamlform.document import STATEMENT_KEYS, json_schema

    classes = typing.get_args(typing.get_args(m.AnyStatement)[0])
    kinds = {typing.get_args(cls.model_fields["kind"].annotation)[0] for cls in classes}
    assert kinds == set(KIND_WORDS), "a new kind: say here how it is written, then in each place below"
    schema = json.dumps(json_schema())
    fuzz = (ROOT / "tests" / "flowgen.py").read_text()
    reference = (ROOT / "docs" / "language.md").read_text()
    headings = " ".join(re.findall(r"^### (.*)$", reference, re.M))
    for kind, (word, key) in KIND_WORDS.items():
        assert word in STATEMENT_KEYWORDS, f"{kind}: the formatter's statement words"
        assert key in STATEMENT_KEYS and f'"{key}"' in schema, f"{kind}: the YAML form and its JSON Schema"
        assert re.search(r"[\"'\s]" + word + r"\b", fuzz), f"{kind}: the fuzz strategy (tests/flowgen.py)"
        assert word in headings or kind.replace("_", " ") in headings, f"{kind}: a section in docs/language.md"


def test_facts_about_each_kind_are_declared_on_its_model_class_and_read_from_there() -> None:
    import typing

    from dflow.language import model as m

    classes = typing.get_args(typing.get_args(m.AnyStatement)[0])
    for cls in classes:
        assert isinstance(cls.produces_result, bool) and isinstance(cls.can_fail, bool), cls.__name__
        assert isinstance(getattr(cls, "undo_call"), property), cls.__name__
    # Whether a statement records an undo is asked of the statement, never worked out from its class.
    asking_the_class = [
        str(path.relative_to(ROOT))
        for path in PACKAGE.rglob("*.py")
        if "compiled" not in path.parts and path.name != "model.py"
        and re.search(r"isinstance\(\w+, m\.Step\) and \w+\.undo", path.read_text())
    ]
    assert asking_the_class == []
