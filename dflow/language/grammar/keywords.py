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
