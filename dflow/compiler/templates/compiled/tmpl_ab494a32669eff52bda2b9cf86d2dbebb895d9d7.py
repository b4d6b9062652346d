from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'helpers/raise_first_failure.py.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    pass
    yield 'def raise_first_failure(batch: BatchResult[Any]) -> NoReturn:\n    """Fail with the error of the first failed item or branch, in input order.\n\n    The SDK records an item\'s failure as a ChildContextError around the error\n    that escaped it. Raising that error again as itself (a `fail` of the flow,\n    a StepError…) makes a failure inside `for each` or `parallel` end the\n    execution the way it would outside one.\n    """\n    failed = sorted(\n        (item for item in batch.all if item.status is BatchItemStatus.FAILED),\n        key=lambda item: item.index,\n    )\n    error = failed[0].error if failed else None\n    if error is None:\n        batch.throw_if_error()\n        raise ChildContextError("a batch item failed without an error")\n    rebuilt = own_failure(error.type, error.message, error.data, error.stack_trace)\n    if rebuilt is not None:\n        raise rebuilt\n    error.raise_as_operation_error(ChildContextError)\n'

blocks = {}
debug_info = ''