from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'helpers/failure_as_raised.py.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    pass
    yield 'def failure_as_raised(error: Exception) -> Exception:\n    """An operation\'s failure as the flow\'s statement raised it.\n\n    A group\'s failure is recorded as ChildContextError around what its\n    statements raised; a poll\'s ExpressionError as WaitForConditionError around\n    it. Either is given back as itself (see `own_failure`), so the execution\n    fails with the type the flow names; any other failure stays as it is.\n    """\n    if not isinstance(error, DurableOperationError):\n        return error\n    if not isinstance(error, ChildContextError) and error.error_type not in FLOW_ERRORS:\n        return error\n    return own_failure(error.error_type, error.message, error.data, error.stack_trace) or error\n'

blocks = {}
debug_info = ''