from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'helpers/item_results.py.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_module = resolve('module')
    pass
    if environment.getattr((undefined(name='module') if l_0_module is missing else l_0_module), 'compensation'):
        pass
        yield 'def item_results(\n    batch: BatchResult[Any],\n    tolerate: int = 0,\n    compensations: list[Compensation] | None = None,\n    percent: int | None = None,\n    count: int | None = None,\n) -> list[Any]:\n    """Each item\'s result in input order, null for one that failed or never finished.\n\n    With `compensations`, items return {"result": …, "undo": […]} and their\n    undo calls join that list in input order. The SDK\'s batch result never\n    raises by itself: past the tolerated failures (a number, or `percent` of\n    the `count` items), the first failure is raised here so it fails the flow.\n    """\n    count = len(batch.all) if count is None else count\n    results: list[Any] = [None] * count\n    for item in batch.all:\n        if item.status is BatchItemStatus.SUCCEEDED:\n            results[item.index] = item.result\n    if compensations is not None:\n        for outcome in results:\n            compensations.extend(outcome["undo"] if outcome else [])\n        results = [outcome["result"] if outcome else None for outcome in results]\n    if too_many_failures(batch, tolerate, percent, count):\n        raise_first_failure(batch)\n    return results\n'
    else:
        pass
        yield 'def item_results(\n    batch: BatchResult[Any], tolerate: int = 0, percent: int | None = None, count: int | None = None\n) -> list[Any]:\n    """Each item\'s result in input order, null for one that failed or never finished.\n\n    The SDK\'s batch result never raises by itself: past the tolerated failures\n    (a number, or `percent` of the `count` items), the first failure is raised\n    here so it fails the flow.\n    """\n    count = len(batch.all) if count is None else count\n    if too_many_failures(batch, tolerate, percent, count):\n        raise_first_failure(batch)\n    results: list[Any] = [None] * count\n    for item in batch.all:\n        if item.status is BatchItemStatus.SUCCEEDED:\n            results[item.index] = item.result\n    return results\n'
    yield '\n\ndef too_many_failures(batch: BatchResult[Any], tolerate: int, percent: int | None, count: int) -> bool:\n    """More failures than `tolerate N failures`, or than `tolerate N% failures` allows."""\n    if percent is not None:\n        return batch.failure_count * 100 > percent * count\n    return batch.failure_count > tolerate\n'

blocks = {}
debug_info = '1=12'