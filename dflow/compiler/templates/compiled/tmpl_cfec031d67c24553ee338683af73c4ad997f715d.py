from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'helpers/call_action.py.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    pass
    yield 'P = ParamSpec("P")\n\n# The longest error message a step keeps, in JSON characters: the service\n# refuses a failed step whose error (type and message) is over 32 KiB.\nMAX_ERROR_MESSAGE = 16_000\n\n\nclass ResultNotJSON(TypeError):\n    """An action returned a value that is not JSON."""\n\n\ndef call_action(action: Callable[P, Any], *args: P.args, **kwargs: P.kwargs) -> Any:\n    """Run one action: its result must be JSON, its error short enough to checkpoint.\n\n    A result the SDK could checkpoint but that is not JSON (a datetime, a\n    Decimal, a set) would fail the flow later, far from its cause; here it\n    fails this step, where retries, `on failure` and undo apply. An error\n    message longer than the service keeps for a failed step is cut, so the\n    step fails as itself instead of losing the invocation.\n    """\n    try:\n        result = action(*args, **kwargs)\n    except Exception as error:\n        shorten_message(error)\n        raise\n    try:\n        json.dumps(result, allow_nan=False)\n    except (TypeError, ValueError) as problem:\n        name = getattr(action, "__name__", "the action")\n        raise ResultNotJSON(f"{name} returned a value that is not JSON: {problem}") from None\n    return result\n\n\ndef shorten_message(error: Exception) -> None:\n    """Cut an error\'s message to what a checkpoint keeps, saying how long it was."""\n    message = str(error)\n    if len(message) <= MAX_ERROR_MESSAGE and len(json.dumps(message)) <= MAX_ERROR_MESSAGE:\n        return\n    kept = message[:MAX_ERROR_MESSAGE]\n    while len(json.dumps(kept)) > MAX_ERROR_MESSAGE:\n        kept = kept[: len(kept) * 3 // 4]\n    error.args = (f"{kept} … [message cut: {len(message)} characters in all]",)\n'

blocks = {}
debug_info = ''