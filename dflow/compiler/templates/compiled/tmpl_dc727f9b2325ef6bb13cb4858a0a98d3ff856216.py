from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'helpers/default_of.py.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    pass
    yield 'def default_of(value: Any, fallback: Callable[[], Any]) -> Any:\n    """`default(value, fallback)` of the flow: the fallback only when the value is null."""\n    return fallback() if value is None else value\n'

blocks = {}
debug_info = ''