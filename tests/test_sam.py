"""The SAM snippet: DurableConfig from the header, with the ranges checked at compile time."""

from __future__ import annotations

import pytest
from ruamel.yaml import YAML

from dflow.compiler.pipeline import compile_text
from dflow.language.diagnostics import FlowError


def snippet(header: str) -> dict[str, object]:
    compiled = compile_text(f"flow order_fulfilment\n{header}\nreturn 1\n", "x.flow")
    data: dict[str, object] = YAML(typ="safe").load(compiled.sam_source)
    return data["OrderFulfilmentFunction"]["Properties"]  # type: ignore[index,no-any-return]


def test_defaults_are_one_day_and_fourteen_days_of_retention() -> None:
    properties = snippet("")
    assert properties["DurableConfig"] == {"ExecutionTimeout": 86400, "RetentionPeriodInDays": 14}
    assert properties["Handler"] == "order_fulfilment_handler.handler"
    assert properties["Runtime"] == "python3.14"
    assert properties["AutoPublishAlias"] == "live"
    assert properties["Policies"] == [
        "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicDurableExecutionRolePolicy"
    ]


def test_header_settings_reach_the_function() -> None:
    properties = snippet(
        'description "Ship it"\ntimeout 2 weeks\nretention 1 day\nruntime python3.13\n'
        "memory 512 MB\ninvocation timeout 5 minutes"
    )
    assert properties["DurableConfig"] == {"ExecutionTimeout": 1209600, "RetentionPeriodInDays": 1}
    assert properties["Description"] == "Ship it"
    assert (properties["Runtime"], properties["MemorySize"], properties["Timeout"]) == ("python3.13", 512, 300)


@pytest.mark.parametrize(
    "header",
    ["timeout 367 days", "timeout 0 seconds", "retention 91 days", "retention 0 days",
     "retention 36 hours", "invocation timeout 16 minutes", "memory 64 MB"],
)
def test_out_of_range_settings_are_compile_errors(header: str) -> None:
    with pytest.raises(FlowError):
        compile_text(f"flow f\n{header}\nreturn 1\n", "x.flow")
