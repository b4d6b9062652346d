"""One set of the language's words, checked against the grammar, used by the formatter, the syntax
messages and the studio's highlighting."""

from __future__ import annotations

import re
from pathlib import Path

from dflow.language.grammar.keywords import CLAUSE_KEYWORDS, GRAMMAR_WORDS, STATEMENT_KEYWORDS
from dflow.language.grammar.syntax import STATEMENT_WORDS
from dflow.studio.words import WORDS_JS, words_js

GRAMMAR = Path(__file__).resolve().parents[1] / "dflow" / "language" / "grammar" / "flow.lark"


def test_the_words_are_exactly_those_the_grammar_spells_out() -> None:
    assert set(re.findall(r'"([A-Za-z_]+)"', GRAMMAR.read_text())) == set(GRAMMAR_WORDS)


def test_statement_and_clause_words_are_the_grammars() -> None:
    assert STATEMENT_KEYWORDS | CLAUSE_KEYWORDS <= GRAMMAR_WORDS
    assert STATEMENT_WORDS == STATEMENT_KEYWORDS | CLAUSE_KEYWORDS


def test_the_studio_highlights_the_languages_words_and_no_others() -> None:
    assert WORDS_JS.read_text() == words_js(), "run: python -m dflow.studio.words (then rebuild the page)"
    assert '"elif"' not in WORDS_JS.read_text()
    assert '"group"' in WORDS_JS.read_text() and '"repeat"' in WORDS_JS.read_text()


def test_an_unclosed_bracket_before_a_group_line_is_named_as_such() -> None:
    from dflow.language.reading import check_text

    _, diagnostics = check_text("flow f\n\nset x = [1, 2\ngroup g\n  set y = 1\n", "f.flow")
    assert [d.code for d in diagnostics] == ["DF008"]


# ---------------------------------------------------------------- the front door

def loaded_after(code: str) -> set[str]:
    """The top-level packages and dflow modules a fresh Python has loaded after running `code`."""
    import subprocess
    import sys

    script = f"import sys\n{code}\nprint('\\n'.join(sorted(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            cwd=GRAMMAR.parents[3], check=True)
    return set(result.stdout.split())


def test_dflow_check_never_loads_the_compiler_black_or_jinja2() -> None:
    loaded = loaded_after("from dflow.cli import main\nmain(['check', 'examples/vending/vending.flow'])")
    assert not {name for name in loaded if name.split(".")[0] in ("black", "jinja2")}
    assert not {name for name in loaded if name.startswith("dflow.compiler")}


def test_the_command_line_loads_no_pydantic_until_a_command_needs_it() -> None:
    loaded = loaded_after("import dflow.cli")
    assert not {name for name in loaded if name.split(".")[0] in ("pydantic", "lark", "black", "jinja2")}
