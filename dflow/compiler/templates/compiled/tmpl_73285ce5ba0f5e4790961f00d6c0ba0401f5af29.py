from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'helpers/own_failure.py.j2'

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
    yield ']\n}\n\n\ndef own_failure(\n    error_type: str | None, message: str | None, data: str | None, stack_trace: list[str] | None\n) -> Exception | None:\n    """A failure recorded as it left a child context (a group, a branch, an item), as itself.\n\n    The SDK records such a failure as ChildContextError and keeps the original\'s\n    type as text. Rebuilt, a `fail` of the flow, a failed step or an\n    ExpressionError inside ends the execution with its own type, as it would\n    outside. None when the type is neither the flow\'s nor one of the SDK\'s.\n    """\n    record = failure_record(data)\n    raised = record.get("raised") or error_type or ""\n    flow_error = FLOW_ERRORS.get(raised)\n    if flow_error is not None:\n        return flow_error(message)\n    if "raised" in record:\n        # A group\'s record: the undo calls stay behind, the action\'s error type goes on.\n        data = json.dumps({"error_type": record.get("error_type")})\n    rebuilt = DurableOperationError.from_error_fields(raised, message, data, stack_trace)\n    return None if type(rebuilt) is DurableOperationError else rebuilt\n\n\ndef failure_record(data: str | None) -> dict[str, Any]:\n    """What dflow keeps in a failure\'s data: the action\'s error type, a group\'s undo calls."""\n    try:\n        record = json.loads(data or "null")\n    except ValueError:\n        return {}\n    return record if isinstance(record, dict) else {}\n'

blocks = {}
debug_info = '4=19'