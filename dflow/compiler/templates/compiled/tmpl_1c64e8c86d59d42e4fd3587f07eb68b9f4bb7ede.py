from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'helpers/flatten.py.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    pass
    yield 'def flatten(lists: list[Any]) -> list[Any]:\n    """`flatten(list)`: the items of each inner list, in order; other items as they are."""\n    flat: list[Any] = []\n    for item in lists:\n        flat.extend(item if isinstance(item, list) else [item])\n    return flat\n'

blocks = {}
debug_info = ''