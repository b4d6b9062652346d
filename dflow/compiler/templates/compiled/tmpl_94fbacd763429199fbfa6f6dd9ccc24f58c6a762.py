from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'helpers/group_is_over.py.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    pass
    yield 'def group_is_over() -> bool:\n    """Whether a group\'s `finally` runs: called in a `finally:` clause, it asks why.\n\n    The group succeeded, failed or ended the flow: yes. The execution only\n    suspends (for a wait, a callback or a retry), or the SDK signals a replay\n    problem: no, and the `finally` runs once the group is really over.\n    """\n    ending = sys.exc_info()[1]\n    if ending is None:\n        return True\n    return isinstance(ending, Exception) and not isinstance(ending, UnrecoverableError)\n'

blocks = {}
debug_info = ''