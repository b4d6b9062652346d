"""Explain syntax errors in the flow's own words, never in the parser's.

Three ways, tried in order: a word at the start of a line that is no keyword
here gets "did you mean"; a mistake that fails like one of the samples in
`dflow/language/grammar/mistakes.txt` gets that sample's message; anything else says
what was found and, in plain words, what could come instead.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources

from lark import Lark, Token, UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from dflow.language import model as m
from dflow.language.diagnostics import Diagnostic, did_you_mean, point, replace_with, source_lines
from dflow.language.grammar.comments import code_characters, comment_start
from dflow.language.grammar.keywords import CLAUSE_KEYWORDS, STATEMENT_KEYWORDS
from dflow.language.grammar.layout import unclosed_bracket
from dflow.language.grammar.misplaced import misindented, quote_inside_braces

# What users see instead of lark's terminal names.
TOKEN_WORDS = {
    "NAME": "a name",
    "INT": "a whole number",
    "DECIMAL": "a number",
    "STRING": 'a string in double quotes ("…")',
    "RUNTIME_ID": "a Lambda runtime such as `python3.14`",
    "TYPE_NAME": "a type (string, integer, number, boolean, map, any)",
    "ADD_OP": "`+` or `-`",
    "MUL_OP": "`*`, `/` or `%`",
    "OPTIONAL_MARK": "`?`",
    "_NL": "the end of the line",
    "_INDENT": "an indented block",
    "_DEDENT": "the end of the indented block",
    "$END": "the end of the file",
}
EXPRESSION_STARTS = {"NAME", "INT", "STRING", "LSQB", "LBRACE"}
TYPE_NAMES = {"string", "integer", "number", "boolean", "map", "any"}
EXPRESSION_EXTRAS = {"LPAR", "MINUS", "NOT", "TRUE", "FALSE", "NULL", "DECIMAL", "ADD_OP"}
WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*|[0-9]+")


@dataclass(frozen=True)
class Mistake:
    code: str
    message: str
    hint: str


# `fn(name =`, `fn(a: 1, name =`: an argument written with `=` instead of `:`.
ARGUMENT_BEFORE = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*\((?:[^()]*,)?\s*[A-Za-z_][A-Za-z0-9_]*\s*$")


def _line_before(token: Token, source: str) -> str:
    """The text of the token's line before it."""
    lines = source.split("\n")
    line = lines[token.line - 1] if token.line and token.line <= len(lines) else ""
    return line[: (token.column or 1) - 1]


