from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'helpers/to_number.py.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    pass
    yield 'def to_number(value: str) -> int | float:\n    """`number(text)`: a whole number when the text is one, else a decimal."""\n    written = value.strip()\n    try:\n        return int(written)\n    except ValueError:\n        number = float(written)\n    if not math.isfinite(number):\n        raise ValueError(f"{value!r} is not a number")\n    return number\n'

blocks = {}
debug_info = ''