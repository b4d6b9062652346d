from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'helpers/carry_undo.py.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    pass
    yield 'def carry_undo(\n    error: Exception, compensations: list[Any], values: dict[str, Any] | None = None\n) -> DurableOperationError:\n    """A group\'s failure, carrying the undo calls of the steps it completed.\n\n    They run after the group\'s `finally`, with the flow\'s own, newest first\n    (or before the `on failure` block that handles the failure). The SDK keeps\n    a failure\'s data across the group\'s child context and its replays, so the\n    calls travel there, beside the failure\'s own type, with the values the\n    group gave names set before it.\n    """\n    raised = f"{type(error).__module__}.{type(error).__qualname__}"\n    error_type, message = raised, str(error)\n    if isinstance(error, DurableOperationError):\n        # A failed step\'s error type is its action\'s, possibly kept in its data already.\n        error_type = failure_record(error.data).get("error_type") or error.error_type\n        message = error.message or ""\n    record = {"error_type": error_type, "raised": raised, "undo": compensations, "set": values or {}}\n    return DurableOperationError(message, data=json.dumps(record))\n\n\ndef carried_undo(error: Exception) -> list[Any]:\n    """The undo calls a failed group\'s record carries (none for any other failure)."""\n    if not isinstance(error, DurableOperationError):\n        return []\n    return [tuple(call) for call in failure_record(error.data).get("undo", [])]\n\n\ndef carried_value(error: Exception, name: str, before: Any) -> Any:\n    """The value a failed group gave a name set before it (as it was, if the group did not)."""\n    if not isinstance(error, DurableOperationError):\n        return before\n    return failure_record(error.data).get("set", {}).get(name, before)\n'

blocks = {}
debug_info = ''