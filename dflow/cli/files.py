"""Finding, reading and checking the flows a command is given."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from dflow.compiler.pipeline import CompiledFlow
    from dflow.language import model as m
    from dflow.language.reading import FileReport


# What argparse gives each command module to add its parser to.
Commands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def flow_files(paths: list[Path]) -> list[Path]:
    """The flows named, folders expanded to their `*.flow` and `*.flow.yaml` files, sorted."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = [*path.rglob("*.flow"), *path.rglob("*.flow.yaml"), *path.rglob("*.flow.yml")]
            files.extend(sorted(found))
        else:
            files.append(path)
    return files


def check_files(paths: list[Path]) -> list[tuple[FileReport, m.Flow | None]]:
    """Every flow read and checked, with its report; a flow is None when it has errors."""
    from dflow.language.reading import check_text
    from dflow.language.diagnostics import Diagnostic
    from dflow.language.reading import FileReport

    results: list[tuple[FileReport, m.Flow | None]] = []
    for path in flow_files(paths):
        try:
            source = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            reason = getattr(error, "strerror", None) or str(error)
            report = FileReport(path, None, [Diagnostic("DF500", f"cannot read the file: {reason}", None)])
            results.append((report, None))
            continue
        flow, diagnostics = check_text(source, path.name)
        results.append((FileReport(path, source, diagnostics), flow))
    return results


def no_files(paths: list[Path]) -> bool:
    """True (after saying why) when the paths name no flow to work on: a usage error."""
    missing = [path for path in paths if not path.exists()]
    if missing:
        print("dflow: no such file or folder: " + ", ".join(map(str, missing)), file=sys.stderr)
        return True
    if flow_files(paths):
        return False
    print("dflow: no .flow files found in " + ", ".join(map(str, paths)), file=sys.stderr)
    return True


def load_one(path: Path) -> m.Flow | None:
    """One checked flow, or None after printing why it cannot be used."""
    from dflow.cli.report import emit

    if no_files([path]):
        return None
    ((report, flow),) = check_files([path])
    emit([report], "text")
    return flow


def write_or_print(text: str, output: Path | None) -> int:
    from dflow.compiler.write import write_atomically

    if output is None:
        sys.stdout.write(text)
    else:
        write_atomically(output, text)
    return 0


# ---------------------------------------------------------------- compiling


def compile_all(files: list[Path], jobs: int | None) -> list[tuple[FileReport, CompiledFlow]] | None:
    """Every flow checked and compiled, its findings printed; None (after saying so) when any has errors."""
    from dflow.cli.report import emit, summary
    from dflow.compiler import build

    results = build.check_and_compile(files, build.jobs_for(len(files), jobs))
    reports = [report for report, _ in results]
    emit(reports, "text")
    if any(report.errors for report in reports):
        print(summary(reports) + "; nothing was written", file=sys.stderr)
        return None
    return results
