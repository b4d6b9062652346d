from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'helpers/wait_seconds.py.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    pass
    yield '# The longest wait the service takes: 366 days, in seconds.\nMAX_WAIT_SECONDS = 31_622_400\n\n\ndef wait_seconds(amount: Any, unit_seconds: int, written: str) -> int:\n    """The seconds of a wait computed at run time; 0 waits the shortest wait, 1 second.\n\n    Anything but a whole number of at least 0 (infinity included), or a wait\n    longer than the service takes, is InvalidDuration: a failure of the flow,\n    which runs its undo calls, instead of a wait that never comes back.\n    """\n    whole = (\n        isinstance(amount, (int, float))\n        and not isinstance(amount, bool)\n        and math.isfinite(amount)\n        and amount == int(amount)\n    )\n    if not whole or amount < 0:\n        raise InvalidDuration(f"{written}: {json.dumps(amount)} is not a whole number of at least 0")\n    seconds = max(1, int(amount) * unit_seconds)\n    if seconds > MAX_WAIT_SECONDS:\n        raise InvalidDuration(\n            f"{written}: {json.dumps(amount)} is longer than the longest wait, 366 days"\n        )\n    return seconds\n'

blocks = {}
debug_info = ''