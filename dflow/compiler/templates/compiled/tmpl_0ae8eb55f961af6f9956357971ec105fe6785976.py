from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'statements.py.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_block = l_0_statement = l_0_assign = l_0_guarded = l_0_handled = l_0_step = l_0_wait = l_0_wait_until = l_0_wait_for = l_0_invoke = l_0_poll = l_0_function_result = l_0_nested_function = l_0_batch = l_0_group = l_0_if_ = l_0_repeat = l_0_guard = missing
    try:
        t_1 = environment.filters['indent']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'indent' found.")
    try:
        t_2 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    try:
        t_3 = environment.filters['trim']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'trim' found.")
    try:
        t_4 = environment.tests['none']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No test named 'none' found.")
    pass
    def macro(l_1_views):
        t_5 = []
        if l_1_views is missing:
            l_1_views = undefined("parameter 'views' was not provided", name='views')
        pass
        l_2_loop = missing
        for l_2_view, l_2_loop in LoopContext(l_1_views, undefined):
            _loop_vars = {}
            pass
            if (environment.getattr(l_2_view, 'comment') and (not environment.getattr(l_2_loop, 'first'))):
                pass
                t_5.append(
                    '\n',
                )
            for l_3_line in environment.getattr(l_2_view, 'comment'):
                _loop_vars = {}
                pass
                t_5.extend((
                    '# ',
                    str(l_3_line),
                    '\n',
                ))
            l_3_line = missing
            t_5.extend((
                str(t_3(context.call((undefined(name='statement') if l_0_statement is missing else l_0_statement), l_2_view, _loop_vars=_loop_vars))),
                '\n',
            ))
        l_2_loop = l_2_view = missing
        return concat(t_5)
    context.exported_vars.add('block')
    context.vars['block'] = l_0_block = Macro(environment, macro, 'block', ('views',), False, False, False, context.eval_ctx.autoescape)
    yield '\n'
    def macro(l_1_view):
        t_6 = []
        if l_1_view is missing:
            l_1_view = undefined("parameter 'view' was not provided", name='view')
        pass
        if (environment.getattr(l_1_view, 'kind') == 'step'):
            pass
            t_6.extend((
                str(context.call((undefined(name='step') if l_0_step is missing else l_0_step), l_1_view)),
                '\n',
            ))
        elif (environment.getattr(l_1_view, 'kind') == 'wait'):
            pass
            t_6.extend((
                str(context.call((undefined(name='wait') if l_0_wait is missing else l_0_wait), l_1_view)),
                '\n',
            ))
        elif (environment.getattr(l_1_view, 'kind') == 'wait_until'):
            pass
            t_6.extend((
                str(context.call((undefined(name='wait_until') if l_0_wait_until is missing else l_0_wait_until), l_1_view)),
                '\n',
            ))
        elif (environment.getattr(l_1_view, 'kind') == 'wait_for'):
            pass
            t_6.extend((
                str(context.call((undefined(name='wait_for') if l_0_wait_for is missing else l_0_wait_for), l_1_view)),
                '\n',
            ))
        elif (environment.getattr(l_1_view, 'kind') == 'invoke'):
            pass
            t_6.extend((
                str(context.call((undefined(name='invoke') if l_0_invoke is missing else l_0_invoke), l_1_view)),
                '\n',
            ))
        elif (environment.getattr(l_1_view, 'kind') == 'poll'):
            pass
            t_6.extend((
                str(context.call((undefined(name='poll') if l_0_poll is missing else l_0_poll), l_1_view)),
                '\n',
            ))
        elif (environment.getattr(l_1_view, 'kind') == 'batch'):
            pass
            t_6.extend((
                str(context.call((undefined(name='batch') if l_0_batch is missing else l_0_batch), l_1_view)),
                '\n',
            ))
        elif (environment.getattr(l_1_view, 'kind') == 'if'):
            pass
            t_6.extend((
                str(context.call((undefined(name='if_') if l_0_if_ is missing else l_0_if_), l_1_view)),
                '\n',
            ))
        elif (environment.getattr(l_1_view, 'kind') == 'repeat'):
            pass
            t_6.extend((
                str(context.call((undefined(name='repeat') if l_0_repeat is missing else l_0_repeat), l_1_view)),
                '\n',
            ))
        elif (environment.getattr(l_1_view, 'kind') == 'group'):
            pass
            t_6.extend((
                str(context.call((undefined(name='group') if l_0_group is missing else l_0_group), l_1_view)),
                '\n',
            ))
        elif (environment.getattr(l_1_view, 'kind') == 'guard'):
            pass
            t_6.extend((
                str(context.call((undefined(name='guard') if l_0_guard is missing else l_0_guard), l_1_view)),
                '\n',
            ))
        else:
            pass
            t_6.extend((
                str(environment.getattr(l_1_view, 'code')),
                '\n',
            ))
        return concat(t_6)
    context.exported_vars.add('statement')
    context.vars['statement'] = l_0_statement = Macro(environment, macro, 'statement', ('view',), False, False, False, context.eval_ctx.autoescape)
    yield '\n'
    def macro(l_1_target, l_1_annotation):
        t_7 = []
        if l_1_target is missing:
            l_1_target = undefined("parameter 'target' was not provided", name='target')
        if l_1_annotation is missing:
            l_1_annotation = ''
        pass
        if l_1_target:
            pass
            t_7.append(
                str(l_1_target),
            )
            if l_1_annotation:
                pass
                t_7.extend((
                    ': ',
                    str(l_1_annotation),
                ))
            t_7.append(
                ' = ',
            )
        return concat(t_7)
    context.exported_vars.add('assign')
    context.vars['assign'] = l_0_assign = Macro(environment, macro, 'assign', ('target', 'annotation'), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_code, l_1_catches, l_1_finally_code):
        t_8 = []
        if l_1_code is missing:
            l_1_code = undefined("parameter 'code' was not provided", name='code')
        if l_1_catches is missing:
            l_1_catches = undefined("parameter 'catches' was not provided", name='catches')
        if l_1_finally_code is missing:
            l_1_finally_code = ''
        pass
        if (l_1_catches or l_1_finally_code):
            pass
            t_8.extend((
                'try:\n    ',
                str(t_1(l_1_code, 4)),
                '\n',
            ))
            l_2_loop = missing
            for l_2_catch, l_2_loop in LoopContext(l_1_catches, undefined):
                _loop_vars = {}
                pass
                if environment.getattr(l_2_catch, 'signals_first'):
                    pass
                    t_8.append(
                        'except UnrecoverableError:\n    raise\n',
                    )
                t_8.extend((
                    'except ',
                    str(environment.getattr(l_2_catch, 'exceptions')),
                ))
                if environment.getattr(l_2_catch, 'error'):
                    pass
                    t_8.extend((
                        ' as ',
                        str(environment.getattr(l_2_catch, 'error')),
                    ))
                t_8.append(
                    ':\n',
                )
                if ((t_2(environment.getattr(l_2_catch, 'handlers')) == 1) and (not environment.getattr(environment.getitem(environment.getattr(l_2_catch, 'handlers'), 0), 'condition'))):
                    pass
                    t_8.extend((
                        '    ',
                        str(t_1(t_3(context.call((undefined(name='handled') if l_0_handled is missing else l_0_handled), environment.getitem(environment.getattr(l_2_catch, 'handlers'), 0), _loop_vars=_loop_vars)), 4)),
                        '\n',
                    ))
                else:
                    pass
                    l_3_loop = missing
                    for l_3_view, l_3_loop in LoopContext(environment.getattr(l_2_catch, 'handlers'), undefined):
                        _loop_vars = {}
                        pass
                        if environment.getattr(l_3_loop, 'first'):
                            pass
                            t_8.extend((
                                '    if ',
                                str(environment.getattr(l_3_view, 'condition')),
                                ':\n',
                            ))
                        elif environment.getattr(l_3_view, 'condition'):
                            pass
                            t_8.extend((
                                '    elif ',
                                str(environment.getattr(l_3_view, 'condition')),
                                ':\n',
                            ))
                        else:
                            pass
                            t_8.append(
                                '    else:\n',
                            )
                        t_8.extend((
                            '        ',
                            str(t_1(t_3(context.call((undefined(name='handled') if l_0_handled is missing else l_0_handled), l_3_view, _loop_vars=_loop_vars)), 8)),
                            '\n',
                        ))
                    l_3_loop = l_3_view = missing
                    if environment.getattr(l_2_catch, 'reraise'):
                        pass
                        t_8.append(
                            '    else:\n        raise\n',
                        )
            l_2_loop = l_2_catch = missing
            if l_1_finally_code:
                pass
                t_8.extend((
                    'finally:\n    ',
                    str(t_1(t_3(l_1_finally_code), 4)),
                    '\n',
                ))
        else:
            pass
            t_8.extend((
                str(l_1_code),
                '\n',
            ))
        return concat(t_8)
    context.exported_vars.add('guarded')
    context.vars['guarded'] = l_0_guarded = Macro(environment, macro, 'guarded', ('code', 'catches', 'finally_code'), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_view):
        t_9 = []
        if l_1_view is missing:
            l_1_view = undefined("parameter 'view' was not provided", name='view')
        pass
        if environment.getattr(l_1_view, 'failure'):
            pass
            t_9.extend((
                str(environment.getattr(l_1_view, 'failure')),
                '\n',
            ))
        if environment.getattr(l_1_view, 'body'):
            pass
            t_9.extend((
                str(t_3(context.call((undefined(name='block') if l_0_block is missing else l_0_block), environment.getattr(l_1_view, 'body')))),
                '\n',
            ))
        if (environment.getattr(l_1_view, 'falls_through') and environment.getattr(l_1_view, 'target')):
            pass
            t_9.extend((
                str(environment.getattr(l_1_view, 'target')),
                ' = None\n',
            ))
        elif ((not environment.getattr(l_1_view, 'body')) and (not environment.getattr(l_1_view, 'failure'))):
            pass
            t_9.append(
                'pass\n',
            )
        return concat(t_9)
    context.exported_vars.add('handled')
    context.vars['handled'] = l_0_handled = Macro(environment, macro, 'handled', ('view',), False, False, False, context.eval_ctx.autoescape)
    yield '\n'
    def macro(l_1_view):
        t_10 = []
        l_1_call = missing
        if l_1_view is missing:
            l_1_view = undefined("parameter 'view' was not provided", name='view')
        pass
        t_11 = []
        pass
        if environment.getattr(l_1_view, 'arguments'):
            pass
            t_11.extend((
                'with expressions_at(',
                str(environment.getattr(environment.getattr(l_1_view, 'arguments'), 'where')),
                '):\n    ',
                str(environment.getattr(environment.getattr(l_1_view, 'arguments'), 'variable')),
                ' = ',
                str(environment.getattr(environment.getattr(l_1_view, 'arguments'), 'values')),
                '\n',
            ))
        t_11.extend((
            str(context.call((undefined(name='assign') if l_0_assign is missing else l_0_assign), environment.getattr(l_1_view, 'target'))),
            str(environment.getattr(l_1_view, 'context')),
            '.step(',
            str(environment.getattr(l_1_view, 'function')),
            ', name=',
            str(environment.getattr(l_1_view, 'name')),
            ', config=',
            str(environment.getattr(l_1_view, 'config')),
            ')',
        ))
        l_1_call = (Markup if context.eval_ctx.autoescape else identity)(concat(t_11))
        t_10.extend((
            str(t_3(context.call((undefined(name='guarded') if l_0_guarded is missing else l_0_guarded), t_3((undefined(name='call') if l_1_call is missing else l_1_call)), environment.getattr(l_1_view, 'handlers')))),
            '\n',
        ))
        if environment.getattr(l_1_view, 'undo'):
            pass
            t_10.extend((
                'compensations.append((',
                str(environment.getattr(environment.getattr(l_1_view, 'undo'), 'name')),
                ', ',
                str(environment.getattr(environment.getattr(l_1_view, 'undo'), 'action')),
                ', ',
                str(environment.getattr(environment.getattr(l_1_view, 'undo'), 'arguments')),
                '))\n',
            ))
        return concat(t_10)
    context.exported_vars.add('step')
    context.vars['step'] = l_0_step = Macro(environment, macro, 'step', ('view',), False, False, False, context.eval_ctx.autoescape)
    yield '\n'
    def macro(l_1_view):
        t_12 = []
        if l_1_view is missing:
            l_1_view = undefined("parameter 'view' was not provided", name='view')
        pass
        t_12.extend((
            str(environment.getattr(l_1_view, 'context')),
            '.wait(',
            str(environment.getattr(l_1_view, 'duration')),
            ', name=',
            str(environment.getattr(l_1_view, 'name')),
            ')',
        ))
        return concat(t_12)
    context.exported_vars.add('wait')
    context.vars['wait'] = l_0_wait = Macro(environment, macro, 'wait', ('view',), False, False, False, context.eval_ctx.autoescape)
    yield '\n'
    def macro(l_1_view):
        t_13 = []
        if l_1_view is missing:
            l_1_view = undefined("parameter 'view' was not provided", name='view')
        pass
        t_13.extend((
            str(environment.getattr(l_1_view, 'context')),
            '.wait(\n    Duration.from_seconds(\n        ',
            str(environment.getattr(l_1_view, 'context')),
            '.step(lambda _: seconds_until(',
            str(environment.getattr(l_1_view, 'timestamp')),
            '), name=',
            str(environment.getattr(l_1_view, 'clock_name')),
            ', config=',
            str(environment.getattr(l_1_view, 'clock_config')),
            ')\n    ),\n    name=',
            str(environment.getattr(l_1_view, 'name')),
            ',\n)',
        ))
        return concat(t_13)
    context.exported_vars.add('wait_until')
    context.vars['wait_until'] = l_0_wait_until = Macro(environment, macro, 'wait_until', ('view',), False, False, False, context.eval_ctx.autoescape)
    yield '\n'
    def macro(l_1_view):
        t_14 = []
        l_1_call = missing
        if l_1_view is missing:
            l_1_view = undefined("parameter 'view' was not provided", name='view')
        pass
        t_14.extend((
            'def ',
            str(environment.getattr(l_1_view, 'submitter')),
            '(callback_id: str, _: WaitForCallbackContext) -> None:\n    ',
            str(environment.getattr(l_1_view, 'submit_call')),
            '\n\n',
        ))
        t_15 = []
        pass
        if environment.getattr(l_1_view, 'arguments'):
            pass
            t_15.extend((
                'with expressions_at(',
                str(environment.getattr(environment.getattr(l_1_view, 'arguments'), 'where')),
                '):\n    ',
                str(environment.getattr(environment.getattr(l_1_view, 'arguments'), 'variable')),
                ' = ',
                str(environment.getattr(environment.getattr(l_1_view, 'arguments'), 'values')),
                '\n',
            ))
        if environment.getattr(l_1_view, 'as_text'):
            pass
            t_15.extend((
                str(context.call((undefined(name='assign') if l_0_assign is missing else l_0_assign), environment.getattr(l_1_view, 'target'), 'str | None')),
                str(environment.getattr(l_1_view, 'context')),
                '.wait_for_callback(',
                str(environment.getattr(l_1_view, 'submitter')),
                ', name=',
                str(environment.getattr(l_1_view, 'name')),
                ', config=',
                str(environment.getattr(l_1_view, 'config')),
                ')',
            ))
        else:
            pass
            t_15.extend((
                str(context.call((undefined(name='assign') if l_0_assign is missing else l_0_assign), environment.getattr(l_1_view, 'target'))),
                'callback_value(\n    ',
                str(environment.getattr(l_1_view, 'context')),
                '.wait_for_callback(',
                str(environment.getattr(l_1_view, 'submitter')),
                ', name=',
                str(environment.getattr(l_1_view, 'name')),
                ', config=',
                str(environment.getattr(l_1_view, 'config')),
                ')\n)',
            ))
        l_1_call = (Markup if context.eval_ctx.autoescape else identity)(concat(t_15))
        t_14.append(
            str(t_3(context.call((undefined(name='guarded') if l_0_guarded is missing else l_0_guarded), (undefined(name='call') if l_1_call is missing else l_1_call), environment.getattr(l_1_view, 'handlers')))),
        )
        return concat(t_14)
    context.exported_vars.add('wait_for')
    context.vars['wait_for'] = l_0_wait_for = Macro(environment, macro, 'wait_for', ('view',), False, False, False, context.eval_ctx.autoescape)
    yield '\n'
    def macro(l_1_view):
        t_16 = []
        l_1_call = resolve('call')
        if l_1_view is missing:
            l_1_view = undefined("parameter 'view' was not provided", name='view')
        pass
        if environment.getattr(l_1_view, 'retry'):
            pass
            t_17 = []
            pass
            t_17.extend((
                str(context.call((undefined(name='assign') if l_0_assign is missing else l_0_assign), environment.getattr(l_1_view, 'target'), 'Any')),
                'with_retry(\n    ',
                str(environment.getattr(l_1_view, 'context')),
                ',\n    lambda *_: ',
                str(environment.getattr(l_1_view, 'context')),
                '.invoke(',
                str(environment.getattr(l_1_view, 'function')),
                ', ',
                str(environment.getattr(l_1_view, 'payload')),
                ', name=',
                str(environment.getattr(l_1_view, 'name')),
                '),\n    ',
                str(environment.getattr(l_1_view, 'retry')),
                ',\n    name=',
                str(environment.getattr(l_1_view, 'name')),
                ',\n)',
            ))
            l_1_call = (Markup if context.eval_ctx.autoescape else identity)(concat(t_17))
            t_16.extend((
                str(t_3(context.call((undefined(name='guarded') if l_0_guarded is missing else l_0_guarded), (undefined(name='call') if l_1_call is missing else l_1_call), environment.getattr(l_1_view, 'handlers')))),
                '\n',
            ))
        else:
            pass
            t_16.extend((
                str(t_3(context.call((undefined(name='guarded') if l_0_guarded is missing else l_0_guarded), str_join((context.call((undefined(name='assign') if l_0_assign is missing else l_0_assign), environment.getattr(l_1_view, 'target'), 'Any'), environment.getattr(l_1_view, 'context'), '.invoke(', environment.getattr(l_1_view, 'function'), ', ', environment.getattr(l_1_view, 'payload'), ', name=', environment.getattr(l_1_view, 'name'), ')', )), environment.getattr(l_1_view, 'handlers')))),
                '\n',
            ))
        return concat(t_16)
    context.exported_vars.add('invoke')
    context.vars['invoke'] = l_0_invoke = Macro(environment, macro, 'invoke', ('view',), False, False, False, context.eval_ctx.autoescape)
    yield '\n'
    def macro(l_1_view):
        t_18 = []
        l_1_call = missing
        if l_1_view is missing:
            l_1_view = undefined("parameter 'view' was not provided", name='view')
        pass
        t_18.extend((
            'def ',
            str(environment.getattr(l_1_view, 'strategy')),
            '(',
            str(environment.getattr(l_1_view, 'target')),
            ': Any, checks: int) -> WaitForConditionDecision:\n    if ',
            str(environment.getattr(l_1_view, 'condition')),
        ))
        if environment.getattr(l_1_view, 'max_checks'):
            pass
            t_18.extend((
                ' or checks >= ',
                str(environment.getattr(l_1_view, 'max_checks')),
            ))
        t_18.extend((
            ':\n        return WaitForConditionDecision.stop_polling()\n    return WaitForConditionDecision.continue_waiting(',
            str(environment.getattr(l_1_view, 'delay')),
            ')\n\n',
        ))
        t_19 = []
        pass
        if environment.getattr(l_1_view, 'retry'):
            pass
            t_19.extend((
                str(environment.getattr(l_1_view, 'target')),
                ' = with_retry(\n    ',
                str(environment.getattr(l_1_view, 'context')),
                ',\n    lambda *_: ',
                str(environment.getattr(l_1_view, 'context')),
                '.wait_for_condition(\n        ',
                str(environment.getattr(l_1_view, 'check')),
                ',\n        config=WaitForConditionConfig(wait_strategy=',
                str(environment.getattr(l_1_view, 'strategy')),
                ', initial_state=None),\n        name=',
                str(environment.getattr(l_1_view, 'name')),
                ',\n    ),\n    ',
                str(environment.getattr(l_1_view, 'retry')),
                ',\n    name=',
                str(environment.getattr(l_1_view, 'name')),
                ',\n)\n',
            ))
        else:
            pass
            t_19.extend((
                str(environment.getattr(l_1_view, 'target')),
                ' = ',
                str(environment.getattr(l_1_view, 'context')),
                '.wait_for_condition(\n    ',
                str(environment.getattr(l_1_view, 'check')),
                ',\n    config=WaitForConditionConfig(wait_strategy=',
                str(environment.getattr(l_1_view, 'strategy')),
                ', initial_state=None),\n    name=',
                str(environment.getattr(l_1_view, 'name')),
                ',\n)\n',
            ))
        if environment.getattr(l_1_view, 'max_checks'):
            pass
            t_19.extend((
                'if not ',
                str(environment.getattr(l_1_view, 'negated')),
                ':\n    raise ',
                str(environment.getattr(l_1_view, 'give_up')),
                '\n',
            ))
        l_1_call = (Markup if context.eval_ctx.autoescape else identity)(concat(t_19))
        t_18.append(
            str(t_3(context.call((undefined(name='guarded') if l_0_guarded is missing else l_0_guarded), (undefined(name='call') if l_1_call is missing else l_1_call), environment.getattr(l_1_view, 'handlers')))),
        )
        return concat(t_18)
    context.exported_vars.add('poll')
    context.vars['poll'] = l_0_poll = Macro(environment, macro, 'poll', ('view',), False, False, False, context.eval_ctx.autoescape)
    yield '\n'
    def macro(l_1_function):
        t_20 = []
        if l_1_function is missing:
            l_1_function = undefined("parameter 'function' was not provided", name='function')
        pass
        if environment.getattr(l_1_function, 'wraps_result'):
            pass
            t_20.extend((
                '{"result": ',
                str(environment.getattr(l_1_function, 'result')),
                '}',
            ))
        else:
            pass
            t_20.append(
                str(environment.getattr(l_1_function, 'result')),
            )
        return concat(t_20)
    context.exported_vars.add('function_result')
    context.vars['function_result'] = l_0_function_result = Macro(environment, macro, 'function_result', ('function',), False, False, False, context.eval_ctx.autoescape)
    yield '\n'
    def macro(l_1_function):
        t_21 = []
        if l_1_function is missing:
            l_1_function = undefined("parameter 'function' was not provided", name='function')
        pass
        t_21.extend((
            'def ',
            str(environment.getattr(l_1_function, 'name')),
            '(',
            str(environment.getattr(l_1_function, 'parameters')),
            ') -> Any:\n',
        ))
        if environment.getattr(l_1_function, 'records_undo'):
            pass
            t_21.append(
                "    # This function's undo calls travel with its result; if it fails, it undoes its own steps.\n    compensations: list[Compensation] = []\n    try:\n",
            )
            if environment.getattr(l_1_function, 'body'):
                pass
                t_21.extend((
                    '        ',
                    str(t_1(t_3(context.call((undefined(name='block') if l_0_block is missing else l_0_block), environment.getattr(l_1_function, 'body'))), 8)),
                    '\n',
                ))
            if (not t_4(environment.getattr(l_1_function, 'result'))):
                pass
                t_21.extend((
                    '        return {"result": ',
                    str(environment.getattr(l_1_function, 'result')),
                    ', "undo": compensations}\n',
                ))
            t_21.append(
                '    except UnrecoverableError:\n        raise\n',
            )
            if environment.getattr(l_1_function, 'keeps_error_types'):
                pass
                t_21.append(
                    '    except Exception as error:\n        undo_completed_steps(ctx, compensations)\n        raise keep_error_type(error)\n',
                )
            else:
                pass
                t_21.append(
                    '    except Exception:\n        undo_completed_steps(ctx, compensations)\n        raise\n',
                )
        elif environment.getattr(l_1_function, 'keeps_error_types'):
            pass
            t_21.append(
                '    try:\n',
            )
            if environment.getattr(l_1_function, 'body'):
                pass
                t_21.extend((
                    '        ',
                    str(t_1(t_3(context.call((undefined(name='block') if l_0_block is missing else l_0_block), environment.getattr(l_1_function, 'body'))), 8)),
                    '\n',
                ))
            if (not t_4(environment.getattr(l_1_function, 'result'))):
                pass
                t_21.extend((
                    '        return ',
                    str(context.call((undefined(name='function_result') if l_0_function_result is missing else l_0_function_result), l_1_function)),
                    '\n',
                ))
            t_21.append(
                "    except StepError as error:\n        # The SDK records only StepError: keep the action's error type for what reads it.\n        raise keep_error_type(error)\n",
            )
        else:
            pass
            if environment.getattr(l_1_function, 'body'):
                pass
                t_21.extend((
                    '    ',
                    str(t_1(t_3(context.call((undefined(name='block') if l_0_block is missing else l_0_block), environment.getattr(l_1_function, 'body'))), 4)),
                    '\n',
                ))
            if (not t_4(environment.getattr(l_1_function, 'result'))):
                pass
                t_21.extend((
                    '    return ',
                    str(context.call((undefined(name='function_result') if l_0_function_result is missing else l_0_function_result), l_1_function)),
                    '\n',
                ))
        return concat(t_21)
    context.exported_vars.add('nested_function')
    context.vars['nested_function'] = l_0_nested_function = Macro(environment, macro, 'nested_function', ('function',), False, False, False, context.eval_ctx.autoescape)
    yield '\n'
    def macro(l_1_view):
        t_22 = []
        if l_1_view is missing:
            l_1_view = undefined("parameter 'view' was not provided", name='view')
        pass
        for l_2_function in environment.getattr(l_1_view, 'functions'):
            _loop_vars = {}
            pass
            t_22.extend((
                str(context.call((undefined(name='nested_function') if l_0_nested_function is missing else l_0_nested_function), l_2_function, _loop_vars=_loop_vars)),
                '\n\n',
            ))
        l_2_function = missing
        for l_2_line in environment.getattr(l_1_view, 'prelude'):
            _loop_vars = {}
            pass
            t_22.extend((
                str(l_2_line),
                '\n',
            ))
        l_2_line = missing
        t_22.extend((
            str(environment.getattr(l_1_view, 'batch_var')),
            ': BatchResult[Any] = ',
            str(environment.getattr(l_1_view, 'call')),
            '\n',
            str(t_3(context.call((undefined(name='guarded') if l_0_guarded is missing else l_0_guarded), str_join((context.call((undefined(name='assign') if l_0_assign is missing else l_0_assign), environment.getattr(l_1_view, 'target')), environment.getattr(l_1_view, 'results'), )), environment.getattr(l_1_view, 'handlers')))),
        ))
        return concat(t_22)
    context.exported_vars.add('batch')
    context.vars['batch'] = l_0_batch = Macro(environment, macro, 'batch', ('view',), False, False, False, context.eval_ctx.autoescape)
    yield '\n'
    def macro(l_1_view):
        t_23 = []
        l_1_run = l_1_finally_code = missing
        if l_1_view is missing:
            l_1_view = undefined("parameter 'view' was not provided", name='view')
        pass
        t_23.extend((
            str(context.call((undefined(name='nested_function') if l_0_nested_function is missing else l_0_nested_function), environment.getattr(l_1_view, 'function'))),
            '\n\n',
        ))
        t_24 = []
        pass
        if environment.getattr(l_1_view, 'outcome'):
            pass
            t_24.extend((
                str(environment.getattr(l_1_view, 'outcome')),
                ' = ',
                str(environment.getattr(l_1_view, 'call')),
                '\n',
            ))
            if environment.getattr(l_1_view, 'ended'):
                pass
                t_24.extend((
                    'if "returned" in ',
                    str(environment.getattr(l_1_view, 'outcome')),
                    ':\n    ',
                    str(environment.getattr(l_1_view, 'ended')),
                    '\n',
                ))
            if environment.getattr(l_1_view, 'records_undo'):
                pass
                t_24.extend((
                    'compensations.extend(',
                    str(environment.getattr(l_1_view, 'outcome')),
                    '["undo"])\n',
                ))
            if environment.getattr(l_1_view, 'target'):
                pass
                t_24.extend((
                    str(environment.getattr(l_1_view, 'target')),
                    ' = ',
                    str(environment.getattr(l_1_view, 'outcome')),
                    '["result"]\n',
                ))
        else:
            pass
            t_24.extend((
                str(context.call((undefined(name='assign') if l_0_assign is missing else l_0_assign), environment.getattr(l_1_view, 'target'))),
                str(environment.getattr(l_1_view, 'call')),
                '\n',
            ))
        l_1_run = (Markup if context.eval_ctx.autoescape else identity)(concat(t_24))
        if environment.getattr(l_1_view, 'preset'):
            pass
            t_23.extend((
                str(environment.getattr(l_1_view, 'target')),
                ' = None\n',
            ))
        t_25 = []
        pass
        if environment.getattr(l_1_view, 'finally_body'):
            pass
            t_25.extend((
                '# The group is over (succeeded, failed, or ended the flow), not just suspended.\nif group_is_over():\n    ',
                str(t_1(t_3(context.call((undefined(name='block') if l_0_block is missing else l_0_block), environment.getattr(l_1_view, 'finally_body'))), 4)),
                '\n',
            ))
        l_1_finally_code = (Markup if context.eval_ctx.autoescape else identity)(concat(t_25))
        t_23.append(
            str(t_3(context.call((undefined(name='guarded') if l_0_guarded is missing else l_0_guarded), t_3((undefined(name='run') if l_1_run is missing else l_1_run)), environment.getattr(l_1_view, 'handlers'), t_3((undefined(name='finally_code') if l_1_finally_code is missing else l_1_finally_code))))),
        )
        return concat(t_23)
    context.exported_vars.add('group')
    context.vars['group'] = l_0_group = Macro(environment, macro, 'group', ('view',), False, False, False, context.eval_ctx.autoescape)
    yield '\n'
    def macro(l_1_view):
        t_26 = []
        if l_1_view is missing:
            l_1_view = undefined("parameter 'view' was not provided", name='view')
        pass
        for l_2_arm in environment.getattr(l_1_view, 'arms'):
            _loop_vars = {}
            pass
            if (environment.getattr(l_2_arm, 'keyword') == 'else'):
                pass
                t_26.append(
                    'else:\n',
                )
            else:
                pass
                t_26.extend((
                    str(environment.getattr(l_2_arm, 'keyword')),
                    ' ',
                    str(environment.getattr(l_2_arm, 'condition')),
                    ':\n',
                ))
            if environment.getattr(l_2_arm, 'body'):
                pass
                t_26.extend((
                    '    ',
                    str(t_1(t_3(context.call((undefined(name='block') if l_0_block is missing else l_0_block), environment.getattr(l_2_arm, 'body'), _loop_vars=_loop_vars)), 4)),
                    '\n',
                ))
            else:
                pass
                t_26.append(
                    '    pass\n',
                )
        l_2_arm = missing
        return concat(t_26)
    context.exported_vars.add('if_')
    context.vars['if_'] = l_0_if_ = Macro(environment, macro, 'if_', ('view',), False, False, False, context.eval_ctx.autoescape)
    yield '\n'
    def macro(l_1_view):
        t_27 = []
        l_1_passes = missing
        if l_1_view is missing:
            l_1_view = undefined("parameter 'view' was not provided", name='view')
        pass
        t_28 = []
        pass
        t_28.extend((
            'for _ in range(',
            str(environment.getattr(l_1_view, 'passes')),
            '):\n',
        ))
        if (environment.getattr(l_1_view, 'mode') == 'while'):
            pass
            t_28.extend((
                '    if ',
                str(environment.getattr(l_1_view, 'stop')),
                ':\n        break\n',
            ))
        t_28.extend((
            '    ',
            str(t_1(t_3(context.call((undefined(name='block') if l_0_block is missing else l_0_block), environment.getattr(l_1_view, 'body'))), 4)),
            '\n',
        ))
        if (environment.getattr(l_1_view, 'mode') == 'until'):
            pass
            t_28.extend((
                '    if ',
                str(environment.getattr(l_1_view, 'stop')),
                ':\n        break\n',
            ))
        t_28.append(
            'else:\n',
        )
        if (environment.getattr(l_1_view, 'mode') == 'while'):
            pass
            t_28.extend((
                '    if ',
                str(environment.getattr(l_1_view, 'keep_going')),
                ':\n        raise ',
                str(environment.getattr(l_1_view, 'give_up')),
                '\n',
            ))
        else:
            pass
            t_28.extend((
                '    raise ',
                str(environment.getattr(l_1_view, 'give_up')),
                '\n',
            ))
        l_1_passes = (Markup if context.eval_ctx.autoescape else identity)(concat(t_28))
        t_27.append(
            str(t_3(context.call((undefined(name='guarded') if l_0_guarded is missing else l_0_guarded), (undefined(name='passes') if l_1_passes is missing else l_1_passes), environment.getattr(l_1_view, 'handlers')))),
        )
        return concat(t_27)
    context.exported_vars.add('repeat')
    context.vars['repeat'] = l_0_repeat = Macro(environment, macro, 'repeat', ('view',), False, False, False, context.eval_ctx.autoescape)
    yield '\n'
    def macro(l_1_view):
        t_29 = []
        if l_1_view is missing:
            l_1_view = undefined("parameter 'view' was not provided", name='view')
        pass
        t_29.extend((
            'with expressions_at(',
            str(environment.getattr(l_1_view, 'where')),
            '):\n    ',
            str(t_1(t_3(context.call((undefined(name='statement') if l_0_statement is missing else l_0_statement), environment.getattr(l_1_view, 'inner'))), 4)),
        ))
        return concat(t_29)
    context.exported_vars.add('guard')
    context.vars['guard'] = l_0_guard = Macro(environment, macro, 'guard', ('view',), False, False, False, context.eval_ctx.autoescape)

