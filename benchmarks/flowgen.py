"""Large, valid flows of mixed constructs for the scaling benchmarks."""

from __future__ import annotations


def generate_flow(statements: int, name: str = "big") -> str:
    """A flow of about `statements` statements: steps with retry and undo, sets,
    waits, ifs, callbacks, polls, parallels and loops, with nesting."""
    lines = [
        f"flow {name}",
        'description "Generated for benchmarks"',
        "timeout 366 days",
        "actions bench.actions",
        "",
        "input",
        "  order_id: string",
        "  items: list of string",
        "",
    ]
    count = index = 0
    while count < statements:
        i, index = index, index + 1
        kind = i % 8
        if kind == 0:
            lines += [f"step s{i} = work(order_id: input.order_id, n: {i})", "  retry 2 times every 1 second",
                      f"  undo unwork(n: {i})"]
            count += 1
        elif kind == 1:
            lines += [f"set v{i} = len(input.items) + {i}"]
            count += 1
        elif kind == 2:
            lines += [f"wait w{i} 1 minute"]
            count += 1
        elif kind == 3:
            lines += [f'if input.order_id == "x{i}"', f"  step a{i} = work(order_id: input.order_id, n: {i})",
                      "else", f'  log "order {{input.order_id}} step {i}"']
            count += 3
        elif kind == 4:
            lines += [f"wait for c{i} = ask(n: {i})", "  timeout 1 hour", "  on timeout", f'    log "no answer {i}"']
            count += 2
        elif kind == 5:
            lines += [f"poll p{i} = status(n: {i}) every 30 seconds until p{i}.done", "  max 5 times"]
            count += 1
        elif kind == 6:
            lines += [f"parallel par{i}", "  branch left", f"    step l{i} = work(order_id: input.order_id, n: {i})",
                      "  branch right", f"    step r{i} = work(order_id: input.order_id, n: {i + 1})"]
            count += 3
        else:
            lines += [f"for each item in input.items as each{i}", "  max concurrency 4",
                      f"  step e{i} = work(order_id: item, n: {i})"]
            count += 2
    lines.append("return { done: true }")
    return "\n".join(lines) + "\n"
