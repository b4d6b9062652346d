from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'helpers/seconds_until.py.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    pass
    yield 'def seconds_until(timestamp: Any) -> int:\n    """Whole seconds from now until an ISO-8601 timestamp; at least 1, the shortest wait."""\n    moment = datetime.fromisoformat(str(timestamp))\n    if moment.tzinfo is None:\n        raise ValueError(f"the timestamp {timestamp!r} has no time zone")\n    remaining = (moment - datetime.now(timezone.utc)).total_seconds()\n    return max(1, math.ceil(remaining))\n'

blocks = {}
debug_info = ''