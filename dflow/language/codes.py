"""The registry of diagnostic codes: each defined once, in `codes.toml`, with all a reader needs.

A code has its group, its severity, a title, an explanation, and a bad and a
fixed example. `docs/errors.md` is generated from the registry (`python
tools/rebuild.py`, checked by the tests), and the studio's and the editors'
explanations read it too, so no code is explained in two places.
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from importlib import resources
from typing import Literal


@dataclass(frozen=True)
class Code:
    code: str
    group: str
    severity: Literal["error", "warning"]
    title: str
    explanation: str
    bad: str | None = None
    fixed: str | None = None
    bad_note: str = ""  # what the example's `# before` line says of where it is
    fixed_note: str = ""
    more: str = ""  # what the page says after the example


@functools.cache
def registry() -> tuple[str, dict[str, str], dict[str, Code]]:
    """The page's introduction, each group's, and every code in the order the page gives them."""
    data = tomllib.loads(resources.files("dflow.language").joinpath("codes.toml").read_text("utf-8"))
    intro = str(data.pop("page")["intro"])
    groups = {str(name): str(text) for name, text in data.pop("groups").items()}
    return intro, groups, {code: Code(code=code, **fields) for code, fields in data.items()}


def codes() -> dict[str, Code]:
    return registry()[2]


def errors_page() -> str:
    """`docs/errors.md`: the introduction, then each group's codes with their examples."""
    intro, groups, every = registry()
    parts = ["# Diagnostics", "", intro.rstrip("\n"), ""]
    group = None
    for code in every.values():
        if code.group != group:
            group = code.group
            parts += [f"# {group}", ""]
            if group in groups:
                parts += [groups[group].rstrip("\n"), ""]
        parts += [f"## {code.code}", "", f"**{code.title}** {code.explanation}".rstrip("\n"), ""]
        if code.bad is not None and code.fixed is not None:
            parts += ["```", f"# before{code.bad_note}", code.bad + f"# after{code.fixed_note}",
                      code.fixed.rstrip("\n"), "```", ""]
        if code.more:
            parts += [code.more.rstrip("\n"), ""]
    return "\n".join(parts)
