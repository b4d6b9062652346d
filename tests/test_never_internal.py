"""Inputs that once ended in "internal error" (exit 3): each must be a located error, or work.

The cases come from a fuzzing and security review of dflow; every command is
run through `dflow.cli.main`, as a build would run it.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import stat
from pathlib import Path

import pytest

from dflow.cli import main
from dflow.language.diagnostics import FlowError
from dflow.language.reading import read_flow

VENDING = Path(__file__).resolve().parents[1] / "examples" / "vending" / "vending.flow"


def dflow(*args: str) -> tuple[int, str]:
    """Exit code and everything printed."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue() + err.getvalue()


def write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def nested_ifs(depth: int) -> str:
    return "flow deep\n" + "".join("  " * i + "if true\n" for i in range(depth)) + "  " * depth + 'log "x"\n'


def nested_failures(depth: int) -> str:
    lines = "".join("  " * (2 * i) + f"step s{i} = f()\n" + "  " * (2 * i + 1) + "on failure\n" for i in range(depth))
    return "flow handlers\nactions a\nstep first = f()\n  undo g()\n" + lines + "  " * (2 * depth) + 'log "x"\n'


BAD_FLOWS = {
    "empty.flow": ("", "DF025"),
    "blank.flow": ("  \n\n   \n", "DF025"),
    "comments.flow": ("# nothing but a comment\n", "DF025"),
    "deep_ifs.flow": (nested_ifs(85), "DF026"),
    "digits.flow": ("flow n\nset x = " + "9" * 5000 + "\nreturn x\n", "DF029"),
    "huge_decimal.flow": ("flow n\nset x = " + "9" * 400 + ".5\nreturn x\n", "DF029"),
    "long_name.flow": ("flow " + "a" * 250 + "\nlog \"x\"\n", "DF222"),
    "handlers.flow": (nested_failures(11), "DF031"),
    "long_sum.flow": ("flow s\nset x = " + " + ".join(["1"] * 400) + "\nreturn x\n", "DF028"),
    "deep_lists.flow": ("flow s\nset x = " + "[" * 300 + "]" * 300 + "\nreturn x\n", "DF028"),
    "deep_template.flow": ('flow s\nset x = "{' + "[" * 300 + "]" * 300 + '}"\nreturn x\n', "DF028"),
    "control.flow.yaml": ("flow: y\nsteps:\n  - log: \"a\x00b\"\n", "DF608"),
    "control_1.flow.yaml": ("flow: y\nsteps:\n  - log: \"a\x01b\"\n", "DF608"),
    "deep.flow.yaml": ("flow: y\nsteps:\n  - log: " + "[" * 300 + "]" * 300 + "\n", "DF610"),
    "bomb.flow.yaml": ("a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                       "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
                       "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nflow: y\n", "DF609"),
    "self_alias.flow.yaml": ("flow: &a y\nsteps: *a\n", "DF609"),
    "recursive.flow.yaml": ("flow: y\nsteps: &s\n  - if: true\n    then: *s\n", "DF609"),
}


@pytest.mark.parametrize("name", sorted(BAD_FLOWS))
def test_a_hostile_flow_gets_a_located_error_not_an_internal_one(name: str, tmp_path: Path) -> None:
    text, code = BAD_FLOWS[name]
    flow = write(tmp_path, name, text)
    for command in (["check", str(flow)], ["compile", str(flow), "-o", str(tmp_path / "out")]):
        status, printed = dflow(*command)
        assert status == 1, printed
        assert "internal error" not in printed and "Traceback" not in printed
        assert f"error[{code}]" in printed, printed
        assert f"{name}:" in printed  # located: file:line:column
    assert not (tmp_path / "out").exists()


def test_the_deepest_flows_within_the_limits_compile_to_python_that_compiles(tmp_path: Path) -> None:
    from dflow.compiler.pipeline import compile_text

    for text in (nested_ifs(40), nested_failures(8),
                 "flow s\nset x = " + "(" * 400 + "1" + ")" * 400 + "\nreturn x\n",
                 "flow s\nset x = " + "[" * 150 + "]" * 150 + "\nreturn x\n",
                 "flow s\nset x = default(" * 1 + "default(" * 30 + "null" + ", 1)" * 31 + "\nreturn x\n",
                 "flow n\nset x = " + "9" * 4300 + "\nreturn x\n"):
        source = compile_text(text, "limits.flow").handler_source
        compile(source, "handler.py", "exec")


