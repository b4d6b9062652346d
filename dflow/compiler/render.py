"""Stage 4: views → Python source text, through the jinja2 templates in `dflow/templates`."""

from __future__ import annotations

import functools

import jinja2

from dflow.compiler.views import ModuleView


def make_environment(loader: jinja2.BaseLoader) -> jinja2.Environment:
    """The template settings, shared by rendering and by `dflow.templates.build`."""
    return jinja2.Environment(
        loader=loader,
        undefined=jinja2.StrictUndefined,  # a misspelt variable fails loudly
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )


@functools.cache
def environment() -> jinja2.Environment:
    """One template environment per process, loading the shipped compiled templates when current."""
    from dflow.templates.build import current_compiled_folder

    folder = current_compiled_folder()
    if folder is not None:
        return make_environment(jinja2.ModuleLoader(str(folder)))
    return make_environment(jinja2.PackageLoader("dflow", "templates"))


def render_handler(module: ModuleView) -> str:
    """The handler module's source, before formatting."""
    return environment().get_template("handler.py.j2").render(module=module)