def explain(error: UnexpectedInput, source: str, parser: Lark, whole: str = "the file") -> Diagnostic:
    """One diagnostic for a lark error, at the place the user has to change.

    `whole` names what `source` is, for when it ends too early: the file, or
    an expression inside a string, or a value inside a YAML file.
    """
    if isinstance(error, UnexpectedCharacters):
        return _other_language(source, point(error.line, error.column)) or _unexpected_character(error, source)
    span = _error_span(error, source)
    foreign = _other_language(source, span)
    if foreign is not None:
        return foreign
    # `accepts` is exact; `expected` can hold LALR lookaheads that cannot really follow.
    expected = set(getattr(error, "accepts", None) or getattr(error, "expected", None) or set())
    token = error.token if isinstance(error, UnexpectedToken) else None
    at_end = token is None or token.type in ("$END", "_DEDENT")
    unclosed = unclosed_bracket(source) if at_end else _bracket_open_before(source, span)
    if unclosed is not None:
        line, column, bracket = unclosed
        closing = {"(": ")", "[": "]", "{": "}"}[bracket]
        return Diagnostic(
            "DF008",
            f"this `{bracket}` is never closed",
            point(line, column),
            hint=f"add `{closing}` where it should end",
        )
    cut = quote_inside_braces(token, source) if token is not None else None
    if cut is not None:
        return cut
    early = _known_mistake(error, parser)
    lost_block = expected == {"_INDENT"} or (early is not None and early.code in ("DF020", "DF022"))
    if token is not None and not lost_block and _starts_line(token, source):
        # (A block left empty is DF020, which names the line that opens it.)
        misplaced = misindented(source, span.line, parser)
        if misplaced is not None:
            return misplaced
    keywords = {literal for literal in _expected_literals(expected, parser) if literal.isalpha()}
    if "TYPE_NAME" in expected:
        keywords |= TYPE_NAMES
    if token is not None and token.type == "NAME" and keywords and "NAME" not in expected and _starts_line(token, source):
        return _unknown_word(token, keywords, expected, parser, span)
    if token is not None and str(token) == ":" and _ends_line(token, source):
        return Diagnostic(
            "DF014",
            "no colon ends a line in a flow",
            span,
            hint="remove the `:`; blocks are made by indentation alone",
        )
    if token is not None and str(token) == "=" and ARGUMENT_BEFORE.search(_line_before(token, source)):
        return Diagnostic(
            "DF013",
            "arguments are written `name: value`",
            span,
            hint="for example `reserve_slot(slot: input.slot)`; every argument is passed by name",
        )
    if token is not None and str(token) == "=" and "==" in _expected_literals(expected, parser):
        return Diagnostic(
            "DF015",
            "use `==` to compare two values",
            span,
            hint="a single `=` only gives a name to a step or a `set` value",
        )
    mistake = _known_mistake(error, parser)
    if (mistake is not None and mistake.code == "DF020") or expected == {"_INDENT"}:
        return empty_block(source, span)
    if mistake is not None:
        before = _word_before(source, span)
        return Diagnostic(
            mistake.code,
            mistake.message.replace("{before}", before),
            span,
            hint=mistake.hint.replace("{before}", before),
        )
    found = f"{whole} ends too early" if token is None or token.type in ("$END", "_DEDENT") else _found(token)
    return Diagnostic("DF001", found, span, hint=expected_hint(expected, parser))


def expected_hint(expected: set[str], parser: Lark) -> str | None:
    """`expected one of: …` in words a reader knows."""
    if not expected:
        return None
    words: list[str] = []
    names = set(expected)
    if EXPRESSION_STARTS <= names:
        words.append("an expression")
        names -= EXPRESSION_STARTS | EXPRESSION_EXTRAS
    words.extend(sorted(_word(name, parser) for name in names))
    return f"expected {words[0]}" if len(words) == 1 else "expected one of: " + ", ".join(words)


# ---------------------------------------------------------------- the three ways


# Words and signs of other languages that people write in flows, found on the line
# of a syntax error: (pattern, code, message, hint).
OTHER_LANGUAGES = [
    (re.compile(r"&&?"), "DF032", "`{found}` is not how a flow says \"and\"",
     "write `and`, as in `if input.score > 1 and input.name == \"a\"`"),
    (re.compile(r"\|\|"), "DF032", "`{found}` is not how a flow says \"or\"",
     "write `or`, as in `if input.score > 1 or input.vip`"),
    (re.compile(r"^\s*(else\s+)?if\b.*\bwait\b"), "DF033", "a condition cannot wait",
     "wait on a line of its own first, then test what it gave: `wait for approval = ask(…)`, "
     "then `if approval.ok` (or `wait 1 hour` before the `if`)"),
    (re.compile(r"\bis\s+(not\s+)?(greater|less|more|smaller|bigger|higher|lower|equal|at\s+least|at\s+most)\b"),
     "DF034", "a flow compares with signs, not words",
     "write `>` (greater than), `<` (less than), `>=` (at least), `<=` (at most), `==` (equal) or "
     "`!=` (not equal), as in `input.score > 80`"),
    (re.compile(r"[0-9.]+\s*%\s*(\)|\]|,|$|and\b|or\b)"), "DF035", "a flow has no percent sign for numbers",
     "write the share as a number: `80` when the value counts to 100, or `0.8` when it counts to 1"),
]
# The words a statement, a clause or an arm begins with: a line that starts with one is a new line of the flow.
STATEMENT_WORDS = STATEMENT_KEYWORDS | CLAUSE_KEYWORDS