def test_nested_defaults_compile_in_linear_size() -> None:
    from dflow.compiler.pipeline import compile_text

    def size(depth: int) -> int:
        text = "flow s\ninput\n  a: any\nset x = " + "default(" * depth + "input.a" + ", 1)" * depth + "\nreturn x\n"
        return len(compile_text(text, "d.flow").handler_source)

    assert size(40) < 5 * size(20)  # it doubled with each level before


# ---------------------------------------------------------------- lines


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85", "\x0c", "\x1c", "\x0b"])
def test_line_breaking_characters_inside_strings_keep_line_numbers(separator: str, tmp_path: Path) -> None:
    flow = write(tmp_path, "lines.flow", f'flow lines\nlog "a{separator}b"\nlog "c{separator}d"\nset x = 1 +\n')
    status, printed = dflow("check", str(flow))
    assert status == 1 and "lines.flow:4:12:" in printed, printed


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
def test_the_yaml_form_keeps_line_breaking_characters_and_line_numbers(separator: str, tmp_path: Path) -> None:
    from dflow.language.yamlform.load import load_flow

    flow = load_flow(f'flow: y\nsteps:\n  - log: "a{separator}b"\n  - return: \'"c{separator}d"\'\n')
    log, ret = flow.body.statements
    assert log.message.value == f"a{separator}b"  # type: ignore[union-attr]
    assert ret.value.value == f"c{separator}d"  # type: ignore[union-attr]
    bad = write(tmp_path, "y.flow.yaml", f'flow: y\nsteps:\n  - log: "a{separator}b"\n  - set: x\n')
    status, printed = dflow("check", str(bad))
    assert status == 1 and "y.flow.yaml:4:" in printed, printed


def test_a_control_character_in_a_flow_line_is_printed_as_a_question_mark(tmp_path: Path) -> None:
    flow = write(tmp_path, "ansi.flow", 'flow ansi\nlog "\x1b[31mred"\nset x = 1 +\nlog "\x1b[2J" +\n')
    _, printed = dflow("check", str(flow))
    assert "\x1b" not in printed


# ---------------------------------------------------------------- --sam-template


SAM_TEMPLATES = {
    "malformed.yaml": ("Resources: [\n", "DF503"),
    "list.yaml": ("- Resources\n- more\n", "DF503"),
    "scalar_resources.yaml": ("Resources: 3\n", "DF503"),
    "scalar_resource.yaml": ("Resources:\n  VendingFunction: 3\n", "DF503"),
    "list_properties.yaml": ("Resources:\n  VendingFunction:\n    Type: X\n    Properties: [1]\n", "DF503"),
    "not_utf8.yaml": (b"Resources:\n  Bucket: \xff\xfe\n", "not UTF-8"),
}


@pytest.mark.parametrize("name", sorted(SAM_TEMPLATES))
def test_a_sam_template_dflow_cannot_update_is_an_error_and_is_left_alone(name: str, tmp_path: Path) -> None:
    text, expected = SAM_TEMPLATES[name]
    template = write(tmp_path, name, text)
    before = template.read_bytes()
    status, printed = dflow("compile", str(VENDING), "-o", str(tmp_path / "out"), "--sam-template", str(template))
    assert status == 1, printed
    assert expected in printed and "internal error" not in printed
    assert template.read_bytes() == before
    assert not (tmp_path / "out").exists()


def test_a_python_object_tag_in_a_sam_template_is_kept_as_text_and_never_run(tmp_path: Path) -> None:
    template = write(tmp_path, "template.yaml",
                     "Resources:\n  Odd: !!python/object/apply:os.system ['touch pwned']\n")
    status, printed = dflow("compile", str(VENDING), "-o", str(tmp_path / "out"), "--sam-template", str(template))
    assert status == 0, printed
    assert not Path("pwned").exists() and not (tmp_path / "pwned").exists()
    assert "!!python/object/apply:os.system" in template.read_text() and "VendingFunction" in template.read_text()


# ---------------------------------------------------------------- the build cache


def compile_vending(output: Path) -> tuple[int, str]:
    return dflow("compile", str(VENDING), "-o", str(output))


@pytest.mark.parametrize("cache", ["[]", "{}", '{"versions": 1}', '{"flows": []}', "null", '"text"'])
def test_a_cache_that_is_not_dflows_means_compile_again(cache: str, tmp_path: Path) -> None:
    output = tmp_path / "build"
    compile_vending(output)
    (output / ".dflow-cache.json").write_text(cache)
    status, printed = compile_vending(output)
    assert status == 0 and "compiled 1 flow" in printed, printed


