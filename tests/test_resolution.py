"""The resolved view: for every reference its definition, for every definition its uses, and what is where.

It is what an editor asks: hover, go to definition, references, rename and
completion of names in scope. It is a stage of its own, before the checks:
the checks read it, so what they accept and what an editor shows agree.
"""

from __future__ import annotations

from pathlib import Path

from dflow.language.resolution import Defined, Used
from dflow.language.reading import read_flow, resolve

VENDING = Path(__file__).resolve().parents[1] / "examples" / "vending" / "vending.flow"


def vending() -> tuple[str, object]:
    text = VENDING.read_text()
    return text, resolve(read_flow(text, "vending.flow"))


def position_of(text: str, needle: str, offset: int = 0) -> tuple[int, int]:
    """The line and column (from 1) of the first `needle` in the text, plus `offset` characters."""
    index = text.index(needle) + offset
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def test_a_reference_leads_to_its_definition_and_the_definition_lists_its_uses() -> None:
    text, resolution = vending()
    line, column = position_of(text, "reservation: reservation.id")
    used = resolution.at(line, column + len("reservation: "))  # type: ignore[attr-defined]
    assert isinstance(used, Used) and used.name == "reservation"
    definition = used.definition
    assert isinstance(definition, Defined) and definition.kind == "step"
    assert (definition.span.line, definition.span.column) == position_of(text, "reservation = reserve_slot")
    assert used in definition.uses


def test_an_input_field_is_defined_in_the_input_block_and_read_as_input_field() -> None:
    text, resolution = vending()
    line, column = position_of(text, "slot: input.slot", len("slot: input."))
    used = resolution.at(line, column)  # type: ignore[attr-defined]
    assert isinstance(used, Used) and used.definition is not None
    assert used.definition.kind == "input field"
    assert used.definition.span.line == position_of(text, "  slot: string")[0]
    assert len(used.definition.uses) >= 4  # every `input.slot`


def test_a_callbacks_uses_are_every_read_of_it_and_no_argument_label_of_the_same_name() -> None:
    text = 'flow f\nactions a\n\nwait for payment = ask()\nstep charge(payment: payment.amount)\nreturn payment\n'
    resolution = resolve(read_flow(text, "f.flow"))
    (payment,) = [d for d in resolution.definitions if d.name == "payment"]
    assert [(u.span.line, u.span.column) for u in payment.uses] == [(5, 22), (6, 8)]


def test_a_set_given_new_values_is_one_name_with_every_place_it_is_set() -> None:
    text = "flow f\n\nset total = 0\nif true\n  set total = total + 1\nreturn total\n"
    resolution = resolve(read_flow(text, "f.flow"))
    (total,) = [d for d in resolution.definitions if d.name == "total"]
    assert [span.line for span in total.also_set_at] == [5]
    assert [u.span.line for u in total.uses] == [5, 6]
    assert resolution.at(5, 7) is total


def test_names_visible_on_a_line_are_those_defined_above_in_blocks_around_it() -> None:
    text = "flow f\n\nset a = 1\nif a > 0\n  set b = 2\n  log \"{b}\"\nset c = 3\nreturn c\n"
    resolution = resolve(read_flow(text, "f.flow"))
    assert {d.name for d in resolution.visible_at(6)} == {"a", "b"}
    assert {d.name for d in resolution.visible_at(8)} == {"a", "c"}  # b stays inside its block


def test_the_studio_and_the_command_line_use_the_resolved_view_and_the_registry(tmp_path: Path) -> None:
    import json
    import subprocess
    import sys

    from dflow.studio.analysis import analyse

    text = VENDING.read_text()
    references = analyse(text, "vending.flow")["references"]
    line, column = position_of(text, "reservation: reservation.id", len("reservation: "))
    (found,) = [r for r in references if r["span"]["line"] == line and r["span"]["column"] == column]
    assert found["definition"]["line"] == position_of(text, "reservation = reserve_slot")[0]
    bad = tmp_path / "f.flow"
    bad.write_text("flow f\n\nreturn totl\n")
    report = subprocess.run([sys.executable, "-m", "dflow", "check", str(bad), "--format", "json"],
                            capture_output=True, text=True)
    (row,) = json.loads(report.stdout)
    assert row["code"] == "DF261" and row["title"]


def test_resolving_a_flow_runs_no_check_and_the_checks_read_what_it_found() -> None:
    from unittest import mock

    from dflow.language.checks.flow import check_flow

    flow = read_flow("flow f\n\nset a = 1\nreturn totl\n", "f.flow")
    with mock.patch("dflow.language.checks.flow.check_header", side_effect=AssertionError("a check ran")):
        resolution = resolve(flow)
    (unknown,) = [used for used in resolution.references if not used.found]
    assert unknown.name == "totl" and unknown.in_scope == ("a",)
    # The checks report from the view they are given: here, one that found nothing unknown.
    unknown.found = True
    assert [d.code for d in check_flow(flow, resolution)] == []
    assert [d.code for d in check_flow(flow)] == ["DF261"]


def test_a_statements_own_name_read_inside_it_leads_to_the_statement() -> None:
    # A rename of `status` must reach its reads in the poll's own check and `until`; the same
    # for a step's name in its undo and a group's in its `finally`.
    text = (
        "flow f\nactions a\n\n"
        "poll status = check(previous: status) every 1 minute until status.done\n  max 3 times\n"
        "step hold = reserve()\n  undo release(hold: hold.id)\n"
        "group work\n  step go()\n  finally\n    log \"{work}\"\n"
        "return status\n"
    )
    resolution = resolve(read_flow(text, "f.flow"))
    by_name = {d.name: d for d in resolution.definitions}
    assert [u.span.line for u in by_name["status"].uses] == [4, 4, 12]
    assert [u.span.line for u in by_name["hold"].uses] == [7]
    assert [u.span.line for u in by_name["work"].uses] == [11]
    assert all(used.definition is not None for used in resolution.references)


def test_statements_after_one_that_always_ends_the_flow_are_found_never_run() -> None:
    text = "flow f\n\nif true\n  return 1\nelse\n  fail Stop\nlog \"never\"\n"
    flow = read_flow(text, "f.flow")
    (statement,) = resolve(flow).never_run.values()
    assert statement.span.line == 7


def test_a_list_variable_that_takes_a_name_already_defined_is_reported_once_even_with_a_condition() -> None:
    from dflow.language.reading import check_text

    text = "flow f\n\nset a = [1]\nset b = [a for a in [1, 2] if a > 0]\nreturn b\n"
    _, diagnostics = check_text(text, "f.flow")
    assert [(d.code, d.span.line) for d in diagnostics] == [("DF224", 4)]
    (variable,) = [d for d in resolve(read_flow(text, "f.flow")).definitions if d.kind == "list variable"]
    assert len(variable.uses) == 2  # the element and the condition
