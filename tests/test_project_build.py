"""`dflow build`: a project's flows → a SAM application, keeping what people add to the template."""

from __future__ import annotations

import json
import os
import stat
import tomllib
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from dflow.cli import main as dflow
from dflow.compiler.target import SDK_REQUIREMENT, SDK_VERSION
from dflow.deploy.merge import plain

ROOT = Path(__file__).resolve().parents[1]
DURABLE_POLICY = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicDurableExecutionRolePolicy"
NO_CALLBACKS = """\
flow nightly
actions jobs

step report = make_report()
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    folder = tmp_path / "shop"
    assert dflow(["new", str(folder)]) == 0
    return folder


def build(project: Path, *options: str) -> int:
    return dflow(["build", "--project", str(project), *options])


def template(project: Path, folder: str = "build") -> dict[str, Any]:
    """The template as plain data; `!Ref X` reads as `{"!Ref": "X"}`."""
    loaded: dict[str, Any] = plain(YAML(typ="rt").load((project / folder / "template.yaml").read_text()))
    return loaded


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


def add_settings(project: Path, text: str) -> None:
    with (project / "pyproject.toml").open("a") as handle:
        handle.write("\n" + text)


def test_the_template_has_the_flows_function_with_its_code_runtime_timeout_memory_and_policies(project: Path) -> None:
    assert build(project) == 0
    function = template(project)["Resources"]["VendingFunction"]
    assert function["Type"] == "AWS::Serverless::Function"
    assert function["Properties"] == {
        "CodeUri": "code/",
        "Handler": "vending_handler.handler",
        "Runtime": "python3.14",
        "Description": "Sell one item from a vending slot, paid by card",
        "MemorySize": 512,
        "Timeout": 300,
        "AutoPublishAlias": "live",
        "DurableConfig": {"ExecutionTimeout": 86400, "RetentionPeriodInDays": 7},
        "Policies": [DURABLE_POLICY],
    }


def test_the_code_folder_holds_the_handler_the_actions_package_and_the_pinned_sdk(project: Path) -> None:
    assert build(project) == 0
    code = project / "build" / "code"
    files = sorted(path.relative_to(code).as_posix() for path in code.rglob("*") if path.is_file())
    assert files == ["requirements.txt", "vending/__init__.py", "vending/actions.py", "vending_handler.py"]
    assert SDK_REQUIREMENT in (code / "requirements.txt").read_text().splitlines()
    assert (code / "vending" / "actions.py").read_bytes() == (project / "src" / "vending" / "actions.py").read_bytes()


def test_the_pinned_sdk_is_the_one_dflow_is_tested_with() -> None:
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    for extra in ("run", "test"):
        assert f"aws-durable-execution-sdk-python=={SDK_VERSION}" in extras[extra]


def test_the_projects_own_dependencies_are_required_but_not_dflow(project: Path) -> None:
    edit(project / "pyproject.toml", "dependencies = []", 'dependencies = ["requests>=2.31", "dflow>=0.1"]')
    assert build(project) == 0
    lines = (project / "build" / "code" / "requirements.txt").read_text().splitlines()
    assert lines[1:] == [SDK_REQUIREMENT, "requests>=2.31"]


def test_caches_and_tests_inside_an_actions_package_are_not_deployed(project: Path) -> None:
    (project / "src" / "vending" / "__pycache__").mkdir()
    (project / "src" / "vending" / "__pycache__" / "actions.cpython-311.pyc").write_bytes(b"\0")
    (project / "src" / "vending" / "tests").mkdir()
    (project / "src" / "vending" / "tests" / "test_x.py").write_text("")
    assert build(project) == 0
    assert not list((project / "build" / "code").rglob("*.pyc"))
    assert not (project / "build" / "code" / "vending" / "tests").exists()


def test_a_flow_that_waits_for_callbacks_gets_an_endpoint_allowed_to_answer_only_its_own(project: Path) -> None:
    assert build(project) == 0
    resources = template(project)["Resources"]
    endpoint = resources["VendingCallbacksFunction"]["Properties"]
    assert endpoint["CodeUri"] == "callbacks/"
    assert endpoint["Handler"] == "dflow_callbacks.handler"
    (policy,) = endpoint["Policies"]
    assert policy == {"Statement": [{
        "Effect": "Allow",
        "Action": [
            "lambda:SendDurableExecutionCallbackSuccess",
            "lambda:SendDurableExecutionCallbackFailure",
            "lambda:SendDurableExecutionCallbackHeartbeat",
        ],
        "Resource": {"Fn::Sub": "${VendingFunction.Arn}:*"},
    }]}
    paths = sorted(event["Properties"]["Path"] for event in endpoint["Events"].values())
    assert paths == [f"/vending/callbacks/{{callback_id}}/{action}" for action in ("fail", "heartbeat", "succeed")]
    assert resources["CallbackApi"]["Properties"]["Auth"] == {"EnableIamAuthorizer": True, "DefaultAuthorizer": "AWS_IAM"}
    assert "CallbackApi" in template(project)["Outputs"]
    callbacks = project / "build" / "callbacks"
    assert (callbacks / "dflow_callbacks.py").read_text().startswith("# Generated by dflow")
    assert "boto3>=" in (callbacks / "requirements.txt").read_text()


def test_the_shared_secret_lives_in_secrets_manager_and_only_its_arn_in_the_configuration(project: Path) -> None:
    assert build(project, "--callback-auth", "secret") == 0
    document = template(project)
    assert "Parameters" not in document
    secret = document["Resources"]["CallbackSecret"]
    assert secret["Type"] == "AWS::SecretsManager::Secret"
    assert secret["Properties"]["GenerateSecretString"] == {"PasswordLength": 48, "ExcludePunctuation": True}
    properties = document["Resources"]["VendingCallbacksFunction"]["Properties"]
    assert properties["Environment"]["Variables"] == {
        "CALLBACK_AUTH": "secret", "CALLBACK_SECRET_ARN": {"Ref": "CallbackSecret"}}
    # It may read that one secret, and no other.
    assert {"AWSSecretsManagerGetSecretValuePolicy": {"SecretArn": {"Ref": "CallbackSecret"}}} in properties["Policies"]
    assert document["Outputs"]["CallbackSecret"]["Value"] == {"Ref": "CallbackSecret"}
    assert "Auth" not in document["Resources"]["CallbackApi"]["Properties"]


def test_flows_without_callbacks_get_no_endpoint(project: Path) -> None:
    (project / "flows" / "vending.flow").unlink()
    (project / "flows" / "vending.scenarios.yaml").unlink()
    (project / "flows" / "nightly.flow").write_text(NO_CALLBACKS)
    (project / "src" / "jobs.py").write_text("def make_report() -> dict:\n    return {}\n")
    assert build(project) == 0
    assert sorted(template(project)["Resources"]) == ["NightlyFunction"]
    assert not (project / "build" / "callbacks").exists()
    assert sorted(path.name for path in (project / "build" / "code").iterdir()) == ["jobs.py", "nightly_handler.py", "requirements.txt"]


def test_function_settings_become_policies_environment_layers_memory_and_timeout(project: Path) -> None:
    add_settings(project, """\