def test_a_cache_saying_unchanged_for_a_deleted_handler_is_not_believed(tmp_path: Path) -> None:
    output = tmp_path / "build"
    compile_vending(output)
    cache_file = output / ".dflow-cache.json"
    cache = json.loads(cache_file.read_text())
    for entry in cache["flows"].values():
        entry["outputs"] = {}  # crafted: no outputs to check
    cache_file.write_text(json.dumps(cache))
    (output / "vending_handler.py").unlink()
    status, printed = compile_vending(output)
    assert status == 0 and "compiled 1 flow" in printed, printed
    assert (output / "vending_handler.py").exists()


def test_a_cache_entry_with_missing_keys_means_compile_again(tmp_path: Path) -> None:
    output = tmp_path / "build"
    compile_vending(output)
    cache_file = output / ".dflow-cache.json"
    cache = json.loads(cache_file.read_text())
    for key in cache["flows"]:
        cache["flows"][key] = {"input": cache["flows"][key]["input"]}
    cache_file.write_text(json.dumps(cache))
    status, printed = compile_vending(output)
    assert status == 0 and "compiled 1 flow" in printed, printed


# ---------------------------------------------------------------- files on disk


def test_new_output_files_get_the_mode_the_umask_gives(tmp_path: Path) -> None:
    previous = os.umask(0o022)
    try:
        compile_vending(tmp_path / "build")
    finally:
        os.umask(previous)
    for name in ("vending_handler.py", "vending.sam.yaml"):
        assert stat.S_IMODE((tmp_path / "build" / name).stat().st_mode) == 0o644


def test_an_existing_file_keeps_its_mode_when_rewritten(tmp_path: Path) -> None:
    template = write(tmp_path, "template.yaml", "Resources: {}\n")
    template.chmod(0o664)
    output = tmp_path / "build"
    compile_vending(output)
    handler = output / "vending_handler.py"
    handler.write_text(handler.read_text() + "# stale\n")
    handler.chmod(0o640)
    status, printed = dflow("compile", str(VENDING), "-o", str(output), "--sam-template", str(template))
    assert status == 0, printed
    assert stat.S_IMODE(template.stat().st_mode) == 0o664
    assert stat.S_IMODE(handler.stat().st_mode) == 0o640
    assert "# stale" not in handler.read_text()


def test_a_full_disk_says_so_exits_1_and_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    output = tmp_path / "build"
    compile_vending(output)
    handler = output / "vending_handler.py"
    handler.write_text(handler.read_text() + "# old\n")
    old = handler.read_text()

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    status, printed = dflow("compile", str(VENDING), "-o", str(output), "--no-cache")
    assert status == 1 and "No space left on device" in printed and "internal error" not in printed
    assert handler.read_text() == old
    assert [p.name for p in output.iterdir() if p.name.startswith(".vending")] == []


COMMANDS = {
    "check": ["check"],
    "compile": ["compile", "-o", "OUT"],
    "fmt": ["fmt", "--check"],
    "convert": ["convert", "--to", "yaml"],
    "graph": ["graph"],
    "docs": ["docs"],
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("content", [b"", b"\xff\xfe\x00flow", b"flow x\n\x00\n", "flow é\n".encode()])
def test_every_command_answers_an_unreadable_or_empty_flow_without_an_internal_error(
    command: str, content: bytes, tmp_path: Path
) -> None:
    flow = write(tmp_path, "odd.flow", content)
    words = [str(tmp_path / "out") if word == "OUT" else word for word in COMMANDS[command]]
    status, printed = dflow(words[0], str(flow), *words[1:])
    assert status == 1, printed
    assert "internal error" not in printed and "Traceback" not in printed


@pytest.mark.parametrize("statement", ["group: g\n    steps: []\n    colour: red", "repeat: {until: x}\n    max: 1\n    steps: []\n    colour: red"])
def test_an_unknown_key_on_a_version_2_statement_is_a_diagnostic(statement: str) -> None:
    # Found by tests/fuzz.py: the YAML shape check did not know the new statements.
    with pytest.raises(FlowError) as error:
        read_flow(f"flow: f\nsteps:\n  - {statement}\n", "f.flow.yaml")
    assert error.value.diagnostics[0].code == "DF603"


def test_a_yaml_wait_without_a_value_is_a_diagnostic() -> None:
    # Found by tests/fuzz.py: `wait:` left empty reached the compiler.
    with pytest.raises(FlowError) as error:
        read_flow("flow: f\nsteps:\n  - wait:\n", "f.flow.yaml")
    assert error.value.diagnostics[0].code == "DF606"
