"""What an editor shows, asked of `dflow.editor` directly: completion, hover, rename, hints.

`tests/test_lsp.py` drives the same functions through `dflow lsp`; these tests
go over their corners without a server.
"""

from __future__ import annotations

import pytest

from dflow.editor import completion, hints, hover, navigation
from dflow.editor.document import Document, analyse
from dflow.editor.explanations import WORDS
from dflow.language.grammar.keywords import GRAMMAR_WORDS, KEYWORDS

FLOW = """flow f
actions shop

input
  order: string

set early = 1
wait for approval = ask(order: input.order)
  timeout 1 hour

step charge = pay(amount: early)
set late = 2
return charge
"""


def at(document: Document, needle: str, offset: int = 0) -> tuple[int, int]:
    index = document.text.index(needle) + offset
    line = document.text.count("\n", 0, index) + 1
    return line, index - (document.text.rfind("\n", 0, index) + 1) + 1


def labels(found: list[completion.Completion]) -> list[str]:
    return [item.label for item in found]


def test_clauses_of_the_statement_above_are_offered_on_a_line_indented_under_it() -> None:
    text = FLOW.replace("  timeout 1 hour\n", "  timeout 1 hour\n  \n")
    document = analyse(text, "f.flow")
    line = text.split("\n").index("  ") + 1
    offered = labels(completion.complete(document, line, 3, names_from=analyse(FLOW, "f.flow")))
    assert {"timeout", "heartbeat", "on timeout", "on failure", "as text"} <= set(offered)
    assert "runtime" not in offered and "flow" not in offered


def test_header_keywords_are_offered_only_in_the_header() -> None:
    document = analyse("flow f\n\n", "f.flow")
    assert "runtime" in labels(completion.complete(document, 2, 1))
    body = analyse(FLOW + "\n", "f.flow")
    last = len(body.lines)
    assert "runtime" not in labels(completion.complete(body, last, 1))


def test_names_offered_in_an_expression_are_those_visible_never_one_defined_later() -> None:
    document = analyse(FLOW, "f.flow")
    line, column = at(document, "amount: early", len("amount: "))
    offered = labels(completion.complete(document, line, column))
    assert {"early", "approval", "input", "len"} <= set(offered)
    assert "late" not in offered and "charge" not in offered


def test_after_input_dot_exactly_the_input_fields_and_after_a_number_the_units() -> None:
    document = analyse(FLOW, "f.flow")
    line, column = at(document, "input.order", len("input."))
    assert labels(completion.complete(document, line, column)) == ["order"]
    line, column = at(document, "1 hour", len("1 "))
    assert {"seconds", "minutes", "hours", "days"} <= set(labels(completion.complete(document, line, column)))


def test_after_step_the_actions_functions_with_their_parameters() -> None:
    text = "flow f\nactions shop\n\nstep charge = \n"
    document = analyse(text, "f.flow")
    (offered,) = completion.complete(document, 4, len("step charge = ") + 1, {"pay": ["amount", "card"]})
    assert (offered.label, offered.insert, offered.detail) == ("pay", "pay(amount: , card: )", "(amount, card)")


def test_hover_on_an_input_field_gives_its_type_and_on_a_name_its_settings() -> None:
    document = analyse(FLOW, "f.flow")
    field = hover.hover(document, *at(document, "input.order", len("input.")))
    assert field is not None and "order: string" in field.markdown
    callback = hover.hover(document, *at(document, "approval = ask"))
    assert callback is not None and "timeout 1 hour" in callback.markdown and callback.markdown.startswith("callback")


def test_hover_works_on_the_yaml_form_too() -> None:
    from dflow.language.yamlform.dump import dump_flow
    from dflow.language.reading import read_flow

    text = dump_flow(read_flow(FLOW, "f.flow"))
    document = analyse(text, "f.flow.yaml")
    line, column = at(document, "amount: early", len("amount: "))
    found = hover.hover(document, line, column)
    assert found is not None and found.markdown.startswith("set `early`")


