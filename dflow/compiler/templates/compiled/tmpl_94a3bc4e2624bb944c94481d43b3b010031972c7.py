from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'helpers/branch_results.py.j2'

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
        yield 'def branch_results(\n    batch: BatchResult[Any],\n    names: list[str],\n    tolerate: int = 0,\n    compensations: list[Compensation] | None = None,\n    percent: int | None = None,\n) -> dict[str, Any]:\n    """Each branch\'s result by branch name, null for a failed one (see item_results)."""\n    results = item_results(batch, tolerate, compensations, percent, count=len(names))\n    return dict(zip(names, results))\n'
    else:
        pass
        yield 'def branch_results(\n    batch: BatchResult[Any], names: list[str], tolerate: int = 0, percent: int | None = None\n) -> dict[str, Any]:\n    """Each branch\'s result by branch name, null for a failed one (see item_results)."""\n    return dict(zip(names, item_results(batch, tolerate, percent, count=len(names))))\n'

blocks = {}
debug_info = '1=12'