[tool.dflow.functions.vending]
policies = ["AmazonDynamoDBReadOnlyAccess", { DynamoDBCrudPolicy = { TableName = "orders" } }]
environment = { TABLE = "orders", STAGE = "prod" }
layers = ["arn:aws:lambda:eu-west-1:123456789012:layer:tools:3"]
memory = 1024
timeout = 120
""")
    assert build(project) == 0
    properties = template(project)["Resources"]["VendingFunction"]["Properties"]
    assert properties["Policies"] == [DURABLE_POLICY, "AmazonDynamoDBReadOnlyAccess", {"DynamoDBCrudPolicy": {"TableName": "orders"}}]
    assert properties["Environment"] == {"Variables": {"STAGE": "prod", "TABLE": "orders"}}
    assert properties["Layers"] == ["arn:aws:lambda:eu-west-1:123456789012:layer:tools:3"]
    assert (properties["MemorySize"], properties["Timeout"]) == (1024, 120)


def test_the_flows_own_memory_and_invocation_timeout_are_used(project: Path) -> None:
    edit(project / "flows" / "vending.flow", "retention 7 days", "retention 7 days\nmemory 256 MB\ninvocation timeout 30 seconds")
    assert build(project) == 0
    properties = template(project)["Resources"]["VendingFunction"]["Properties"]
    assert (properties["MemorySize"], properties["Timeout"]) == (256, 30)


def test_a_policy_variable_event_resource_and_comment_added_by_hand_survive_every_build(project: Path) -> None:
    assert build(project) == 0
    path = project / "build" / "template.yaml"
    edit(path, f"        - {DURABLE_POLICY}\n",
         f"        - {DURABLE_POLICY}\n        - DynamoDBCrudPolicy:   # the orders table\n            TableName: !Ref OrdersTable\n")
    edit(path, "      AutoPublishAlias: live\n", "      AutoPublishAlias: live\n      Environment:\n        Variables:\n          TABLE: !Ref OrdersTable\n"
         "      Events:\n        Nightly:\n          Type: Schedule\n          Properties:\n            Schedule: rate(1 day)\n")
    edit(path, "Outputs:\n", "  OrdersTable:\n    Type: AWS::Serverless::SimpleTable\nOutputs:\n")
    assert build(project) == 0
    edit(project / "flows" / "vending.flow", "timeout 1 day", "timeout 2 days")
    assert build(project) == 0

    text = path.read_text()
    assert "DynamoDBCrudPolicy:   # the orders table" in text
    assert "TableName: !Ref OrdersTable" in text
    properties = template(project)["Resources"]["VendingFunction"]["Properties"]
    assert properties["Policies"][0] == DURABLE_POLICY and len(properties["Policies"]) == 2
    assert properties["Environment"]["Variables"] == {"TABLE": {"!Ref": "OrdersTable"}}
    assert properties["Events"]["Nightly"]["Properties"]["Schedule"] == "rate(1 day)"
    assert properties["DurableConfig"]["ExecutionTimeout"] == 172800
    assert "OrdersTable" in template(project)["Resources"]
    assert text.count("Transform: AWS::Serverless-2016-10-31") == 1


def test_what_dflow_no_longer_writes_is_taken_out_and_what_people_added_stays(project: Path) -> None:
    add_settings(project, '[tool.dflow.functions.vending]\npolicies = ["AmazonS3ReadOnlyAccess"]\nlayers = ["arn:aws:lambda:eu-west-1:123456789012:layer:a:1"]\n')
    assert build(project) == 0
    edit(project / "build" / "template.yaml", "        - arn:aws:lambda:eu-west-1:123456789012:layer:a:1\n",
         "        - arn:aws:lambda:eu-west-1:123456789012:layer:a:1\n        - arn:aws:lambda:eu-west-1:123456789012:layer:mine:1\n")
    edit(project / "pyproject.toml", 'policies = ["AmazonS3ReadOnlyAccess"]\nlayers = ["arn:aws:lambda:eu-west-1:123456789012:layer:a:1"]\n', "memory = 256\n")
    assert build(project) == 0
    properties = template(project)["Resources"]["VendingFunction"]["Properties"]
    assert properties["Policies"] == [DURABLE_POLICY]
    assert properties["Layers"] == ["arn:aws:lambda:eu-west-1:123456789012:layer:mine:1"]


def test_a_removed_flows_resources_are_taken_out_of_the_template(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert build(project) == 0
    (project / "flows" / "vending.flow").rename(project / "flows" / "nightly.flow")
    (project / "flows" / "nightly.flow").write_text(NO_CALLBACKS)
    (project / "src" / "jobs.py").write_text("def make_report() -> dict:\n    return {}\n")
    assert build(project) == 0
    assert sorted(template(project)["Resources"]) == ["NightlyFunction"]
    assert sorted(template(project)["Outputs"]) == ["NightlyFunction"]
    assert "removed the resource VendingFunction" in capsys.readouterr().err


def test_a_hand_edit_of_a_key_dflow_owns_is_replaced_and_said(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert build(project) == 0
    edit(project / "build" / "template.yaml", "      MemorySize: 512", "      MemorySize: 2048")
    assert build(project) == 0
    assert template(project)["Resources"]["VendingFunction"]["Properties"]["MemorySize"] == 512
    err = capsys.readouterr().err
    assert "MemorySize was changed by hand to 2048" in err and "[tool.dflow.functions.NAME]" in err


def test_the_templates_description_and_transform_are_the_authors_after_the_first_build(project: Path) -> None:
    assert build(project) == 0
    edit(project / "build" / "template.yaml", "Description: Durable functions", "Description: Our shop. Durable functions")
    assert build(project) == 0
    assert template(project)["Description"].startswith("Our shop.")


def test_files_are_world_readable_whatever_the_umask(project: Path) -> None:
    previous = os.umask(0o077)
    try:
        assert build(project) == 0
    finally:
        os.umask(previous)
    for path in (project / "build").rglob("*"):
        mode = stat.S_IMODE(path.stat().st_mode)
        wanted = 0o755 if path.is_dir() else 0o444
        assert mode & wanted == wanted, f"{path}: {oct(mode)}"


def test_check_says_whether_the_build_folder_is_up_to_date(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert build(project, "--check") == 1
    assert not (project / "build").exists()
    assert build(project) == 0
    assert build(project, "--check") == 0
    (project / "src" / "vending" / "actions.py").write_text("# changed\n")
    assert build(project, "--check") == 1
    assert "out of date" in capsys.readouterr().err


def test_a_rebuild_with_nothing_changed_changes_nothing(project: Path) -> None:
    assert build(project) == 0
    before = {path: path.stat().st_mtime_ns for path in (project / "build").rglob("*") if path.is_file()}
    assert build(project) == 0
    assert {path: path.stat().st_mtime_ns for path in (project / "build").rglob("*") if path.is_file()} == before


def test_options_override_the_settings(project: Path, tmp_path: Path) -> None:
    assert build(project, "--runtime", "python3.13", "-o", str(tmp_path / "elsewhere")) == 0
    document = template(tmp_path, "elsewhere")
    assert document["Resources"]["VendingFunction"]["Properties"]["Runtime"] == "python3.13"
    assert not (project / "build").exists()


def test_settings_for_a_flow_that_does_not_exist_say_which_flows_do(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    add_settings(project, "[tool.dflow.functions.vendng]\nmemory = 1024\n")
    assert build(project) == 1
    err = capsys.readouterr().err
    assert "pyproject.toml:" in err and "DF704" in err and "did you mean `vending`?" in err and "^" in err
    assert not (project / "build").exists()


def test_memory_said_twice_is_refused(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(project / "flows" / "vending.flow", "retention 7 days", "retention 7 days\nmemory 256 MB")
    add_settings(project, "[tool.dflow.functions.vending]\nmemory = 1024\n")
    assert build(project) == 1
    assert "DF706" in capsys.readouterr().err


def test_a_reserved_environment_variable_is_refused(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    add_settings(project, '[tool.dflow.functions.vending]\nenvironment = { AWS_REGION = "eu-west-1" }\n')
    assert build(project) == 1
    assert "DF707" in capsys.readouterr().err


def test_an_actions_package_that_is_not_there_points_at_the_flows_actions_line(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "src" / "vending" / "actions.py").rename(project / "src" / "shop_actions.py")
    (project / "src" / "vending" / "__init__.py").unlink()
    (project / "src" / "vending").rmdir()
    assert build(project) == 1
    err = capsys.readouterr().err
    assert "vending.flow:6:1" in err and "DF705" in err and "`vending.actions`" in err
    assert not (project / "build").exists()


def test_a_flow_with_errors_stops_the_build_before_anything_is_written(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(project / "flows" / "vending.flow", "retry 3 times", "retry 3 timez")
    assert build(project) == 1
    assert "nothing was written" in capsys.readouterr().err
    assert not (project / "build").exists()


@pytest.mark.parametrize(
    ("old", "new", "code", "words"),
    [
        ('runtime = "python3.14"', 'runtme = "python3.13"', "DF702", "did you mean `runtime`?"),
        ("", "[tool.dflow.functions.vending]\nmemory = 99999\n", "DF703", "from 128 to 10240"),
        ("", "[tool.dflow.functions.vending]\nenvironment = { DEBUG = true }\n", "DF703", "must be a string"),
        ('auth = "iam"', 'auth = "open"', "DF703", '"iam" or "secret"'),
        ('runtime = "python3.14"', 'runtime = "node22"', "DF703", "python3.N"),
        ("", "[tool.dflow.functions.vending]\nmemory = \n", "DF701", "not valid TOML"),
    ],
)
def test_bad_settings_are_located_in_pyproject_with_what_was_expected(
    project: Path, capsys: pytest.CaptureFixture[str], old: str, new: str, code: str, words: str
) -> None:
    if old:
        edit(project / "pyproject.toml", old, new)
    else:
        add_settings(project, new)
    assert build(project) == 2
    err = capsys.readouterr().err
    assert f"error[{code}]" in err and words in err and "pyproject.toml:" in err and "^" in err
    assert "Traceback" not in err


def test_outside_a_project_build_says_how_to_start_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    assert dflow(["build"]) == 2
    assert "dflow new" in capsys.readouterr().err


def test_a_template_that_is_not_yaml_is_reported_and_kept(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "build").mkdir()
    (project / "build" / "template.yaml").write_text("Resources: [unclosed\n")
    assert build(project) == 1
    assert "not valid YAML" in capsys.readouterr().err
    assert (project / "build" / "template.yaml").read_text() == "Resources: [unclosed\n"


def test_a_template_that_is_not_utf8_is_reported_and_kept(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "build").mkdir()
    (project / "build" / "template.yaml").write_bytes(b"Resources: \xff\xfe\n")
    assert build(project) == 1
    err = capsys.readouterr().err
    assert "DF708" in err and "not UTF-8" in err and "internal error" not in err
    assert (project / "build" / "template.yaml").read_bytes() == b"Resources: \xff\xfe\n"


def test_the_state_of_the_last_build_is_kept_beside_the_template(project: Path) -> None:
    assert build(project) == 0
    state = json.loads((project / "build" / ".dflow-template.json").read_text())
    assert state["Resources"]["VendingFunction"]["Properties"]["Handler"] == "vending_handler.handler"
