from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'helpers/pick.py.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    pass
    yield 'def pick(mapping: dict[str, Any], *keys: str) -> dict[str, Any]:\n    """`pick(map, "key", …)`: only these keys, those the map has, in the map\'s order."""\n    return {key: value for key, value in mapping.items() if key in keys}\n'

blocks = {}
debug_info = ''