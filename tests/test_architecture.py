"""The package's layout is checked, not only described: layers, no import circles, small modules.

docs/architecture.md explains the layers; the contracts are in pyproject.toml.
"""

from __future__ import annotations

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
