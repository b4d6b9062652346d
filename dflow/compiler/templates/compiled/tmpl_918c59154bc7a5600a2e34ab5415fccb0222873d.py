from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'helpers/expressions_at.py.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    pass
    yield '@contextmanager\ndef expressions_at(where: str) -> Iterator[None]:\n    """The flow\'s expressions in the statement inside: a failure is ExpressionError, saying where.\n\n    A missing key, a wrong type or a bad `from_json` would otherwise surface as\n    a Python error that names generated code, not the flow\'s line.\n    """\n    try:\n        yield\n    except KeyError as error:\n        raise ExpressionError(f"{where}: no key {json.dumps(error.args[0])}") from None\n    except IndexError:\n        raise ExpressionError(f"{where}: no item at that position") from None\n    except (TypeError, ValueError, AttributeError, ArithmeticError) as error:\n        raise ExpressionError(f"{where}: {error}") from None\n'

blocks = {}
debug_info = ''