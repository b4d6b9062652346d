"""Build the `.flow` parser once and ship it: `python -m dflow.language.grammar.build`.

Building lark's LALR tables takes about 0.25 s, longer than everything else a
small compile does. The built parser is saved as `flow.parser` beside the
grammar, stamped with the grammar's SHA-256; `dflow.language.grammar.parse` loads it
when the stamp matches and builds from the grammar otherwise. Nothing is ever
written at run time, so a read-only install works.
"""

from __future__ import annotations

import hashlib
from importlib import resources
from pathlib import Path

import lark
from lark import Lark

from dflow.language.grammar.indenter import FlowIndenter

GRAMMAR = "flow.lark"
PARSER = "flow.parser"
STARTS = ["start", "expr", "yaml_call", "yaml_duration", "yaml_retry", "yaml_module", "yaml_input"]


def grammar_text() -> str:
    return resources.files("dflow.language.grammar").joinpath(GRAMMAR).read_text("utf-8")


# How the parser is built: with the grammar and lark's version, what its stamp covers.
OPTIONS = {"parser": "lalr", "propagate_positions": True, "maybe_placeholders": True}


def grammar_stamp(text: str) -> bytes:
    """The first line of `flow.parser`: the grammar, the build's options and lark's version it was built from."""
    digest = hashlib.sha256(text.encode("utf-8"))
    digest.update(repr((sorted(OPTIONS.items()), STARTS, FlowIndenter.__name__, lark.__version__)).encode("utf-8"))
    return digest.hexdigest().encode("ascii") + b"\n"


def build(text: str) -> Lark:
    return Lark(text, postlex=FlowIndenter(), start=STARTS, **OPTIONS)


def write_parser(folder: Path) -> Path:
    text = (folder / GRAMMAR).read_text("utf-8")
    target = folder / PARSER
    with target.open("wb") as handle:
        handle.write(grammar_stamp(text))
        build(text).save(handle)
    return target


if __name__ == "__main__":
    print(f"wrote {write_parser(Path(__file__).parent)}")
