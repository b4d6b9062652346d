from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'helpers/matches_pattern.py.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    pass
    yield 'def matches_pattern(value: str, pattern: str) -> bool:\n    """`matches(text, pattern)`: the whole text, `*` any run of characters, `?` one."""\n    parts = (".*" if char == "*" else "." if char == "?" else re.escape(char) for char in pattern)\n    return re.fullmatch("".join(parts), value, re.DOTALL) is not None\n'

blocks = {}
debug_info = ''