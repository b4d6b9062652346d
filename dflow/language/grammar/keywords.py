"""The words of the language and the shape of a name, shared by the parser, the checks and the printers."""

from __future__ import annotations

import re

KEYWORDS = frozenset(
    "flow description timeout retention actions retry runtime memory invocation input "
    "step wait invoke poll if else parallel branch for each set log return fail undo on "
    "true false null and or not in as with until every".split()
)
IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")

# The first word of every statement, as `flow.lark`'s `?statement` rule spells them
# (`tests/test_fmt.py` checks the two agree): the formatter's blank lines, and the
# editors' highlighting, start here.
STATEMENT_KEYWORDS = frozenset(
    "step wait invoke poll if parallel for repeat group set log return fail".split()
)

# The first word of every header line, in the order `dflow fmt` writes them (`input` opens a block).
HEADER_KEYWORDS = (
    "flow", "description", "timeout", "retention", "actions", "retry", "runtime", "memory", "invocation", "input",
)

# The words that begin a clause or an option line under a statement (`retry`, `on failure`,
# `as text`…) or an arm of one (`else`, `branch`).
CLAUSE_KEYWORDS = frozenset("else branch on retry undo timeout heartbeat max tolerate at finally complete as".split())

# Every word `flow.lark` spells out as a literal (`tests/test_words.py` reads the grammar and
# checks this is exactly its set): the words an editor highlights, with the units of time.
GRAMMAR_WORDS = frozenset(
    "MB actions after and any as at backoff boolean branch complete concurrency delay description each "
    "else every fail failure failures false finally flow for group heartbeat if in input integer invocation "
    "invoke jitter list log map max memory most not null number of on once or parallel poll repeat retention "
    "retry return runtime set step string success successes text then time timeout times timestamp tolerate "
    "true undo until wait while with".split()
)

# How editors colour the words: the constants and the input types; every other word is a keyword.
CONSTANT_WORDS = ("false", "null", "true")
TYPE_WORDS = ("any", "boolean", "integer", "map", "number", "string", "timestamp")
