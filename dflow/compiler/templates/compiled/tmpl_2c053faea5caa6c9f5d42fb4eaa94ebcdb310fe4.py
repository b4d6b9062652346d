from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'read_input.py.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_module = resolve('module')
    try:
        t_1 = environment.tests['none']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No test named 'none' found.")
    pass
    yield 'def read_input(event: Any) -> dict[str, Any]:\n    """Check the execution\'s input against the flow\'s `input` block."""\n    if event is None:\n        event = {}\n    if not isinstance(event, dict):\n        raise InvalidInput("the input must be a JSON object")\n'
    if environment.getattr((undefined(name='module') if l_0_module is missing else l_0_module), 'inputs'):
        pass
        yield '    problems: list[str] = []\n'
        for l_1_field in environment.getattr((undefined(name='module') if l_0_module is missing else l_0_module), 'inputs'):
            _loop_vars = {}
            pass
            yield '    value = event.get('
            yield str(environment.getattr(l_1_field, 'key'))
            yield ')\n'
            if environment.getattr(l_1_field, 'required'):
                pass
                yield '    if value is None:\n        problems.append("'
                yield str(environment.getattr(l_1_field, 'label'))
                yield ' is required")\n    elif not '
                yield str(environment.getattr(l_1_field, 'check'))
                yield ':\n        problems.append('
                yield str(environment.getattr(l_1_field, 'expected'))
                yield ')\n'
            elif (environment.getattr(l_1_field, 'check') != 'True'):
                pass
                yield '    if value is not None and not '
                yield str(environment.getattr(l_1_field, 'check'))
                yield ':\n        problems.append('
                yield str(environment.getattr(l_1_field, 'expected'))
                yield ')\n'
        l_1_field = missing
        yield '    if problems:\n        raise InvalidInput("; ".join(problems))\n    return {\n'
        for l_1_field in environment.getattr((undefined(name='module') if l_0_module is missing else l_0_module), 'inputs'):
            _loop_vars = {}
            pass
            if (not t_1(environment.getattr(l_1_field, 'default'))):
                pass
                yield '        '
                yield str(environment.getattr(l_1_field, 'key'))
                yield ': '
                yield str(environment.getattr(l_1_field, 'default'))
                yield ' if event.get('
                yield str(environment.getattr(l_1_field, 'key'))
                yield ') is None else event['
                yield str(environment.getattr(l_1_field, 'key'))
                yield '],\n'
            elif environment.getattr(l_1_field, 'required'):
                pass
                yield '        '
                yield str(environment.getattr(l_1_field, 'key'))
                yield ': event['
                yield str(environment.getattr(l_1_field, 'key'))
                yield '],\n'
            else:
                pass
                yield '        '
                yield str(environment.getattr(l_1_field, 'key'))
                yield ': event.get('
                yield str(environment.getattr(l_1_field, 'key'))
                yield '),\n'
        l_1_field = missing
        yield '    }\n'
    else:
        pass
        yield '    return dict(event)\n'

blocks = {}
debug_info = '7=19&9=22&10=26&11=28&13=31&14=33&15=35&16=37&17=40&18=42&24=46&25=49&26=52&27=60&28=63&30=70'