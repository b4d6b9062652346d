from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'helpers/unique.py.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    pass
    yield 'def unique(items: list[Any]) -> list[Any]:\n    """`unique(list)`: each value once, at its first place; maps and lists compare by value."""\n    kept: list[Any] = []\n    for item in items:\n        if item not in kept:\n            kept.append(item)\n    return kept\n'

blocks = {}
debug_info = ''