from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'helpers/dig.py.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    pass
    yield 'def dig(value: Any, *keys: Any) -> Any:\n    """`default(a.b.c, …)`: the value at the path, null where a key or a position is missing."""\n    for key in keys:\n        if value is None:\n            return None\n        if isinstance(value, dict) and key not in value:\n            return None\n        if isinstance(value, list) and isinstance(key, int) and not -len(value) <= key < len(value):\n            return None\n        value = value[key]\n    return value\n'

blocks = {}
debug_info = ''