from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'helpers/retry_only_on.py.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    pass
    yield 'def retry_only_on(\n    error_names: set[str], strategy: Callable[[Exception, int], RetryDecision]\n) -> Callable[[Exception, int], RetryDecision]:\n    """Retry only errors whose class, or a base class, has one of these names."""\n\n    def decide(error: Exception, attempt: int) -> RetryDecision:\n        if any(cls.__name__ in error_names for cls in type(error).__mro__):\n            return strategy(error, attempt)\n        return RetryDecision.no_retry()\n\n    return decide\n'

blocks = {}
debug_info = ''