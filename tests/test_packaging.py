"""What an installed dflow needs beside its code: data files, and a parser that matches its grammar."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import jinja2

from dflow.compiler.lower import lower_flow
from dflow.compiler.templates.build import make_environment
from dflow.compiler.templates.build import (
    COMPILED,
    STAMP,
    current_compiled_folder,
    template_sources,
    templates_stamp,
)
from dflow.language.grammar.build import GRAMMAR, PARSER, grammar_stamp
from dflow.language.grammar.parse import parse_flow
from tests.golden_cases import ROOT

GRAMMAR_DIR = ROOT / "dflow" / "language" / "grammar"


def test_the_shipped_parser_was_built_from_the_current_grammar() -> None:
    stamp = (GRAMMAR_DIR / PARSER).read_bytes().split(b"\n", 1)[0] + b"\n"
    assert stamp == grammar_stamp((GRAMMAR_DIR / GRAMMAR).read_text("utf-8")), (
        "the grammar changed: run python -m dflow.language.grammar.build"
    )


def test_the_shipped_compiled_templates_were_built_from_the_current_templates() -> None:
    assert current_compiled_folder() == COMPILED, "a template changed: run python -m dflow.compiler.templates.build"
    assert (COMPILED / STAMP).read_text("ascii").strip() == templates_stamp(template_sources())


def test_an_edited_template_changes_the_stamp_so_it_is_never_ignored() -> None:
    sources = template_sources()
    edited = {**sources, "handler.py.j2": sources["handler.py.j2"] + "# edited\n"}
    assert templates_stamp(edited) != templates_stamp(sources)


def test_compiled_templates_render_the_same_handler_as_the_templates_themselves() -> None:
    flow_path = ROOT / "examples" / "travel_booking" / "travel_booking.flow"
    view = lower_flow(parse_flow(flow_path.read_text()), flow_path.name)
    from_source = make_environment(jinja2.PackageLoader("dflow.compiler", "templates"))
    compiled = make_environment(jinja2.ModuleLoader(str(COMPILED)))
    rendered = [env.get_template("handler.py.j2").render(module=view) for env in (from_source, compiled)]
    assert rendered[0] == rendered[1]


def test_the_wheel_holds_the_studio_page_and_the_new_project_skeleton(tmp_path: Path) -> None:
    import subprocess
    import sys
    import zipfile

    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        capture_output=True, text=True, timeout=300,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = tmp_path.glob("dflow-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for wanted in (
        "dflow/studio/static/studio.js", "dflow/studio/static/index.html", "dflow/studio/static/studio.css",
        "dflow/deploy/skeleton/flows/vending.flow", "dflow/deploy/skeleton/src/vending/actions.py",
        "dflow/deploy/skeleton/tests/test_vending.py", "dflow/deploy/skeleton/pyproject.toml.tmpl",
        "dflow/deploy/skeleton/gitignore", "dflow/deploy/callbacks.py",
    ):
        assert wanted in names, wanted
    assert not any("node_modules" in name for name in names)


def test_every_data_file_the_package_reads_is_in_package_data() -> None:
    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]["dflow"]
    package = ROOT / "dflow"
    shipped = {path for pattern in patterns for path in package.glob(pattern)}
    # The studio's front-end sources build static/studio.js; the package reads only the build.
    frontend = package / "studio" / "frontend"
    data = {
        path for path in package.rglob("*")
        if path.is_file() and path.suffix not in (".py", ".pyc") and "__pycache__" not in path.parts
        and not path.is_relative_to(frontend)
    }
    assert data <= shipped, sorted(str(p.relative_to(package)) for p in data - shipped)


def test_every_shipped_artefact_is_current_by_the_one_rebuild_command() -> None:
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "tools/rebuild.py", "--check"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_damaged_shipped_parser_is_rebuilt_from_the_grammar(tmp_path: Path, monkeypatch: Any) -> None:
    from importlib import resources

    from dflow.language.grammar import parse
    from dflow.language.grammar.build import PARSER, grammar_stamp, grammar_text

    damaged = tmp_path / PARSER
    damaged.write_bytes(grammar_stamp(grammar_text()) + b"not a pickled parser")

    package = resources.files("dflow.language.grammar")

    class Files:
        def joinpath(self, name: str) -> Any:
            return damaged if name == PARSER else package.joinpath(name)

    monkeypatch.setattr(parse.resources, "files", lambda package: Files())
    parse.flow_parser.cache_clear()
    try:
        assert parse.flow_parser().parse("flow f\nreturn 1\n", start="start") is not None
    finally:
        parse.flow_parser.cache_clear()
