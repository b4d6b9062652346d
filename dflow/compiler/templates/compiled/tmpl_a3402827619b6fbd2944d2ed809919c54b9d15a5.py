from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'helpers/retry_by_error.py.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    pass
    yield 'def retry_by_error(\n    lines: list[tuple[set[str] | None, Callable[[Exception, int], RetryDecision]]],\n) -> Callable[[Exception, int], RetryDecision]:\n    """A statement\'s `retry` lines: the first whose `on` names the error decides.\n\n    A line without `on` takes any error. The attempt number counts every\n    attempt of the operation, whichever line allowed the earlier ones. The\n    SDK\'s own signals (a lost invocation, a replay mismatch) are never retried:\n    they pass untouched, and the service replays the execution. An\n    ExpressionError would fail the same way again: it is never retried either.\n    """\n\n    def decide(error: Exception, attempt: int) -> RetryDecision:\n        if isinstance(error, UnrecoverableError):\n            return RetryDecision.no_retry()\n        names = set(failure_names(error))\n        if "ExpressionError" in names:\n            return RetryDecision.no_retry()\n        for errors, strategy in lines:\n            if errors is None or errors & names:\n                return strategy(error, attempt)\n        return RetryDecision.no_retry()\n\n    return decide\n'

blocks = {}
debug_info = ''