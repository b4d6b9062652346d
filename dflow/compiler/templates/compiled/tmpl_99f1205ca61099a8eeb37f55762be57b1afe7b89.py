from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'helpers/text.py.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    pass
    yield 'def text(value: Any) -> str:\n    """A value as text: text as it is, anything else as JSON, non-ASCII characters kept."""\n    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)\n'

blocks = {}
debug_info = ''