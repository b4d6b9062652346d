from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'helpers/execution_started_at.py.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    pass
    yield 'def execution_started_at(context: DurableContext) -> str:\n    """When the execution started, as the service recorded it: the same on every replay.\n\n    It is read from the execution\'s own record, so reading it adds no operation\n    and moves no other operation\'s place in the history. Should the service not\n    have sent that record, the invocation is tried again, as for any other lost\n    invocation.\n    """\n    execution = context.state.get_execution_operation()\n    if execution is None or execution.start_timestamp is None:\n        raise InvocationError(\n            "the service did not send when the execution started",\n            TerminationReason.INVOCATION_ERROR,\n        )\n    return moment_text(execution.start_timestamp)\n'

blocks = {}
debug_info = ''