"""Stage 5: format generated Python with black, in-process and with a fixed mode.

The user's own black configuration is never read, so the output depends only
on the flow, dflow's version and black's version (pinned to a range).
"""

from __future__ import annotations

import black
from black.mode import Mode, TargetVersion

MODE = Mode(
    target_versions={TargetVersion.PY311},
    line_length=88,
    string_normalization=True,
    magic_trailing_comma=True,
)


def format_python(source: str) -> str:
    """Black-formatted source; raises `black.InvalidInput` only on a dflow bug."""
    return black.format_str(source, mode=MODE)
