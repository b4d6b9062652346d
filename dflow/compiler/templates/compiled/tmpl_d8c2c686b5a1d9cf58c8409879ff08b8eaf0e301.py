from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'helpers/omit.py.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    pass
    yield 'def omit(mapping: dict[str, Any], *keys: str) -> dict[str, Any]:\n    """`omit(map, "key", …)`: every key but these, in the map\'s order."""\n    return {key: value for key, value in mapping.items() if key not in keys}\n'

blocks = {}
debug_info = ''