from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'helpers/completing_after.py.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    pass
    yield 'def completing_after(config: MapConfig[Any], successes: int, items: int) -> MapConfig[Any]:\n    """`complete after N successes` over fewer than N items: complete when every item is done.\n\n    The SDK refuses to wait for more successes than there are items; the flow\n    means "stop early once N succeeded", which fewer items can never reach.\n    """\n    completion = config.completion_config\n    if items >= successes or completion is None:\n        return config\n    return dataclasses.replace(\n        config, completion_config=dataclasses.replace(completion, min_successful=None)\n    )\n'

blocks = {}
debug_info = ''