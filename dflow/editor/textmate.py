"""The TextMate grammar of `.flow` files (VS Code's colours), from the language's one set of words.

`python tools/rebuild.py` writes it to `editors/vscode/syntaxes/flow.tmLanguage.json`
and `--check` holds it current, so the extension never colours a word the
grammar does not have, or misses one it has. Scopes: comments, strings with
their `{…}` interpolations and escapes, durations (a number and its unit),
numbers, constants, input types, statement keywords (`keyword.control`),
the other words (`keyword.other`), operators and called functions.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from typing import Any

from dflow.language.durations import UNIT_SECONDS
from dflow.language.grammar.keywords import (
    CONSTANT_WORDS,
    GRAMMAR_WORDS,
    STATEMENT_KEYWORDS,
    TYPE_WORDS,
)

SCOPE = "source.flow"


def _alternatives(words: Collection[str]) -> str:
    """`a|b|c`, longest first so that `minutes` wins over `min`."""
    return "|".join(sorted(words, key=lambda word: (-len(word), word)))


def _words(words: Collection[str]) -> str:
    """Whole words, never a key after a dot (`vending.actions`, `order.timeout`)."""
    return r"(?<![\w.])(?:" + _alternatives(words) + r")\b"


def grammar() -> dict[str, Any]:
    operators = {"and", "or", "not", "in"}
    statements = set(STATEMENT_KEYWORDS) | {"else", "branch", "finally"}
    others = GRAMMAR_WORDS - statements - operators - set(CONSTANT_WORDS) - set(TYPE_WORDS)
    expression = [
        {"include": "#string"},
        {"name": "constant.numeric.duration.flow",
         "match": r"\b(\d+(?:\.\d+)?)\s+(" + _alternatives(tuple(UNIT_SECONDS)) + r")\b",
         "captures": {"1": {"name": "constant.numeric.flow"}, "2": {"name": "keyword.other.unit.flow"}}},
        {"name": "constant.numeric.flow", "match": r"\b\d+(?:\.\d+)?(?:[eE][+-]?\d+)?\b"},
        {"name": "constant.language.flow", "match": _words(CONSTANT_WORDS)},
        {"name": "keyword.operator.word.flow", "match": _words(operators)},
        {"name": "keyword.operator.flow", "match": r"==|!=|<=|>=|<|>|\+|-|\*|/|%"},
        {"name": "entity.name.function.flow", "match": r"\b[A-Za-z_][A-Za-z0-9_]*(?=\s*\()"},
    ]
    return {
        "$schema": "https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json",
        "name": "dflow",
        "scopeName": SCOPE,
        "comment": "Written by `python tools/rebuild.py` from dflow/language/grammar/keywords.py. Do not edit.",
        "fileTypes": ["flow"],
        "patterns": [
            {"include": "#comment"},
            {"name": "keyword.control.flow", "match": _words(statements)},
            {"name": "support.type.flow", "match": _words(TYPE_WORDS)},
            {"include": "#expression"},
            {"name": "keyword.other.flow", "match": _words(others)},
        ],
        "repository": {
            "comment": {"name": "comment.line.number-sign.flow", "match": "#.*$"},
            "expression": {"patterns": expression},
            "string": {
                "name": "string.quoted.double.flow",
                "begin": '"', "end": '"',
                "patterns": [
                    {"name": "constant.character.escape.flow", "match": r"\\.|\{\{|\}\}"},
                    {
                        "name": "meta.interpolation.flow",
                        "begin": r"\{", "end": r"\}",
                        "beginCaptures": {"0": {"name": "punctuation.section.interpolation.begin.flow"}},
                        "endCaptures": {"0": {"name": "punctuation.section.interpolation.end.flow"}},
                        "patterns": [{"include": "#expression"}, {"name": "keyword.other.flow", "match": _words(others)}],
                    },
                ],
            },
        },
    }


def grammar_json() -> str:
    return json.dumps(grammar(), indent=2) + "\n"
