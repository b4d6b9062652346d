"""dflow's speed and memory, each figure a ratio against a baseline measured in the same run.

    python benchmarks/run.py            # all five figures (a few minutes)
    python benchmarks/run.py --quick    # fewer repeats and no 10,000-statement flow

1. a cold `dflow compile` of the vending flow, as a process, vs the import floor
   (`python -c "import lark, jinja2, pydantic, black"`);
2. an in-process compile of the vending flow vs `black.format_str` alone on its output;
3. flows of 100, 1,000 and 10,000 statements: time and peak memory, and the growth;
4. a folder of 500 flows: serial, parallel and a no-op rebuild;
5. the generated vending handler vs a hand-written one on the local runner, and
   the import of the generated module vs the SDK alone.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
VENDING = ROOT / "examples" / "vending" / "vending.flow"
PYTHON = sys.executable
ROWS: list[tuple[str, str, str, float, str, bool]] = []


def median_seconds(action: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def process(*args: str, cwd: Path = ROOT, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([PYTHON, *args], cwd=cwd, capture_output=True, text=True, check=True, env=env)


def row(figure: str, measured: float, baseline: float, unit: str, target: str, met: bool, baseline_name: str = "") -> None:
    ROWS.append((figure, f"{measured:.3f} {unit}", f"{baseline:.3f} {unit} {baseline_name}".strip(),
                 measured / baseline if baseline else 0.0, target, met))
    print(f"  {figure}: {measured:.3f} {unit} against {baseline:.3f} {unit} -> {measured / baseline:.2f}x ({target})", flush=True)


# ---------------------------------------------------------------- the figures


def cold_compile(repeats: int) -> None:
    with tempfile.TemporaryDirectory() as out:
        floor = median_seconds(lambda: process("-c", "import lark, jinja2, pydantic, black"), repeats)
        cold = median_seconds(lambda: process("-m", "dflow", "compile", str(VENDING), "-o", out, "--no-cache"), repeats)
    row("1 cold compile vs import floor", cold, floor, "s", "<= 1.5x", cold / floor <= 1.5, "(import floor)")


def in_process(repeats: int) -> None:
    import black

    from dflow.compiler.format import MODE
    from dflow.compiler.lower import lower_flow
    from dflow.compiler.pipeline import compile_text, read_flow
    from dflow.compiler.render import render_handler

    text = VENDING.read_text()
    # The floor: black formatting exactly what dflow hands it, the rendered source.
    rendered = render_handler(lower_flow(read_flow(text, VENDING.name), VENDING.name))
    compile_time = median_seconds(lambda: compile_text(text, VENDING.name), repeats)
    black_time = median_seconds(lambda: black.format_str(rendered, mode=MODE), repeats)
    row("2 in-process compile vs black alone", compile_time, black_time, "s", "<= 1.5x", compile_time / black_time <= 1.5, "(black)")


SCALING_CHILD = """
import json, resource, sys, time
sys.path.insert(0, {benchmarks!r})
from flowgen import generate_flow
from dflow.compiler.pipeline import compile_text
compile_text(generate_flow(10), "warm.flow")
text = generate_flow({size})
started = time.perf_counter()
compile_text(text, "big.flow")
print(json.dumps({{"seconds": time.perf_counter() - started,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def scaling(sizes: list[int]) -> None:
    results = {}
    for size in sizes:
        child = SCALING_CHILD.format(benchmarks=str(ROOT / "benchmarks"), size=size)
        results[size] = json.loads(process("-c", child).stdout)
        print(f"  3 {size} statements: {results[size]['seconds']:.2f} s, peak {results[size]['peak_mb']:.0f} MB", flush=True)
    for small, large in zip(sizes, sizes[1:]):
        growth = results[large]["seconds"] / results[small]["seconds"]
        row(f"3 {large} vs {small} statements", results[large]["seconds"], results[small]["seconds"], "s",
            "<= 11x for 10x", growth <= 11 * large / small / 10)
    if 10000 in results:
        seconds = results[10000]["seconds"]
        ROWS.append(("3 10,000 statements", f"{seconds:.2f} s", f"peak {results[10000]['peak_mb']:.0f} MB",
                     seconds / 5, "< 5 s", seconds < 5))


def folder(count: int) -> None:
    from flowgen import generate_flow

    with tempfile.TemporaryDirectory() as work:
        flows = Path(work) / "flows"
        flows.mkdir()
        for index in range(count):
            (flows / f"f{index}.flow").write_text(generate_flow(16, name=f"f{index}"))
        serial = median_seconds(lambda: process("-m", "dflow", "compile", str(flows), "-o", f"{work}/s", "-j", "1", "--no-cache"), 1)
        parallel = median_seconds(lambda: process("-m", "dflow", "compile", str(flows), "-o", f"{work}/p", "-j", str(os.cpu_count() or 2)), 1)
        noop = median_seconds(lambda: process("-m", "dflow", "compile", str(flows), "-o", f"{work}/p"), 3)
    row(f"4 {count} flows, parallel vs serial", parallel, serial, "s", "<= 0.6x", parallel / serial <= 0.6, "(serial)")
    ROWS.append((f"4 {count} flows, no-op rebuild", f"{noop:.3f} s", "", noop / 0.5, "< 0.5 s", noop < 0.5))


def runtime(repeats: int) -> None:
    import logging

    logging.disable(logging.CRITICAL)
    from aws_durable_execution_sdk_python import state
    from aws_durable_execution_sdk_python_testing import DurableFunctionTestRunner

    from dflow.compiler.pipeline import compile_text

    state._STOP_SIGNAL_POLL_SECONDS = 0.005  # noqa: SLF001 - as in the tests: idle time is not the handler's
    with tempfile.TemporaryDirectory() as work:
        Path(work, "vending_handler.py").write_text(compile_text(VENDING.read_text(), VENDING.name).handler_source)
        shutil.copy(ROOT / "benchmarks" / "handwritten_vending.py", work)
        sys.path[:0] = [work, str(ROOT / "examples" / "vending")]
        import handwritten_vending
        import vending_handler
        from vending import actions

        def approved(handler: object) -> Callable[[], object]:
            def one() -> object:
                actions.reset()
                with DurableFunctionTestRunner(handler=handler, poll_interval=0.005) as runner:
                    arn = runner.run_async(input=json.dumps({"order_id": "o", "slot": "A1", "price_cents": 1}), execution_timeout=30)
                    runner.send_callback_success(runner.wait_for_callback(arn, name="payment create callback id", timeout=10), b'{"status": "approved"}')
                    return runner.wait_for_result(arn, timeout=30)
            return one

        approved(vending_handler.handler)()
        generated = median_seconds(approved(vending_handler.handler), repeats)
        handwritten = median_seconds(approved(handwritten_vending.handler), repeats)
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([work, str(ROOT / "examples" / "vending")])}
        sdk = median_seconds(lambda: process("-c", "import aws_durable_execution_sdk_python, vending.actions", env=env), repeats)
        module = median_seconds(lambda: process("-c", "import vending_handler", env=env), repeats)
    row("5 generated vs hand-written handler, run", generated, handwritten, "s", "<= 1.05x", generated / handwritten <= 1.05, "(hand-written)")
    row("5 generated module import vs SDK import", module, sdk, "s", "<= 1.05x", module / sdk <= 1.05, "(SDK + actions)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer repeats, no 10,000-statement flow, 100 flows")
    args = parser.parse_args()
    repeats = 3 if args.quick else 9
    print(f"dflow benchmarks on {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    cold_compile(repeats)
    in_process(repeats * 3)
    scaling([100, 1000] if args.quick else [100, 1000, 10000])
    folder(100 if args.quick else 500)
    runtime(repeats)
    print("\n| figure | measured | baseline | ratio | target | met |\n|---|---|---|---|---|---|")
    for figure, measured, baseline, ratio, target, met in ROWS:
        print(f"| {figure} | {measured} | {baseline} | {ratio:.2f} | {target} | {'yes' if met else 'no'} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
