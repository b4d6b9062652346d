"""The studio editor's highlighting words, from the language's one set of words.

`frontend/src/words.js` is written from here (`python -m dflow.studio.words`)
and `tests/test_words.py` checks it is current, so the page never highlights a
word the grammar does not have (`elif`) or misses one it has.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from dflow.language.durations import UNIT_SECONDS
from dflow.language.grammar.keywords import CONSTANT_WORDS, GRAMMAR_WORDS, TYPE_WORDS

WORDS_JS = Path(__file__).with_name("frontend") / "src" / "words.js"
CONSTANTS = CONSTANT_WORDS
TYPES = TYPE_WORDS


def words_js() -> str:
    keywords = sorted((GRAMMAR_WORDS - set(CONSTANTS) - set(TYPES)) | set(UNIT_SECONDS))
    lines = [
        "// Written by `python -m dflow.studio.words` from the language's words (dflow/language/grammar/keywords.py).",
        "// Do not edit: tests/test_words.py checks it against them.",
        f"export const KEYWORDS = new Set({json.dumps(keywords)});",
        f"export const CONSTANTS = new Set({json.dumps(list(CONSTANTS))});",
        f"export const TYPES = new Set({json.dumps(list(TYPES))});",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    WORDS_JS.write_text(words_js(), encoding="utf-8")
    print(f"wrote {WORDS_JS}", file=sys.stderr)
