"""The document pipeline on the SDK's local runner: polling, a parallel fan-out and an invoke."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

EXAMPLE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(EXAMPLE))
from documents import actions  # noqa: E402

FLOW = EXAMPLE / "document_pipeline.flow"
UPLOAD = {"document_id": "d1", "bucket": "uploads", "key": "report.docx"}


@pytest.fixture(autouse=True)
def service() -> actions.Service:
    return actions.reset()


def convert(compile_flow: Any, durable_runner: Any, with_thumbnailer: bool = True) -> Any:
    runner = durable_runner(compile_flow(FLOW).handler)
    if with_thumbnailer:
        runner.register_function("thumbnailer", actions.thumbnailer)
    return runner.run(input=json.dumps(UPLOAD), execution_timeout=30)


def test_a_document_is_converted_then_indexed_thumbnailed_and_summarised(
    compile_flow: Any, durable_runner: Any, service: actions.Service
) -> None:
    result = convert(compile_flow, durable_runner)
    assert result.status.value == "SUCCEEDED", result.error
    assert json.loads(result.result) == {
        "document_id": "d1",
        "pages": 12,
        "thumbnail": {"thumbnail_uri": "s3://out/d1.png"},
        "summary": "A 12-page document (d1).",
    }
    assert service.calls.count("conversion_status") == 3
    assert service.index == {"d1": "s3://out/d1.txt"}
    assert service.published["d1"]["index"] == {"indexed": True}


def test_a_failed_conversion_ends_with_the_flows_own_error(
    compile_flow: Any, durable_runner: Any, service: actions.Service
) -> None:
    service.conversion_fails = True
    result = convert(compile_flow, durable_runner)
    assert result.error.type == "document_pipeline_handler.ConversionFailed"
    assert result.error.message == "conversion of d1 failed: unsupported font"


def test_a_conversion_that_never_finishes_fails_with_condition_not_met(
    compile_flow: Any, durable_runner: Any, service: actions.Service
) -> None:
    service.checks_until_done = 100
    result = convert(compile_flow, durable_runner)
    assert result.error.type == "document_pipeline_handler.ConditionNotMet"
    assert service.calls.count("conversion_status") == 20


def test_a_missing_thumbnailer_is_tolerated(compile_flow: Any, durable_runner: Any, service: actions.Service) -> None:
    result = convert(compile_flow, durable_runner, with_thumbnailer=False)
    assert result.status.value == "SUCCEEDED", result.error
    assert json.loads(result.result)["thumbnail"] is None
    assert service.published["d1"]["thumbnail"] is None


def test_a_rate_limited_summariser_is_retried(compile_flow: Any, durable_runner: Any, service: actions.Service) -> None:
    service.fail_next("summarise", actions.RateLimited("slow down"))
    result = convert(compile_flow, durable_runner)
    assert json.loads(result.result)["summary"] == "A 12-page document (d1)."
    assert service.calls.count("summarise") == 2


def test_two_failed_branches_are_past_the_tolerance(compile_flow: Any, durable_runner: Any, service: actions.Service) -> None:
    service.fail_next("index_text", actions.IndexUnavailable("cluster down"))
    result = convert(compile_flow, durable_runner, with_thumbnailer=False)
    assert result.status.value == "FAILED"
    assert "publish" not in service.calls
