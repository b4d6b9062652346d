from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'helpers/wait_seconds.py.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    pass
    yield 'def wait_seconds(amount: Any, unit_seconds: int, written: str) -> int:\n    """The seconds of a wait computed at run time; 0 waits the shortest wait, 1 second."""\n    whole = isinstance(amount, (int, float)) and not isinstance(amount, bool) and amount == int(amount)\n    if not whole or amount < 0:\n        raise InvalidDuration(f"{written}: {json.dumps(amount)} is not a whole number of at least 0")\n    return max(1, int(amount) * unit_seconds)\n'

blocks = {}
debug_info = ''