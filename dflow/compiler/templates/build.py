"""Compile the handler templates once and ship them: `python -m dflow.compiler.templates.build`.

Compiling the jinja2 templates cost every cold `dflow compile` about 25 ms,
more than parsing and lowering a flow together. The compiled modules are
saved in `compiled/` beside the templates, with a stamp of what they were
compiled from (the jinja2 version and every template's text). Rendering loads
them when the stamp matches and compiles the templates otherwise, so an edited
template is never ignored, and nothing is written at run time.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import jinja2

FOLDER = Path(__file__).resolve().parent
COMPILED = FOLDER / "compiled"
STAMP = "STAMP"


def make_environment(loader: jinja2.BaseLoader) -> jinja2.Environment:
    """The template settings, shared by rendering (`dflow.compiler.render`) and by this build."""
    return jinja2.Environment(
        loader=loader,
        undefined=jinja2.StrictUndefined,  # a misspelt variable fails loudly
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )


def template_sources(folder: Path = FOLDER) -> dict[str, str]:
    """Every template's text by its jinja2 name (`helpers/text.py.j2`)."""
    return {
        path.relative_to(folder).as_posix(): path.read_text("utf-8")
        for path in sorted(folder.rglob("*.j2"))
    }


def templates_stamp(sources: dict[str, str]) -> str:
    """What compiled templates depend on: the jinja2 version and every template's text."""
    digest = hashlib.sha256(f"jinja2 {jinja2.__version__}\n".encode())
    for name, text in sorted(sources.items()):
        digest.update(f"{name}\n{len(text)}\n{text}".encode())
    return digest.hexdigest()


def current_compiled_folder() -> Path | None:
    """The shipped compiled templates, or None when a template changed since they were built."""
    try:
        stamp = (COMPILED / STAMP).read_text("ascii").strip()
    except OSError:
        return None
    return COMPILED if stamp == templates_stamp(template_sources()) else None


def write_compiled(folder: Path = FOLDER) -> Path:
    target = folder / "compiled"
    shutil.rmtree(target, ignore_errors=True)
    environment = make_environment(jinja2.FileSystemLoader(str(folder)))
    environment.compile_templates(str(target), extensions=["j2"], zip=None, ignore_errors=False)
    (target / STAMP).write_text(templates_stamp(template_sources(folder)) + "\n", "ascii")
    return target


if __name__ == "__main__":
    print(f"wrote {write_compiled()}")
