"""Compiling many flows quickly: in parallel, and not at all when nothing changed.

The cache (`.dflow-cache.json` in the output folder) records, per flow, the
hash of its text and of each file it produced, with dflow's and black's
versions and a digest of dflow's own code (so an edited checkout of dflow,
whose version stays the same, never reuses outputs of the old code). When every flow and every output still match, `dflow compile` stops
there, without importing the compiler. It only ever skips work: outputs are
the same with or without it.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from dflow import __version__

CACHE_NAME = ".dflow-cache.json"
AUTO_PARALLEL_FROM = 8  # flows; below this a process pool costs more than it saves


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def tool_versions() -> dict[str, str]:
    """What the outputs depend on besides the flows: a change invalidates the cache."""
    # Imported here, like the process pool below: a single-flow compile never needs
    # them, and each costs a cold start about 5 ms.
    from importlib import metadata

    return {"dflow": __version__, "black": metadata.version("black"), "code": code_digest()}


def code_digest() -> str:
    """A digest of the code that makes outputs: the compiler, the language and the templates.

    Sizes and modification times, not contents: reading every file would cost a
    no-op build 5 ms, and a false change only means one compile too many.
    """
    package = Path(__file__).resolve().parents[1]
    hashed = hashlib.sha256()
    for folder in ("compiler", "language"):
        for root, folders, names in os.walk(package / folder):
            folders[:] = sorted(name for name in folders if name not in ("__pycache__", "compiled"))
            for entry in sorted(names):
                if entry.endswith((".py", ".j2", ".lark")):
                    status = os.stat(os.path.join(root, entry))
                    hashed.update(f"{entry}:{status.st_size}:{status.st_mtime_ns};".encode())
    return hashed.hexdigest()


def unchanged(files: list[Path], output: Path) -> bool:
    """True when the cache says every flow and every output is as last compiled.

    The cache is only a hint: anything in it that is not exactly what
    `save_cache` writes (another JSON value, a missing key, an entry without
    its handler and SAM snippet, an output that is gone or changed) means
    "compile again".
    """
    try:
        cache = json.loads((output / CACHE_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if not isinstance(cache, dict) or cache.get("versions") != tool_versions():
        return False
    entries = cache.get("flows")
    if not isinstance(entries, dict) or len(entries) != len(files):
        return False
    return all(_entry_matches(entries.get(_key(path, output)), path, output) for path in files)


def _entry_matches(entry: Any, path: Path, output: Path) -> bool:
    """One flow's cache entry: its text unchanged, and its two outputs there, unchanged."""
    if not isinstance(entry, dict) or entry.get("input") != _file_digest(path):
        return False
    outputs = entry.get("outputs")
    if not isinstance(outputs, dict) or not _is_output_pair(list(outputs)):
        return False
    return all(_file_digest(output / name) == value for name, value in outputs.items())


def _is_output_pair(names: list[str]) -> bool:
    """A handler and a SAM snippet, as plain file names in the output folder."""
    if len(names) != 2 or any(not isinstance(n, str) or Path(n).name != n for n in names):
        return False
    return sorted(n.endswith("_handler.py") for n in names) == [False, True] and any(
        n.endswith(".sam.yaml") for n in names
    )


def save_cache(compiled: list[tuple[Path, dict[str, str]]], output: Path) -> None:
    """Record each flow's input hash and the hashes of the files it produced."""
    flows = {
        _key(path, output): {
            "input": _file_digest(path),
            "outputs": {name: digest(text.encode("utf-8")) for name, text in sorted(outputs.items())},
        }
        for path, outputs in compiled
    }
    cache = {"versions": tool_versions(), "flows": dict(sorted(flows.items()))}
    from dflow.compiler.write import write_atomically

    write_atomically(output / CACHE_NAME, json.dumps(cache, indent=1) + "\n")


def jobs_for(count: int, requested: int | None) -> int:
    """Worker processes: as asked, or one per core for many flows."""
    if requested is not None:
        return max(1, requested)
    return (os.cpu_count() or 1) if count >= AUTO_PARALLEL_FROM else 1


def check_and_compile(paths: list[Path], jobs: int) -> list[Any]:
    """(report, compiled flow or None) for each file, in the files' order."""
    if jobs > 1 and len(paths) > 1:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=jobs) as pool:
            return list(pool.map(compile_one, paths, chunksize=max(1, len(paths) // (jobs * 4))))
    return [compile_one(path) for path in paths]


def compile_one(path: Path) -> tuple[Any, Any]:
    """Read, check and (when there is no error) compile one flow."""
    from dflow.compiler.pipeline import check_text, collector_paused, compile_flow
    from dflow.language.diagnostics import Diagnostic
    from dflow.language.reading import FileReport

    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        return FileReport(path, None, [Diagnostic("DF500", f"cannot read the file: {reason}", None)]), None
    with collector_paused():
        flow, diagnostics = check_text(source, path.name)
        report = FileReport(path, source, diagnostics)
        return report, compile_flow(flow, diagnostics, path.name) if flow is not None else None


def _key(path: Path, output: Path) -> str:
    return os.path.relpath(path.resolve(), output.resolve())


def _file_digest(path: Path) -> str | None:
    try:
        return digest(path.read_bytes())
    except OSError:
        return None