def test_every_word_explained_is_a_word_of_the_language() -> None:
    words = {word for key in WORDS for word in key.split()}
    assert words <= GRAMMAR_WORDS | KEYWORDS


def test_a_rename_to_a_word_of_the_language_or_of_a_step_named_after_its_action_is_refused() -> None:
    document = analyse(FLOW.replace("step charge = pay(", "step pay("), "f.flow")
    with pytest.raises(navigation.RenameRefused, match="takes its name from its action"):
        navigation.rename(document, *at(document, "pay(amount"), "paid")
    document = analyse(FLOW, "f.flow")
    with pytest.raises(navigation.RenameRefused, match="cannot be a name"):
        navigation.rename(document, *at(document, "early = 1"), "return")
    with pytest.raises(navigation.RenameRefused, match="already a name"):
        navigation.rename(document, *at(document, "early = 1"), "late")


def test_retry_delays_are_the_sdks_capped_by_max_delay_and_marked_when_jittered() -> None:
    text = ("flow f\nactions a\n\nstep one = go()\n  retry 4 times every 10 seconds backoff 3 max delay 1 minute\n"
            "step two = go()\n  retry 2 times every 1 minute jitter full\nreturn two\n")
    document = analyse(text, "f.flow")
    assert document.flow is not None
    found = [(hint.line, hint.label.strip()) for hint in hints.hints(document.flow, document.lines)]
    assert found == [(5, "10 s, 30 s, 1 min, 1 min"), (7, "up to 1 min, 2 min")]


def test_a_line_being_typed_that_breaks_the_flow_still_gets_the_input_fields() -> None:
    text = FLOW.replace("set late = 2\n", 'log "{input.}"\n')
    document = analyse(text, "f.flow")
    assert document.flow is None  # `{input.}` does not parse
    line, column = at(document, "{input.}", len("{input."))
    assert labels(completion.complete(document, line, column)) == ["order"]


def test_the_yaml_form_is_offered_names_and_fields_never_the_flow_forms_keywords() -> None:
    from dflow.language.reading import read_flow
    from dflow.language.yamlform.dump import dump_flow

    text = dump_flow(read_flow(FLOW, "f.flow"))
    document = analyse(text, "f.flow.yaml")
    line, column = at(document, "amount: early", len("amount: "))
    offered = labels(completion.complete(document, line, column))
    assert "early" in offered and "step" not in offered and "late" not in offered
    line, column = at(document, "input.order", len("input."))
    assert labels(completion.complete(document, line, column)) == ["order"]


def test_a_retry_of_thousands_of_times_gives_its_first_delays_without_computing_them_all() -> None:
    # `backoff ** n` past about 1,000 retries is too large for a float: only the delays shown are computed.
    text = "flow f\nactions a\n\nstep one = go()\n  retry 5000 times every 1 second backoff 2\nreturn one\n"
    document = analyse(text, "f.flow")
    assert document.flow is not None
    ((_, label),) = [(hint.line, hint.label.strip()) for hint in hints.hints(document.flow, document.lines)]
    assert label == "1 s, 2 s, 4 s, 8 s, 16 s, …"


def test_the_words_completion_offers_are_the_languages_own() -> None:
    from dflow.language.grammar.keywords import CLAUSE_KEYWORDS, HEADER_KEYWORDS, STATEMENT_KEYWORDS

    assert {phrase.split()[0] for phrase in completion.STATEMENTS} == STATEMENT_KEYWORDS
    assert {phrase.split()[0] for phrase in completion.HEADER_PHRASES} == set(HEADER_KEYWORDS) <= KEYWORDS
    clauses = {phrase.split()[0] for phrases in completion.CLAUSES.values() for phrase in phrases}
    assert clauses <= CLAUSE_KEYWORDS
    assert {kind.split()[0] for kind in completion.CLAUSES} <= STATEMENT_KEYWORDS
