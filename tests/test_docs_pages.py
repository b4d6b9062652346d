"""`dflow docs` pages, rendered by a CommonMark parser as GitHub renders them.

In CommonMark the indentation decides what belongs to which list item; a page
that reads well as text could still glue "Otherwise:" onto the step above it.
These tests parse each page and compare its lists with the flow's structure.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

from dflow.compiler.pipeline import read_flow
from dflow.docs.page import docs_page as flow_page
from dflow.language import model as m
from dflow.language.walk import child_blocks
from tests.golden_cases import CASES, ROOT

FLOWS = {**CASES, "nested": ROOT / "tests" / "flows" / "nested.flow", "fan_out": ROOT / "tests" / "flows" / "fan_out.flow",
         "failures": ROOT / "tests" / "flows" / "failures.flow"}


def what_happens(page: str) -> SyntaxTreeNode:
    """The ordered list under `## What happens`."""
    tree = SyntaxTreeNode(MarkdownIt("commonmark").parse(page))
    children = tree.children
    heading = next(i for i, node in enumerate(children)
                   if node.type == "heading" and text_of(node) == "What happens")
    listing = children[heading + 1]
    assert listing.type == "ordered_list"
    return listing


def text_of(node: SyntaxTreeNode) -> str:
    return "".join(child.content for child in node.walk() if child.type in ("text", "code_inline"))


def nested_blocks(statement: m.AnyStatement) -> list[m.Block]:
    """The blocks a statement's docs item lists under it, in the page's order."""
    return list(child_blocks(statement))


def assert_list_matches(listing: SyntaxTreeNode, block: m.Block, where: str) -> None:
    items = [item for item in listing.children if item.type == "list_item"]
    assert len(items) == len(block.statements), f"{where}: {len(items)} items for {len(block.statements)} statements"
    for number, (item, statement) in enumerate(zip(items, block.statements), start=1):
        blocks = nested_blocks(statement)
        bullets = [child for child in item.children if child.type == "bullet_list"]
        if not blocks:
            assert not bullets, f"{where} item {number}: nothing should be nested under it"
            continue
        assert len(bullets) == 1, f"{where} item {number} ({statement.kind}): its arms are not a list inside it"
        arms = bullets[0].children
        assert len(arms) == len(blocks), f"{where} item {number}: {len(arms)} arms for {len(blocks)} blocks"
        for arm, inner in zip(arms, blocks):
            ordered = [child for child in arm.children if child.type == "ordered_list"]
            assert len(ordered) == 1, f"{where} item {number}: an arm without its own numbered steps"
            assert_list_matches(ordered[0], inner, f"{where} item {number} / {text_of(arm.children[0])}")


@pytest.mark.parametrize("case", sorted(FLOWS))
def test_the_docs_page_lists_every_statement_and_arm_where_commonmark_puts_it(case: str) -> None:
    flow = read_flow(FLOWS[case].read_text(encoding="utf-8"), FLOWS[case].name)
    assert_list_matches(what_happens(flow_page(flow)), flow.body, case)


def test_both_arms_of_the_vending_choice_are_separate_bullets_with_their_own_steps() -> None:
    flow = read_flow(CASES["vending"].read_text(encoding="utf-8"))
    decides = what_happens(flow_page(flow)).children[3]
    arms = decides.children[1].children
    assert [text_of(arm.children[0]) for arm in arms] == ['If payment.status == "approved":', "Otherwise:"]
    assert "dispense" in text_of(arms[0]) and "dispense" not in text_of(arms[1])


def test_a_description_stays_with_its_own_step(tmp_path: Path) -> None:
    flow = read_flow('flow d\nactions a\n# Check the request first.\nstep check = f()\nstep g()\n')
    items = what_happens(flow_page(flow)).children
    assert "Check the request first." in text_of(items[0]) and "Check" not in text_of(items[1])