blocks = {}
debug_info = '3=36&4=42&5=45&8=50&9=55&11=60&15=68&16=73&17=79&18=85&19=91&20=97&21=103&22=109&23=115&24=121&25=127&26=133&27=142&31=149&34=173&35=182&37=186&38=190&39=193&43=200&44=211&45=215&47=221&48=224&49=228&50=231&51=235&55=245&57=249&63=255&65=259&68=265&73=271&74=276&75=279&77=282&78=285&80=288&81=291&82=294&87=303&89=311&90=315&91=317&93=323&88=333&95=335&96=338&97=342&101=353&102=359&105=370&106=376&108=378&110=386&114=393&115=401&116=403&119=408&120=412&121=414&123=419&124=422&126=435&127=437&118=446&131=448&134=454&135=460&137=465&138=467&139=469&140=477&141=479&136=482&144=484&146=490&150=497&151=505&152=509&154=519&157=524&158=527&159=529&160=531&161=533&162=535&163=537&165=539&166=541&169=547&170=551&171=553&172=555&175=558&176=562&177=564&156=567&180=569&183=575&185=596&186=603&187=608&191=613&192=617&194=620&195=624&199=630&208=640&210=645&211=649&213=652&214=656&220=664&221=668&223=671&224=675&229=682&230=687&231=691&234=695&235=699&237=704&238=708&241=714&242=721&245=726&246=729&247=734&248=738&249=740&251=743&252=747&254=750&255=753&258=761&244=765&261=766&262=769&265=774&268=778&264=781&271=783&274=789&275=794&276=797&279=805&281=810&282=814&289=827&291=837&292=840&293=844&296=849&297=852&298=856&302=862&303=866&304=868&306=875&290=878&309=880&312=886&313=893&314=895'