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
        yield 'def item_results(\n    batch: BatchResult[Any], tolerate: int, compensations: list[Compensation] | None = None\n) -> list[Any]:\n    """Each item\'s result in input order, null for a failed one.\n\n    With `compensations`, items return {"result": …, "undo": […]} and their\n    undo calls join that list in input order. The SDK\'s batch result never\n    raises by itself: past the tolerated number of failures, the first failure\n    is raised here so it fails the flow.\n    """\n    ordered = sorted(batch.all, key=lambda item: item.index)\n    results = [item.result if item.status is BatchItemStatus.SUCCEEDED else None for item in ordered]\n    if compensations is not None:\n        for outcome in results:\n            compensations.extend(outcome["undo"] if outcome else [])\n        results = [outcome["result"] if outcome else None for outcome in results]\n    if batch.failure_count > tolerate:\n        raise_first_failure(batch)\n    return results\n'
    else:
        pass
        yield 'def item_results(batch: BatchResult[Any], tolerate: int) -> list[Any]:\n    """Each item\'s result in input order, null for a failed one.\n\n    The SDK\'s batch result never raises by itself: past the tolerated number\n    of failures, the first failure is raised here so it fails the flow.\n    """\n    if batch.failure_count > tolerate:\n        raise_first_failure(batch)\n    ordered = sorted(batch.all, key=lambda item: item.index)\n    return [item.result if item.status is BatchItemStatus.SUCCEEDED else None for item in ordered]\n'

blocks = {}
debug_info = '1=12'