"""Mutate real flows (both forms) and check that dflow answers every one with diagnostics or code, never a traceback.

The normal test run tries a few hundred cases (tests/test_fuzz.py); the
dedicated job tries many more:

    python tests/fuzz.py --cases 10000
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted([*ROOT.glob("examples/*/*.flow"), *ROOT.glob("examples/*/*.flow.yaml"), *ROOT.glob("tests/flows/*.flow")])
AWKWARD = list('"\\{}()[]:=#\t\n ,.?|-') + ["step", "if", "else", "wait for", "  ", "{{", "é", "\u2028"]

Mutation = Callable[[random.Random, list[str]], list[str]]


def _delete_line(rng: random.Random, lines: list[str]) -> list[str]:
    del lines[rng.randrange(len(lines))]
    return lines


def _duplicate_line(rng: random.Random, lines: list[str]) -> list[str]:
    index = rng.randrange(len(lines))
    lines.insert(index, lines[index])
    return lines


def _swap_lines(rng: random.Random, lines: list[str]) -> list[str]:
    a, b = rng.randrange(len(lines)), rng.randrange(len(lines))
    lines[a], lines[b] = lines[b], lines[a]
    return lines


def _edit_characters(rng: random.Random, lines: list[str]) -> list[str]:
    text = "\n".join(lines)
    if not text:
        return lines
    index = rng.randrange(len(text))
    choice = rng.randrange(4)
    if choice == 0:
        text = text[:index] + text[index + 1 :]
    elif choice == 1:
        text = text[:index] + text[index] + text[index:]
    elif choice == 2 and index + 1 < len(text):
        text = text[:index] + text[index + 1] + text[index] + text[index + 2 :]
    else:
        text = text[:index] + rng.choice(AWKWARD) + text[index:]
    return text.split("\n")


MUTATIONS: list[Mutation] = [_delete_line, _duplicate_line, _swap_lines, _edit_characters, _edit_characters]


@dataclass
class FuzzResult:
    cases: int = 0
    compiled: int = 0
    rejected: int = 0
    crashes: list[tuple[str, str]] = field(default_factory=list)  # (flow text, traceback)


def mutate(rng: random.Random, text: str) -> str:
    lines = text.split("\n")
    for _ in range(rng.randint(1, 3)):
        if lines:
            lines = rng.choice(MUTATIONS)(rng, lines)
    return "\n".join(lines)


def run(cases: int, seed: int = 0) -> FuzzResult:
    """Try `cases` mutated flows through the whole compile, in process."""
    from dflow.compiler.diagnostics import FlowError
    from dflow.compiler.pipeline import compile_text

    rng = random.Random(seed)
    # Both forms: the YAML loader must never fail with a traceback either.
    sources = [(path.read_text(encoding="utf-8"), "fuzz.flow.yaml" if path.suffix == ".yaml" else "fuzz.flow") for path in SEEDS]
    result = FuzzResult()
    for _ in range(cases):
        source, name = rng.choice(sources)
        text = mutate(rng, source)
        result.cases += 1
        try:
            compile_text(text, name)
            result.compiled += 1
        except FlowError:
            result.rejected += 1
        except Exception:  # noqa: BLE001 - exactly what the fuzzer looks for
            result.crashes.append((text, traceback.format_exc()))
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    started = time.perf_counter()
    result = run(args.cases, args.seed)
    for text, trace in result.crashes[:3]:
        print(f"--- flow\n{text}\n--- traceback\n{trace}", file=sys.stderr)
    print(
        f"fuzz: {result.cases} cases ({result.compiled} compiled, {result.rejected} rejected "
        f"with diagnostics), {len(result.crashes)} tracebacks, {time.perf_counter() - started:.1f} s"
    )
    return 1 if result.crashes else 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
