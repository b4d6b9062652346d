"""The VS Code extension (`editors/vscode/`): its grammar colours flows as VS Code would, and it packs.

The grammar is run by vscode-textmate with its Oniguruma, offline, on the
examples (`test/tokenize.js`); the `.vsix` is built by `@vscode/vsce`. VS Code
itself cannot be downloaded here, and is not needed: the client is a thin one
that starts `dflow lsp`, which `tests/test_lsp.py` drives.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from dflow.language.grammar.keywords import CONSTANT_WORDS, GRAMMAR_WORDS, STATEMENT_KEYWORDS, TYPE_WORDS
from tests.golden_cases import ROOT

EXTENSION = ROOT / "editors" / "vscode"


@pytest.fixture(scope="module")
def npm_installed() -> Path:
    """The extension's node_modules, installed from its lock file when missing or older than it."""
    npm = shutil.which("npm")
    if npm is None:
        if os.environ.get("DFLOW_REQUIRE_NODE"):
            pytest.fail("npm is needed to test the VS Code extension (.ci/run installs it)")
        pytest.skip("npm is not installed")
    installed = EXTENSION / "node_modules" / ".package-lock.json"
    lock = EXTENSION / "package-lock.json"
    if not installed.is_file() or installed.stat().st_mtime < lock.stat().st_mtime:
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=EXTENSION, check=True, capture_output=True,
                       timeout=600)
    return EXTENSION / "node_modules"


def tokens(*files: Path) -> list[dict[str, object]]:
    result = subprocess.run(["node", "test/tokenize.js", *map(str, files)], cwd=EXTENSION, capture_output=True,
                            text=True, check=True, timeout=120)
    return [json.loads(line) for line in result.stdout.splitlines()]


def scope_of(found: list[dict[str, object]], line: int, text: str) -> list[str]:
    """The scopes of the first token on a line with this text."""
    token = next(t for t in found if t["line"] == line and t["text"] == text)
    scopes = token["scopes"]
    assert isinstance(scopes, list)
    return scopes


def test_the_grammar_colours_the_vending_example_as_vs_code_would(npm_installed: Path) -> None:
    flow = ROOT / "examples" / "vending" / "vending.flow"
    lines = flow.read_text().split("\n")
    found = tokens(flow)

    def line_of(needle: str) -> int:
        return next(index + 1 for index, line in enumerate(lines) if needle in line)

    assert "comment.line.number-sign.flow" in scope_of(found, 1, lines[0])
    assert "keyword.control.flow" in scope_of(found, line_of("step reservation"), "step")
    assert "keyword.other.flow" in scope_of(found, line_of("  retry 3 times"), "retry")
    assert "keyword.other.unit.flow" in scope_of(found, line_of("timeout 1 day"), "day")
    assert "constant.numeric.flow" in scope_of(found, line_of("timeout 1 day"), "1")
    assert "support.type.flow" in scope_of(found, line_of("slot: string"), "string")
    assert "entity.name.function.flow" in scope_of(found, line_of("step reservation"), "reserve_slot")
    # `vending.actions`: a key after a dot is no keyword.
    assert [t["text"] for t in found if t["line"] == line_of("actions vending") and "keyword.other.flow" in t["scopes"]] == ["actions"]  # type: ignore[operator]


def test_strings_keep_their_interpolations_and_escapes(npm_installed: Path, tmp_path: Path) -> None:
    flow = tmp_path / "strings.flow"
    flow.write_text('flow f\n\nlog "paid {input.amount + 1} of {{total}} \\"now\\""\n')
    found = tokens(flow)
    assert "meta.interpolation.flow" in scope_of(found, 3, "input")
    assert "constant.numeric.flow" in scope_of(found, 3, "1")
    assert "constant.character.escape.flow" in scope_of(found, 3, "{{")
    assert "constant.character.escape.flow" in scope_of(found, 3, '\\"')
    assert "string.quoted.double.flow" in scope_of(found, 3, " of ")


def test_every_word_of_the_language_gets_a_colour_and_none_it_does_not_have(npm_installed: Path, tmp_path: Path) -> None:
    flow = tmp_path / "words.flow"
    words = sorted(GRAMMAR_WORDS)
    flow.write_text("\n".join([*words, "elif", "then_not_a_word"]) + "\n")
    found = {t["text"]: t["scopes"] for t in tokens(flow)}
    for word in words:
        scopes = found[word]
        assert isinstance(scopes, list) and len(scopes) > 1, word
        if word in STATEMENT_KEYWORDS:
            assert "keyword.control.flow" in scopes, word
        if word in CONSTANT_WORDS:
            assert "constant.language.flow" in scopes, word
        if word in TYPE_WORDS:
            assert "support.type.flow" in scopes, word
    assert found["elif"] == ["source.flow"] and found["then_not_a_word"] == ["source.flow"]


def test_the_vsix_builds_with_the_client_the_grammar_and_the_schema(npm_installed: Path, tmp_path: Path) -> None:
    vsix = tmp_path / "dflow-flow.vsix"
    subprocess.run(["npx", "vsce", "package", "--skip-license", "--allow-missing-repository", "--out", str(vsix)],
                   cwd=EXTENSION, check=True, capture_output=True, timeout=300)
    names = set(zipfile.ZipFile(vsix).namelist())
    for packed in ("extension/package.json", "extension/extension.js", "extension/language-configuration.json",
                   "extension/syntaxes/flow.tmLanguage.json", "extension/schemas/dflow-flow.schema.json",
                   "extension/node_modules/vscode-languageclient/package.json"):
        assert packed in names, packed
    assert not any(name.startswith("extension/test/") for name in names)
    manifest = json.loads(zipfile.ZipFile(vsix).read("extension/package.json"))
    contributed = manifest["contributes"]
    assert contributed["languages"][0]["extensions"] == [".flow"]
    assert contributed["yamlValidation"][0]["fileMatch"] == ["*.flow.yaml", "*.flow.yml"]
    assert contributed["configuration"]["properties"]["dflow.server.command"]["default"] == ["dflow", "lsp"]
