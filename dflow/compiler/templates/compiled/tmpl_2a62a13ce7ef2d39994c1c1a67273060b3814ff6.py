from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'helpers/moments.py.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    pass
    yield 'def parse_moment(timestamp: str) -> datetime:\n    """An ISO-8601 timestamp with a time zone, as an aware datetime."""\n    parsed = datetime.fromisoformat(timestamp)\n    if parsed.tzinfo is None:\n        raise ValueError(f"{timestamp!r} has no time zone")\n    return parsed\n\n\ndef moment_text(value: datetime) -> str:\n    """A moment as dflow writes every one: ISO-8601 in UTC, ending in Z."""\n    return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")\n\n\ndef shift(timestamp: str, seconds: float) -> str:\n    """`shift(timestamp, seconds)`: the moment that many seconds later (earlier if negative)."""\n    return moment_text(parse_moment(timestamp) + timedelta(seconds=seconds))\n\n\ndef seconds_between(earlier: str, later: str) -> int | float:\n    """`seconds_between(earlier, later)`: negative when `later` comes first."""\n    seconds = (parse_moment(later) - parse_moment(earlier)).total_seconds()\n    return int(seconds) if seconds.is_integer() else seconds\n'

blocks = {}
debug_info = ''