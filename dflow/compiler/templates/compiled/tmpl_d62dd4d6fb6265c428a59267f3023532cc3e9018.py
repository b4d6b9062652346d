from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'helpers/attempt_undoing.py.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    pass
    yield 'def attempt_undoing(\n    ctx: DurableContext,\n    statements: Callable[[DurableContext], Any],\n    config: WithRetryConfig[Any],\n) -> Callable[[Any, int], Any]:\n    """One attempt of a retried group: an attempt that fails and will run again undoes its steps first."""\n\n    def attempt(_: Any, number: int) -> Any:\n        try:\n            return statements(ctx)\n        except DurableOperationError as error:\n            decide = config.retry_strategy\n            if decide is not None and decide(error, number).should_retry:\n                undo_completed_steps(ctx, carried_undo(error))\n            raise\n\n    return attempt\n'

blocks = {}
debug_info = ''