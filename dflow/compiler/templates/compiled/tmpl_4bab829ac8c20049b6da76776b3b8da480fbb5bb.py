from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'helpers/chunks.py.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    pass
    yield 'def chunks(items: list[Any], size: int) -> list[list[Any]]:\n    """`chunks(list, size)`: the list in pieces of `size` items, the last maybe shorter."""\n    if size < 1:\n        raise ValueError(f"a chunk has at least 1 item, not {size}")\n    return [items[start : start + size] for start in range(0, len(items), size)]\n'

blocks = {}
debug_info = ''