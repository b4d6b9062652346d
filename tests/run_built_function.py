"""Run a function `sam build` built, from its own folder, on the SDK's local runner (a test helper).

    python tests/run_built_function.py .aws-sam/build/VendingFunction

Its folder comes first on the import path, so the handler, the actions and the
durable SDK are the copies `sam build` packaged; only the local runner comes
from the test's environment. Prints the outcome as JSON.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

built = Path(sys.argv[1]).resolve()
sys.path.insert(0, str(built))

import aws_durable_execution_sdk_python as sdk  # noqa: E402
from aws_durable_execution_sdk_python_testing import DurableFunctionTestRunner  # noqa: E402

import vending_handler  # noqa: E402
from vending import actions  # noqa: E402

actions.reset({"A1": 3})
with DurableFunctionTestRunner(handler=vending_handler.handler, poll_interval=0.01) as runner:
    arn = runner.run_async(input=json.dumps({"order_id": "o-1", "slot": "A1", "price_cents": 250}), execution_timeout=30)
    callback_id = runner.wait_for_callback(arn, name="payment create callback id", timeout=10)
    runner.send_callback_success(callback_id, b'{"status": "approved"}')
    result = runner.wait_for_result(arn, timeout=30)

print(json.dumps({
    "status": result.status.value,
    "result": json.loads(result.result or "null"),
    "sdk": str(Path(sdk.__file__).resolve()),
    "handler": str(Path(vending_handler.__file__).resolve()),
}))
