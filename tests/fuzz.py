"""Fuzz dflow two ways and check that it answers every flow with diagnostics or code, never a traceback.

1. Mutations of real flows (both forms): lines deleted, doubled, swapped,
   characters edited.
2. Flows drawn from the grammar itself by Hypothesis's lark strategy
   (`hypothesis.extra.lark.from_lark`), with the indentation the grammar's
   `_INDENT`/`_DEDENT` tokens stand for laid out as spaces.

The normal test run tries a few hundred cases of each (tests/test_fuzz.py);
the dedicated job tries many more:

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
from typing import Any

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

    def attempt(self, text: str, source_name: str) -> None:
        """Compile one flow and count how it ended: compiled, rejected with diagnostics, or a crash."""
        from dflow.compiler.pipeline import compile_text
        from dflow.language.diagnostics import FlowError

        self.cases += 1
        try:
            compile_text(text, source_name)
            self.compiled += 1
        except FlowError:
            self.rejected += 1
        except Exception:  # noqa: BLE001 - exactly what the fuzzer looks for
            self.crashes.append((text, traceback.format_exc()))


def mutate(rng: random.Random, text: str) -> str:
    lines = text.split("\n")
    for _ in range(rng.randint(1, 3)):
        if lines:
            lines = rng.choice(MUTATIONS)(rng, lines)
    return "\n".join(lines)


def run(cases: int, seed: int = 0) -> FuzzResult:
    """Try `cases` mutated flows through the whole compile, in process."""
    rng = random.Random(seed)
    # Both forms: the YAML loader must never fail with a traceback either.
    sources = [(path.read_text(encoding="utf-8"), "fuzz.flow.yaml" if path.suffix == ".yaml" else "fuzz.flow") for path in SEEDS]
    result = FuzzResult()
    for _ in range(cases):
        source, name = rng.choice(sources)
        result.attempt(mutate(rng, source), name)
    return result


# Markers the grammar strategy writes for `_INDENT` and `_DEDENT`; `_lay_out` turns them into spaces.
INDENT, DEDENT = "\x00>", "\x00<"
NAMES = ["a", "order", "input", "step_1", "x", "class", "id", "ok", "items", "n"]


def grammar_flows() -> Any:
    """A Hypothesis strategy for `.flow` texts drawn from the grammar's own rules."""
    from hypothesis import strategies as st
    from hypothesis.extra.lark import from_lark
    from lark import Lark

    from dflow.language.grammar.build import grammar_text

    grammar = Lark(grammar_text(), parser="lalr", start="start")
    # Every keyword and sign with spaces around it, so neighbours never glue into one word.
    explicit: dict[str, Any] = {
        t.name: st.just(f" {t.pattern.value} ") for t in grammar.terminals if t.pattern.type == "str"
    }
    explicit.update(
        NAME=st.sampled_from(NAMES).map(lambda name: f" {name} "),
        INT=st.sampled_from(["0", "1", "3", "20", "4301", "9" * 30]).map(lambda n: f" {n} "),
        DECIMAL=st.sampled_from(["0.5", "2.5", "1e3", "1" * 400 + ".5"]).map(lambda n: f" {n} "),
        STRING=st.sampled_from(['"x"', '"{a}"', '"{{"', '"a\\n{order.id}"', '""', '"\u2028"', '"{input.a + 1}"']),
        TYPE_NAME=st.sampled_from(["string", "integer", "number", "boolean", "map", "any"]).map(lambda t: f" {t} "),
        ADD_OP=st.sampled_from([" + ", " - "]),
        MUL_OP=st.sampled_from([" * ", " / ", " % "]),
        RUNTIME_ID=st.just(" python3.14 "),
        COMMENT=st.just(" "),  # drawn between any two tokens: a real comment would swallow the line
        _NL=st.sampled_from(["\n", "\n", "\n\n", "\n# comment\n"]),
        _INDENT=st.just(INDENT),
        _DEDENT=st.just(DEDENT),
    )
    return from_lark(grammar, start="start", explicit=explicit).map(_lay_out)


def _lay_out(drawn: str) -> str:
    """Indent each line by the `_INDENT`s and `_DEDENT`s drawn before it."""
    depth = 0
    lines = []
    for line in drawn.split("\n"):
        while line.lstrip(" ").startswith((INDENT, DEDENT)):
            stripped = line.lstrip(" ")
            depth += 1 if stripped.startswith(INDENT) else -1
            line = stripped[len(INDENT):]
        lines.append("  " * max(depth, 0) + line.replace(INDENT, "").replace(DEDENT, "").strip(" "))
    return "\n".join(lines)


def run_grammar(cases: int, seed: int = 0) -> FuzzResult:
    """Try `cases` flows drawn from the grammar through the whole compile, in process."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import seed as hypothesis_seed

    result = FuzzResult()

    @hypothesis_seed(seed)
    @settings(max_examples=cases, database=None, deadline=None, suppress_health_check=list(HealthCheck))
    @given(grammar_flows())
    def attempt(text: str) -> None:
        result.attempt(text, "grammar.flow")

    attempt()
    return result


def report(kind: str, result: FuzzResult, seconds: float) -> None:
    for text, trace in result.crashes[:3]:
        print(f"--- flow\n{text}\n--- traceback\n{trace}", file=sys.stderr)
    print(
        f"fuzz ({kind}): {result.cases} cases ({result.compiled} compiled, {result.rejected} rejected "
        f"with diagnostics), {len(result.crashes)} tracebacks, {seconds:.1f} s"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=10000, help="cases of each kind")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--kind", choices=("mutations", "grammar", "both"), default="both")
    args = parser.parse_args()
    crashes = 0
    for kind, runner in (("mutations", run), ("grammar", run_grammar)):
        if args.kind not in (kind, "both"):
            continue
        started = time.perf_counter()
        result = runner(args.cases, args.seed)
        report(kind, result, time.perf_counter() - started)
        crashes += len(result.crashes)
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