def _other_language(source: str, span: m.Span) -> Diagnostic | None:
    """`&&`, `||`, a wait in a condition, `is greater than`, `80%`: said in the flow's words."""
    lines = source_lines(source)
    if not 0 < span.line <= len(lines):
        return None
    code = _without_comment(_outside_strings(lines[span.line - 1]))
    for pattern, diagnostic_code, message, hint in OTHER_LANGUAGES:
        found = pattern.search(code)
        if found:
            text = found.group().rstrip()
            return Diagnostic(diagnostic_code, message.replace("{found}", text),
                              point(span.line, found.start() + 1, len(text)), hint=hint)
    return None


def _outside_strings(line: str) -> str:
    """The line with the inside of its strings blanked, so a `%` or `&&` in text is not code."""
    kept = [" "] * len(line)
    for index, char in code_characters(line):
        kept[index] = char
    return "".join(kept)


def _bracket_open_before(source: str, span: m.Span) -> tuple[int, int, str] | None:
    """A bracket left open on an earlier line, when the error's line starts a new statement."""
    lines = source_lines(source)
    words = lines[span.line - 1].split() if 0 < span.line <= len(lines) else []
    if not words or words[0] not in STATEMENT_WORDS:
        return None
    return unclosed_bracket("\n".join(lines[: span.line - 1]))


def empty_block(source: str, span: m.Span) -> Diagnostic:
    """DF020, naming the line that opens the block and has nothing indented under it."""
    lines = source_lines(source)
    opener = span.line - 1
    while opener > 0 and not _without_comment(lines[opener - 1]).strip():
        opener -= 1
    if opener == 0:
        return Diagnostic("DF020", "a block is expected here, indented under the line above", span,
                          hint="indent the statements that belong to it, for example by two spaces")
    text = _without_comment(lines[opener - 1])
    words = text.split()
    what = " ".join(words[:2]) if words[0] in ("on", "else", "for", "at", "wait") else words[0]
    indentation = len(text) - len(text.lstrip(" "))
    return Diagnostic(
        "DF020",
        f"`{what}` on line {opener} has nothing indented under it",
        point(opener, indentation + 1, len(text.strip())),
        hint=f"indent the lines that belong to it by {indentation + 2} spaces, two more than line {opener}",
    )


def _unexpected_character(error: UnexpectedCharacters, source: str) -> Diagnostic:
    position = error.pos_in_stream or 0
    char = source[position] if position < len(source) else ""
    span = point(error.line, error.column)
    if char == '"':
        return Diagnostic("DF009", "this string is never closed", span,
                          hint='end it with `"` on the same line; for a line break inside it, write \\n')
    if char == "'":
        return Diagnostic("DF006", "strings use double quotes", span, hint='write "text", not \'text\'')
    if char == "\t":
        return Diagnostic("DF002", "a tab is not allowed here", span, hint="use spaces")
    return Diagnostic("DF007", f"`{char}` cannot be used here", span, hint=None)


def _unknown_word(
    token: Token, keywords: set[str], expected: set[str], parser: Lark, span: m.Span
) -> Diagnostic:
    suggestion = "else if" if str(token) in ("elif", "elsif", "elseif") and "else" in keywords else did_you_mean(str(token), keywords)
    hint = f"did you mean `{suggestion}`?" if suggestion else expected_hint(expected, parser)
    return Diagnostic("DF003", f"`{token}` is not a word the flow knows here", span, hint=hint,
                      fix=replace_with(span, suggestion))


def _known_mistake(error: UnexpectedInput, parser: Lark) -> Mistake | None:
    if not isinstance(error, UnexpectedToken):
        return None
    index = mistake_index(parser)
    position = error.state.position if error.state is not None else -1
    return index.get((position, error.token.type)) or index.get((position, "*"))


