"""Stage 4: views → Python source text, through the jinja2 templates in `dflow/compiler/templates`."""

from __future__ import annotations

import functools

import jinja2

from dflow.compiler.views import ModuleView


@functools.cache
def environment() -> jinja2.Environment:
    """One template environment per process, loading the shipped compiled templates when current."""
    from dflow.compiler.templates.build import current_compiled_folder, make_environment

    folder = current_compiled_folder()
    if folder is not None:
        return make_environment(jinja2.ModuleLoader(str(folder)))
    return make_environment(jinja2.PackageLoader("dflow.compiler", "templates"))


def render_handler(module: ModuleView) -> str:
    """The handler module's source, before formatting."""
    return environment().get_template("handler.py.j2").render(module=module)
