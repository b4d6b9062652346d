from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'helpers/callback_value.py.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    pass
    yield 'def callback_value(payload: str | None) -> Any:\n    """A callback\'s payload: JSON becomes data, any other text stays a string.\n\n    `NaN` and `Infinity` are not JSON, though Python\'s reader takes them: they\n    stay text too, so every value the flow holds can be written back as JSON.\n    """\n    if payload is None:\n        return None\n    try:\n        return json.loads(payload, parse_constant=not_json)\n    except ValueError:\n        return payload\n\n\ndef not_json(constant: str) -> Any:\n    raise ValueError(f"{constant} is not JSON")\n'

blocks = {}
debug_info = ''