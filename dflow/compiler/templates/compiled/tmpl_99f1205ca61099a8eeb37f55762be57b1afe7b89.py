from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'helpers/text.py.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    pass
    yield 'def text(value: Any) -> str:\n    """How a value reads inside a flow\'s string: text as it is, anything else as JSON."""\n    return value if isinstance(value, str) else json.dumps(value)\n'

blocks = {}
debug_info = ''