@functools.cache
def mistake_index(parser: Lark) -> dict[tuple[int, str], Mistake]:
    """Samples by the LALR state they fail in (and the token they fail on).

    lark's own `match_examples` also compares the parser's stack depth, which
    changes with the number of statements above the mistake; the state alone
    is what identifies the kind of mistake.
    """
    index: dict[tuple[int, str], Mistake] = {}
    for mistake, samples in mistake_examples().items():
        for sample in samples:
            try:
                parser.parse(sample + "\n", start="start")
            except UnexpectedToken as error:
                position = error.state.position if error.state is not None else -1
                index.setdefault((position, error.token.type), mistake)
                index.setdefault((position, "*"), mistake)
            except UnexpectedInput:
                continue
    return index


@functools.cache
def mistake_examples() -> dict[Mistake, list[str]]:
    text = resources.files("dflow.language.grammar").joinpath("mistakes.txt").read_text("utf-8")
    examples: dict[Mistake, list[str]] = {}
    # Sections start at a line `=== CODE`; the file's header comment mentions that too.
    for section in re.split(r"^=== ", text, flags=re.MULTILINE)[1:]:
        header, _, body = section.partition("\n")
        lines = body.split("\n")
        message = lines[0].removeprefix("message: ")
        hint = lines[1].removeprefix("hint: ")
        samples = "\n".join(lines[2:]).strip().split("\n---\n")
        examples[Mistake(header.strip(), message, hint)] = samples
    return examples


# ---------------------------------------------------------------- places and words


def _error_span(error: UnexpectedInput, source: str) -> m.Span:
    token = error.token if isinstance(error, UnexpectedToken) else None
    if token is None or token.type in ("$END", "_DEDENT") or isinstance(error, UnexpectedEOF):
        return end_of_text(source)
    line = token.line or 1
    if token.type in ("_NL", "_INDENT"):
        # Point just after what the user wrote on that line, not at the next one.
        lines = source_lines(source)
        text = lines[line - 1] if 0 < line <= len(lines) else ""
        return point(line, len(_without_comment(text).rstrip()) + 1)
    return point(line, token.column or 1, len(str(token)))


def end_of_text(source: str) -> m.Span:
    """Just after the last character written, ignoring trailing blank lines and comments."""
    lines = source_lines(source)
    for number in range(len(lines), 0, -1):
        text = _without_comment(lines[number - 1]).rstrip()
        if text:
            return point(number, len(text) + 1)
    return point(1, 1)


def _without_comment(line: str) -> str:
    start = comment_start(line)
    return line if start is None else line[:start]


def _expected_literals(expected: set[str], parser: Lark) -> set[str]:
    literals = literal_terminals(parser)
    return {literals[name] for name in expected if name in literals}


def _ends_line(token: Token, source: str) -> bool:
    lines = source_lines(source)
    line = lines[(token.line or 1) - 1] if token.line and token.line <= len(lines) else ""
    return _without_comment(line)[token.column or 1 :].strip() == ""


def _starts_line(token: Token, source: str) -> bool:
    lines = source_lines(source)
    line = lines[(token.line or 1) - 1] if token.line and token.line <= len(lines) else ""
    return line[: (token.column or 1) - 1].strip() == ""


def _word_before(source: str, span: m.Span) -> str:
    lines = source_lines(source)
    text = lines[span.line - 1][: span.column - 1] if 0 < span.line <= len(lines) else ""
    words = WORD.findall(text)
    return words[-1] if words else "here"


def _found(token: Token) -> str:
    if token.type == "_NL":
        return "this line ends too early"
    if token.type == "_INDENT":
        return "unexpected indentation"
    if token.type == "NAME":
        return f"unexpected name `{token}`"
    return f"unexpected `{token}`"


@functools.cache
def literal_terminals(parser: Lark) -> dict[str, str]:
    """Keyword and punctuation terminals by name: `STEP` → `step`."""
    return {
        terminal.name: terminal.pattern.value
        for terminal in parser.terminals
        if terminal.pattern.type == "str"
    }


def _word(terminal: str, parser: Lark) -> str:
    if terminal in TOKEN_WORDS:
        return TOKEN_WORDS[terminal]
    literal = literal_terminals(parser).get(terminal)
    return f"`{literal}`" if literal else terminal.lower()
