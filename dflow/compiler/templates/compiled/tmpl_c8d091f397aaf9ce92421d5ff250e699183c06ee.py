from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'handler.py.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_module = resolve('module')
    l_0_s = missing
    try:
        t_1 = environment.filters['indent']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'indent' found.")
    try:
        t_2 = environment.filters['trim']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'trim' found.")
    pass
    l_0_s = context.vars['s'] = environment.get_template('statements.py.j2', 'handler.py.j2')._get_default_module(context)
    context.exported_vars.discard('s')
    yield str(environment.getattr((undefined(name='module') if l_0_module is missing else l_0_module), 'header'))
    yield '\n"""'
    yield str(environment.getattr((undefined(name='module') if l_0_module is missing else l_0_module), 'docstring'))
    yield '"""\n\nfrom __future__ import annotations\n\n'
    for l_1_group in environment.getattr((undefined(name='module') if l_0_module is missing else l_0_module), 'imports'):
        _loop_vars = {}
        pass
        for l_2_line in l_1_group:
            _loop_vars = {}
            pass
            yield str(l_2_line)
            yield '\n'
        l_2_line = missing
        yield '\n'
    l_1_group = missing
    for l_1_line in environment.getattr((undefined(name='module') if l_0_module is missing else l_0_module), 'action_imports'):
        _loop_vars = {}
        pass
        yield str(l_1_line)
        yield '\n'
    l_1_line = missing
    yield '\n\n'
    if environment.getattr((undefined(name='module') if l_0_module is missing else l_0_module), 'compensation'):
        pass
        yield "# An undo call recorded by a completed step, as data that checkpoints keep:\n# (the undo step's name, its key in UNDO_ACTIONS, the keyword arguments).\nCompensation = tuple[str, str, dict[str, Any]]\n\nUNDO_ACTIONS: dict[str, Callable[..., Any]] = {\n"
        for (l_1_key, l_1_action) in environment.getattr((undefined(name='module') if l_0_module is missing else l_0_module), 'undo_actions'):
            _loop_vars = {}
            pass
            yield '    '
            yield str(l_1_key)
            yield ': '
            yield str(l_1_action)
            yield ',\n'
        l_1_key = l_1_action = missing
        yield '}\n\n\n'
    yield 'class InvalidInput(Exception):\n    """The execution\'s input does not match the flow\'s `input` block."""\n'
    for l_1_error in environment.getattr((undefined(name='module') if l_0_module is missing else l_0_module), 'errors'):
        _loop_vars = {}
        pass
        yield '\n\nclass '
        yield str(l_1_error)
        yield '(Exception):\n'
        if (l_1_error == 'ConditionNotMet'):
            pass
            yield '    """A `poll` ran out of checks, or a `repeat` of passes, before its condition held."""\n'
        elif (l_1_error == 'ExpressionError'):
            pass
            yield '    """An expression of the flow failed at run time: a missing key, a wrong type…"""\n'
        elif (l_1_error == 'InvalidDuration'):
            pass
            yield '    """A wait computed at run time is not a whole number of at least 0."""\n'
        else:
            pass
            yield '    """Raised by `fail '
            yield str(l_1_error)
            yield '` in the flow."""\n'
    l_1_error = missing
    yield '\n\n'
    for l_1_helper in environment.getattr((undefined(name='module') if l_0_module is missing else l_0_module), 'helpers'):
        _loop_vars = {}
        pass
        template = environment.get_or_select_template(str_join(('helpers/', l_1_helper, '.py.j2', )), 'handler.py.j2')
        gen = template.root_render_func(template.new_context(context.get_all(), True, {'helper': l_1_helper, 's': l_0_s}))
        try:
            for event in gen:
                yield event
        finally: gen.close()
        yield '\n\n'
    l_1_helper = missing
    for l_1_constant in environment.getattr((undefined(name='module') if l_0_module is missing else l_0_module), 'constants'):
        _loop_vars = {}
        pass
        if environment.getattr(l_1_constant, 'comment'):
            pass
            yield '# '
            yield str(environment.getattr(l_1_constant, 'comment'))
            yield '\n'
        yield str(environment.getattr(l_1_constant, 'name'))
        if environment.getattr(l_1_constant, 'annotation'):
            pass
            yield ': '
            yield str(environment.getattr(l_1_constant, 'annotation'))
        yield ' = '
        yield str(environment.getattr(l_1_constant, 'code'))
        yield '\n\n'
    l_1_constant = missing
    yield '\n\n'
    if environment.getattr((undefined(name='module') if l_0_module is missing else l_0_module), 'checks_input'):
        pass
        template = environment.get_template('read_input.py.j2', 'handler.py.j2')
        gen = template.root_render_func(template.new_context(context.get_all(), True, {'s': l_0_s}))
        try:
            for event in gen:
                yield event
        finally: gen.close()
    yield '\n\n@durable_execution\ndef handler(event: Any, context: DurableContext) -> Any:\n    """'
    yield str(environment.getattr((undefined(name='module') if l_0_module is missing else l_0_module), 'handler_doc'))
    yield '"""\n'
    if environment.getattr((undefined(name='module') if l_0_module is missing else l_0_module), 'checks_input'):
        pass
        yield '    flow_input = read_input(event)\n'
    else:
        pass
        yield '    # The flow has no `input` block: it takes the event as it comes.\n    flow_input = event\n'
    for l_1_line in environment.getattr((undefined(name='module') if l_0_module is missing else l_0_module), 'execution'):
        _loop_vars = {}
        pass
        yield '    '
        yield str(l_1_line)
        yield '\n'
    l_1_line = missing
    if environment.getattr((undefined(name='module') if l_0_module is missing else l_0_module), 'compensation'):
        pass
        yield '    # Undo actions of completed steps, run newest first if the flow fails.\n    compensations: list[Compensation] = []\n    try:\n'
        yield str(t_1(t_2(context.call(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'block'), environment.getattr((undefined(name='module') if l_0_module is missing else l_0_module), 'body'))), 8, first=True))
        yield '\n'
        if (not environment.getattr((undefined(name='module') if l_0_module is missing else l_0_module), 'always_ends')):
            pass
            yield '        return None\n'
        yield "    except UnrecoverableError:\n        # The SDK's own signals (a replay mismatch, a lost invocation) pass untouched.\n        raise\n    except Exception:\n        undo_completed_steps(context, compensations)\n        raise\n"
    else:
        pass
        yield str(t_1(t_2(context.call(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'block'), environment.getattr((undefined(name='module') if l_0_module is missing else l_0_module), 'body'))), 4, first=True))
        yield '\n'
        if (not environment.getattr((undefined(name='module') if l_0_module is missing else l_0_module), 'always_ends')):
            pass
            yield '    return None\n'

blocks = {}
debug_info = '1=25&2=27&3=29&7=31&8=34&9=37&13=42&14=45&18=49&24=52&25=56&33=63&36=67&37=69&39=72&41=75&44=81&49=85&50=88&54=96&55=99&56=102&58=104&63=114&64=116&70=123&71=125&77=131&78=135&80=138&84=141&85=143&95=149&96=151'