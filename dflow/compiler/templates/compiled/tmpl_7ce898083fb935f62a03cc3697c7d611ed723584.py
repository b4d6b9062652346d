from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'helpers/is_timestamp.py.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    pass
    yield 'def is_timestamp(value: str) -> bool:\n    """An ISO-8601 date and time with a time zone, such as `2026-12-01T18:25:03Z`."""\n    try:\n        return datetime.fromisoformat(value).tzinfo is not None\n    except ValueError:\n        return False\n'

blocks = {}
debug_info = ''