"""Stage 4: views → Python source text, through the jinja2 templates in `dflow/templates`."""

from __future__ import annotations

import functools

import jinja2

from dflow.compiler.views import ModuleView


@functools.cache
def environment() -> jinja2.Environment:
    """One template environment per process; a misspelt variable fails loudly."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("dflow", "templates"),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )


def render_handler(module: ModuleView) -> str:
    """The handler module's source, before formatting."""
    return environment().get_template("handler.py.j2").render(module=module)
