"""The postlexer of the `.flow` grammar; its own module so the shipped parser can name it."""

from __future__ import annotations

from lark.indenter import Indenter


class FlowIndenter(Indenter):
    """Turns the indentation carried by `_NL` tokens into `_INDENT`/`_DEDENT`."""

    NL_type = "_NL"
    OPEN_PAREN_types = ["LPAR", "LSQB", "LBRACE"]
    CLOSE_PAREN_types = ["RPAR", "RSQB", "RBRACE"]
    INDENT_type = "_INDENT"
    DEDENT_type = "_DEDENT"
    tab_len = 8
