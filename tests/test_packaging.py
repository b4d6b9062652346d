"""What an installed dflow needs beside its code: data files, and a parser that matches its grammar."""

from __future__ import annotations

import tomllib
from pathlib import Path

from dflow.grammar.build import GRAMMAR, PARSER, grammar_stamp
from tests.golden_cases import ROOT

GRAMMAR_DIR = ROOT / "dflow" / "grammar"


def test_the_shipped_parser_was_built_from_the_current_grammar() -> None:
    stamp = (GRAMMAR_DIR / PARSER).read_bytes().split(b"\n", 1)[0] + b"\n"
    assert stamp == grammar_stamp((GRAMMAR_DIR / GRAMMAR).read_text("utf-8")), (
        "the grammar changed: run python -m dflow.grammar.build"
    )


def test_every_data_file_the_package_reads_is_in_package_data() -> None:
    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]["dflow"]
    package = ROOT / "dflow"
    shipped = {path for pattern in patterns for path in package.glob(pattern)}
    data = {path for path in package.rglob("*") if path.is_file() and path.suffix not in (".py", ".pyc") and "__pycache__" not in path.parts}
    assert data <= shipped, sorted(str(p.relative_to(package)) for p in data - shipped)
