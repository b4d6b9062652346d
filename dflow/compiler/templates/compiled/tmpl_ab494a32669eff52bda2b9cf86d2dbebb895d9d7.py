from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'helpers/raise_first_failure.py.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_module = resolve('module')
    try:
        t_1 = environment.filters['join']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'join' found.")
    pass
    yield '# The flow\'s own errors by the type the SDK records for them (module and class).\nFLOW_ERRORS: dict[str, type[Exception]] = {\n    f"{error.__module__}.{error.__qualname__}": error\n    for error in ['
    yield str(t_1(context.eval_ctx, (['InvalidInput'] + environment.getattr((undefined(name='module') if l_0_module is missing else l_0_module), 'errors')), ', '))
    yield ']\n}\n\n\ndef raise_first_failure(batch: BatchResult[Any]) -> NoReturn:\n    """Fail with the error of the first failed item or branch, in input order.\n\n    The SDK records an item\'s failure as a ChildContextError around the error\n    that escaped it. Raising that error again as itself (a `fail` of the flow,\n    a StepError…) makes a failure inside `for each` or `parallel` end the\n    execution the way it would outside one.\n    """\n    failed = sorted(\n        (item for item in batch.all if item.status is BatchItemStatus.FAILED),\n        key=lambda item: item.index,\n    )\n    error = failed[0].error if failed else None\n    if error is None:\n        batch.throw_if_error()\n        raise ChildContextError("a batch item failed without an error")\n    flow_error = FLOW_ERRORS.get(error.type or "")\n    if flow_error is not None:\n        raise flow_error(error.message)\n    recorded = DurableOperationError.from_error_fields(\n        error.type, error.message, error.data, error.stack_trace\n    )\n    if type(recorded) is not DurableOperationError:\n        raise recorded\n    error.raise_as_operation_error(ChildContextError)\n'

blocks = {}
debug_info = '4=19'