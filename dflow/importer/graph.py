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
    A start from which no path ends (a loop with no way out) does not constrain where the others meet.
    """
    idom, order = _post_dominator_tree(region, frozenset(stops))
    meet: str | None = None
    for start in starts:
        if start not in idom:
            continue
        node = idom[start] if strict else start
        meet = node if meet is None else _nearest_common(meet, node, idom, order)
    return None if meet is None or meet == EXIT else meet


def short_ending(region: Region, start: str, stops: Iterable[str], most: int = 3) -> bool:
    """Whether `start` begins at most `most` states in a row that then end the region, with no branch or catcher.

    A catcher whose path meets the normal one at such a state writes the ending itself: repeating
    a `return` is clearer than guarding the states between with a flag, and it keeps a machine
    whose every Task catches to one handler flat rather than nested a level per Task.
    """
    stop_set = set(stops)
    current = start
    for _ in range(most):
        state = region.states[current]
        if current in stop_set or state["Type"] not in ("Task", "Pass", "Wait", "Succeed", "Fail") or "Catch" in state:
            return False
        if region.ends(current):
            return True
        current = state["Next"]
    return False


def ends_every_path(region: Region, start: str, stops: Iterable[str], inner: bool) -> bool:
    """Whether every path from `start` ends the execution (a `Fail`; a `Succeed` or `End` unless `inner`,
    where it gives a branch's or an item's output) without reaching a stop."""
    stop_set, seen, pending = set(stops), set(), [start]
    while pending:
        name = pending.pop()
        if name in stop_set:
            return False
        if name in seen:
            continue
        seen.add(name)
        if region.states[name]["Type"] == "Fail":
            continue
        if region.ends(name) and inner:
            return False
        pending += region.successors(name)
    return True


def _post_dominator_tree(region: Region, stops: frozenset[str]) -> tuple[dict[str, str], dict[str, int]]:
    """Each state's immediate post-dominator, and its place in a postorder of the reversed graph.

    Cooper, Harvey and Kennedy's "A Simple, Fast Dominance Algorithm" on the reversed graph, whose
    entry is the end (EXIT); computed once per region and set of stops, so the writer's many
    questions cost a walk up the tree each. States from which no path ends are left out.
    """
    if stops in region.post_dominators:
        return region.post_dominators[stops]

    def successors(name: str) -> list[str]:
        if name in stops:
            return [EXIT]  # a stop is a point paths can meet at, and where they leave the block
        following = region.successors(name)
        return [*following, EXIT] if region.ends(name) or not following else following

    forward = {name: successors(name) for name in region.states}
    backward: dict[str, list[str]] = {EXIT: []}
    for name, following in forward.items():
        for target in following:
            backward.setdefault(target, []).append(name)
    postorder, _ = _depth_first(EXIT, lambda node: backward.get(node, []))
    order = {node: index for index, node in enumerate(postorder)}
    idom = {EXIT: EXIT}
    changed = True
    while changed:
        changed = False
        for node in reversed(postorder[:-1]):  # reverse postorder, EXIT (last) left out
            done = [s for s in forward[node] if s in idom]
            new = done[0]
            for other in done[1:]:
                new = _nearest_common(new, other, idom, order)
            if idom.get(node) != new:
                idom[node], changed = new, True
    region.post_dominators[stops] = (idom, order)
    return idom, order


def _nearest_common(a: str, b: str, idom: dict[str, str], order: dict[str, int]) -> str:
    while a != b:
        while order[a] < order[b]:
            a = idom[a]
        while order[b] < order[a]:
            b = idom[b]
    return a


def _depth_first(entry: str, following: Callable[[str], list[str]]) -> tuple[list[str], list[tuple[str, str]]]:
    """The nodes reached from `entry` in depth-first postorder, and the edges back to a node on the path.

    Without recursion: a machine may have thousands of states.
    """
    postorder: list[str] = []
    back_edges: list[tuple[str, str]] = []
    seen, on_path = {entry}, {entry}
    stack: list[tuple[str, int]] = [(entry, 0)]
    while stack:
        node, index = stack.pop()
        targets = following(node)
        if index == len(targets):
            on_path.discard(node)
            postorder.append(node)
            continue
        stack.append((node, index + 1))
        target = targets[index]
        if target in on_path:
            back_edges.append((node, target))
        elif target not in seen:
            seen.add(target)
            on_path.add(target)
            stack.append((target, 0))
    return postorder, back_edges


def loop_starts(region: Region) -> dict[str, set[str]]:
    """Each state a path loops back to, with the states of its loop (itself included)."""
    _, back_edges = _depth_first(region.start, region.successors)
    predecessors: dict[str, list[str]] = {}
    for name in region.states:
        for successor in region.successors(name):
            predecessors.setdefault(successor, []).append(name)
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
