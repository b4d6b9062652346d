"""The state graph's shape: where paths meet again (post-dominators) and where they loop back.

The writer turns a graph into blocks: a Choice whose arms meet again is an
`if` followed by the state where they meet; a path back to an earlier state
is a `repeat`. A `stops` set marks states where the block being written ends
(the loop's start, the state an `if` meets at): paths to them end there,
and they can be where paths meet.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from dflow.importer.machine import Region

EXIT = "\0exit"


def meeting_point(region: Region, starts: Iterable[str], stops: Iterable[str], strict: bool = False) -> str | None:
    """The first state every path from `starts` reaches, before any stop or the end; None if there is none.

    `strict`: a state after the starts, never one of them (where a state's paths meet again).
    """
    stop_set = set(stops)

    def successors(name: str) -> list[str]:
        if name == EXIT:
            return []
        if name in stop_set:
            return [EXIT]  # a stop is a point paths can meet at, and where they leave the block
        following = list(region.successors(name))
        if region.ends(name) or not following:
            following.append(EXIT)
        return following

    start_list = list(starts)
    nodes = _reachable(start_list, successors)
    everything = set(nodes) | {EXIT}
    dominators: dict[str, set[str]] = {node: set(everything) for node in nodes}
    dominators[EXIT] = {EXIT}
    changed = True
    while changed:
        changed = False
        for node in nodes:
            following = successors(node)
            common = set.intersection(*(dominators[s] for s in following)) if following else set()
            updated = {node} | common
            if updated != dominators[node]:
                dominators[node], changed = updated, True
    shared = set.intersection(*(dominators[s] for s in start_list))
    candidates = [node for node in shared if node != EXIT and not (strict and node in start_list)]
    if not candidates:
        return None
    # The nearest is the one the others post-dominate: the largest set.
    return max(candidates, key=lambda node: (len(dominators[node]), node))


def loop_starts(region: Region) -> dict[str, set[str]]:
    """Each state a path loops back to, with the states of its loop (itself included)."""
    back_edges: list[tuple[str, str]] = []
    on_path: list[str] = []
    seen: set[str] = set()

    def visit(name: str) -> None:
        seen.add(name)
        on_path.append(name)
        for following in region.successors(name):
            if following in on_path:
                back_edges.append((name, following))
            elif following not in seen:
                visit(following)
        on_path.pop()

    visit(region.start)
    predecessors: dict[str, list[str]] = {}
    for name in region.states:
        for following in region.successors(name):
            predecessors.setdefault(following, []).append(name)
    loops: dict[str, set[str]] = {}
    for source, head in back_edges:
        body = loops.setdefault(head, {head})
        pending = [source]
        while pending:
            node = pending.pop()
            if node not in body:
                body.add(node)
                pending.extend(predecessors.get(node, []))
    return loops


def _reachable(starts: list[str], successors: Callable[[str], list[str]]) -> list[str]:
    order: list[str] = []
    seen: set[str] = set()
    pending = list(reversed(starts))
    while pending:
        node = pending.pop()
        if node in seen or node == EXIT:
            continue
        seen.add(node)
        order.append(node)
        pending.extend(reversed(successors(node)))
    return order
