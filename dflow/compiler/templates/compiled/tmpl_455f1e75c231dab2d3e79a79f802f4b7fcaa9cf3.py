from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'helpers/batch_outcomes.py.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    pass
    yield 'def failed_items(batch: BatchResult[Any], names: list[str] | None = None) -> list[Any]:\n    """`failed(NAME)`: the branch names, or item positions, that failed, in order."""\n    return items_with(batch, BatchItemStatus.FAILED, names)\n\n\ndef succeeded_items(batch: BatchResult[Any], names: list[str] | None = None) -> list[Any]:\n    """`succeeded(NAME)`: the branch names, or item positions, that succeeded, in order."""\n    return items_with(batch, BatchItemStatus.SUCCEEDED, names)\n\n\ndef items_with(\n    batch: BatchResult[Any], status: BatchItemStatus, names: list[str] | None\n) -> list[Any]:\n    positions = sorted(item.index for item in batch.all if item.status is status)\n    return [names[position] for position in positions] if names else positions\n\n\ndef item_errors(batch: BatchResult[Any], names: list[str] | None = None) -> dict[str, Any]:\n    """`errors(NAME)`: each failed branch name or item position (as text) → its type and message."""\n    errors: dict[str, Any] = {}\n    for item in sorted(batch.all, key=lambda item: item.index):\n        if item.status is BatchItemStatus.FAILED and item.error is not None:\n            key = names[item.index] if names else str(item.index)\n            errors[key] = failure_of(item.error.to_durable_operation_error())\n    return errors\n'

blocks = {}
debug_info = ''