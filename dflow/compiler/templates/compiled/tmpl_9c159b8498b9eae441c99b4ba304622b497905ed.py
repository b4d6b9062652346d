from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'helpers/undo_completed_steps.py.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_module = resolve('module')
    pass
    yield 'def undo_completed_steps(context: DurableContext, compensations: list[Compensation]) -> None:\n    """Run the recorded undo calls newest first, each as its own step.\n\n    An undo call that fails, in any way, is logged and the others still run:\n    the flow then fails with its original error.\n    """\n    for name, action, arguments in reversed(compensations):\n        try:\n            context.step(\n                lambda _: call_action(UNDO_ACTIONS[action], **arguments),\n                name=name,\n                config='
    yield str(environment.getattr((undefined(name='module') if l_0_module is missing else l_0_module), 'undo_config'))
    yield ',\n            )\n        except UnrecoverableError:\n            raise\n        except Exception:\n            context.logger.exception("Compensation %s failed", name)\n'

blocks = {}
debug_info = '12=13'