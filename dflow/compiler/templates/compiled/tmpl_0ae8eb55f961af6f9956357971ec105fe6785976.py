from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'statements.py.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_block = l_0_statement = l_0_assign = l_0_within = l_0_evaluated_first = l_0_guarded = l_0_unhandled = l_0_handled = l_0_step = l_0_wait = l_0_wait_until = l_0_wait_for = l_0_invoke = l_0_poll = l_0_function_result = l_0_nested_function = l_0_batch = l_0_group = l_0_if_ = l_0_repeat = l_0_guard = missing
    try:
        t_1 = environment.filters['indent']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'indent' found.")
    try:
        t_2 = environment.filters['join']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'join' found.")
    try:
        t_3 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    try:
        t_4 = environment.filters['trim']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'trim' found.")
    try:
        t_5 = environment.tests['none']
    except KeyError:
        @internalcode
        def t_5(*unused):
            raise TemplateRuntimeError("No test named 'none' found.")
    pass
    def macro(l_1_views):
        t_6 = []
        if l_1_views is missing:
            l_1_views = undefined("parameter 'views' was not provided", name='views')
        pass
        l_2_loop = missing
        for l_2_view, l_2_loop in LoopContext(l_1_views, undefined):
            _loop_vars = {}
            pass
            if (environment.getattr(l_2_view, 'comment') and (not environment.getattr(l_2_loop, 'first'))):
                pass
                t_6.append(
                    '\n',
                )
            for l_3_line in environment.getattr(l_2_view, 'comment'):
                _loop_vars = {}
                pass
                t_6.extend((
                    '# ',
                    str(l_3_line),
                    '\n',
                ))
            l_3_line = missing
            t_6.extend((
                str(t_4(context.call((undefined(name='statement') if l_0_statement is missing else l_0_statement), l_2_view, _loop_vars=_loop_vars))),
                '\n',
            ))
        l_2_loop = l_2_view = missing
        return concat(t_6)
    context.exported_vars.add('block')
    context.vars['block'] = l_0_block = Macro(environment, macro, 'block', ('views',), False, False, False, context.eval_ctx.autoescape)
    yield '\n'
    def macro(l_1_view):
        t_7 = []
        if l_1_view is missing:
            l_1_view = undefined("parameter 'view' was not provided", name='view')
        pass
        if (environment.getattr(l_1_view, 'kind') == 'step'):
            pass
            t_7.extend((
                str(context.call((undefined(name='step') if l_0_step is missing else l_0_step), l_1_view)),
                '\n',
            ))
        elif (environment.getattr(l_1_view, 'kind') == 'wait'):
            pass
            t_7.extend((
                str(context.call((undefined(name='wait') if l_0_wait is missing else l_0_wait), l_1_view)),
                '\n',
            ))
        elif (environment.getattr(l_1_view, 'kind') == 'wait_until'):
            pass
            t_7.extend((
                str(context.call((undefined(name='wait_until') if l_0_wait_until is missing else l_0_wait_until), l_1_view)),
                '\n',
            ))
        elif (environment.getattr(l_1_view, 'kind') == 'wait_for'):
            pass
            t_7.extend((
                str(context.call((undefined(name='wait_for') if l_0_wait_for is missing else l_0_wait_for), l_1_view)),
                '\n',
            ))
        elif (environment.getattr(l_1_view, 'kind') == 'invoke'):
            pass
            t_7.extend((
                str(context.call((undefined(name='invoke') if l_0_invoke is missing else l_0_invoke), l_1_view)),
                '\n',
            ))
        elif (environment.getattr(l_1_view, 'kind') == 'poll'):
            pass
            t_7.extend((
                str(context.call((undefined(name='poll') if l_0_poll is missing else l_0_poll), l_1_view)),
                '\n',
            ))
        elif (environment.getattr(l_1_view, 'kind') == 'batch'):
            pass
            t_7.extend((
                str(context.call((undefined(name='batch') if l_0_batch is missing else l_0_batch), l_1_view)),
                '\n',
            ))
        elif (environment.getattr(l_1_view, 'kind') == 'if'):
            pass
            t_7.extend((
                str(context.call((undefined(name='if_') if l_0_if_ is missing else l_0_if_), l_1_view)),
                '\n',
            ))
        elif (environment.getattr(l_1_view, 'kind') == 'repeat'):
            pass
            t_7.extend((
                str(context.call((undefined(name='repeat') if l_0_repeat is missing else l_0_repeat), l_1_view)),
                '\n',
            ))
        elif (environment.getattr(l_1_view, 'kind') == 'group'):
            pass
            t_7.extend((
                str(context.call((undefined(name='group') if l_0_group is missing else l_0_group), l_1_view)),
                '\n',
            ))
        elif (environment.getattr(l_1_view, 'kind') == 'guard'):
            pass
            t_7.extend((
                str(context.call((undefined(name='guard') if l_0_guard is missing else l_0_guard), l_1_view)),
                '\n',
            ))
        else:
            pass
            t_7.extend((
                str(environment.getattr(l_1_view, 'code')),
                '\n',
            ))
        return concat(t_7)
    context.exported_vars.add('statement')
    context.vars['statement'] = l_0_statement = Macro(environment, macro, 'statement', ('view',), False, False, False, context.eval_ctx.autoescape)
    yield '\n'
    def macro(l_1_target, l_1_annotation):
        t_8 = []
        if l_1_target is missing:
            l_1_target = undefined("parameter 'target' was not provided", name='target')
        if l_1_annotation is missing:
            l_1_annotation = ''
        pass
        if l_1_target:
            pass
            t_8.append(
                str(l_1_target),
            )
            if l_1_annotation:
                pass
                t_8.extend((
                    ': ',
                    str(l_1_annotation),
                ))
            t_8.append(
                ' = ',
            )
        return concat(t_8)
    context.exported_vars.add('assign')
    context.vars['assign'] = l_0_assign = Macro(environment, macro, 'assign', ('target', 'annotation'), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_where, l_1_code):
        t_9 = []
        if l_1_where is missing:
            l_1_where = undefined("parameter 'where' was not provided", name='where')
        if l_1_code is missing:
            l_1_code = undefined("parameter 'code' was not provided", name='code')
        pass
        if l_1_where:
            pass
            t_9.extend((
                'with expressions_at(',
                str(l_1_where),
                '):\n    ',
                str(t_1(t_4(l_1_code), 4)),
                '\n',
            ))
        else:
            pass
            t_9.extend((
                str(t_4(l_1_code)),
                '\n',
            ))
        return concat(t_9)
    context.exported_vars.add('within')
    context.vars['within'] = l_0_within = Macro(environment, macro, 'within', ('where', 'code'), False, False, False, context.eval_ctx.autoescape)
    yield '\n'
    def macro(l_1_arguments):
        t_10 = []
        if l_1_arguments is missing:
            l_1_arguments = undefined("parameter 'arguments' was not provided", name='arguments')
        pass
        t_10.append(
            str(t_4(context.call((undefined(name='within') if l_0_within is missing else l_0_within), environment.getattr(l_1_arguments, 'where'), str_join((environment.getattr(l_1_arguments, 'variable'), ' = ', environment.getattr(l_1_arguments, 'values'), ))))),
        )
        return concat(t_10)
    context.exported_vars.add('evaluated_first')
    context.vars['evaluated_first'] = l_0_evaluated_first = Macro(environment, macro, 'evaluated_first', ('arguments',), False, False, False, context.eval_ctx.autoescape)
    yield '\n'
    def macro(l_1_code, l_1_catches, l_1_finally_code):
        t_11 = []
        if l_1_code is missing:
            l_1_code = undefined("parameter 'code' was not provided", name='code')
        if l_1_catches is missing:
            l_1_catches = undefined("parameter 'catches' was not provided", name='catches')
        if l_1_finally_code is missing:
            l_1_finally_code = ''
        pass
        if (l_1_catches or l_1_finally_code):
            pass
            t_11.extend((
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
                    t_11.append(
                        'except UnrecoverableError:\n    raise\n',
                    )
                t_11.extend((
                    'except ',
                    str(environment.getattr(l_2_catch, 'exceptions')),
                ))
                if environment.getattr(l_2_catch, 'error'):
                    pass
                    t_11.extend((
                        ' as ',
                        str(environment.getattr(l_2_catch, 'error')),
                    ))
                t_11.append(
                    ':\n',
                )
                for l_3_line in environment.getattr(l_2_catch, 'prelude'):
                    _loop_vars = {}
                    pass
                    t_11.extend((
                        '    ',
                        str(l_3_line),
                        '\n',
                    ))
                l_3_line = missing
                if (not environment.getattr(l_2_catch, 'handlers')):
                    pass
                    t_11.extend((
                        '    ',
                        str(t_1(t_4(context.call((undefined(name='unhandled') if l_0_unhandled is missing else l_0_unhandled), l_2_catch, _loop_vars=_loop_vars)), 4)),
                        '\n',
                    ))
                elif ((t_3(environment.getattr(l_2_catch, 'handlers')) == 1) and (not environment.getattr(environment.getitem(environment.getattr(l_2_catch, 'handlers'), 0), 'condition'))):
                    pass
                    if environment.getattr(l_2_catch, 'handled_first'):
                        pass
                        t_11.extend((
                            '    ',
                            str(environment.getattr(l_2_catch, 'handled_first')),
                            '\n',
                        ))
                    t_11.extend((
                        '    ',
                        str(t_1(t_4(context.call((undefined(name='handled') if l_0_handled is missing else l_0_handled), environment.getitem(environment.getattr(l_2_catch, 'handlers'), 0), _loop_vars=_loop_vars)), 4)),
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
                            t_11.extend((
                                '    if ',
                                str(environment.getattr(l_3_view, 'condition')),
                                ':\n',
                            ))
                        elif environment.getattr(l_3_view, 'condition'):
                            pass
                            t_11.extend((
                                '    elif ',
                                str(environment.getattr(l_3_view, 'condition')),
                                ':\n',
                            ))
                        else:
                            pass
                            t_11.append(
                                '    else:\n',
                            )
                        if environment.getattr(l_2_catch, 'handled_first'):
                            pass
                            t_11.extend((
                                '        ',
                                str(environment.getattr(l_2_catch, 'handled_first')),
                                '\n',
                            ))
                        t_11.extend((
                            '        ',
                            str(t_1(t_4(context.call((undefined(name='handled') if l_0_handled is missing else l_0_handled), l_3_view, _loop_vars=_loop_vars)), 8)),
                            '\n',
                        ))
                    l_3_loop = l_3_view = missing
                    if environment.getattr(l_2_catch, 'reraise'):
                        pass
                        t_11.extend((
                            '    else:\n        ',
                            str(t_1(t_4(context.call((undefined(name='unhandled') if l_0_unhandled is missing else l_0_unhandled), l_2_catch, _loop_vars=_loop_vars)), 8)),
                            '\n',
                        ))
            l_2_loop = l_2_catch = missing
            if l_1_finally_code:
                pass
                t_11.extend((
                    'finally:\n    ',
                    str(t_1(t_4(l_1_finally_code), 4)),
                    '\n',
                ))
        else:
            pass
            t_11.extend((
                str(l_1_code),
                '\n',
            ))
        return concat(t_11)
    context.exported_vars.add('guarded')
    context.vars['guarded'] = l_0_guarded = Macro(environment, macro, 'guarded', ('code', 'catches', 'finally_code'), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_catch):
        t_12 = []
        if l_1_catch is missing:
            l_1_catch = undefined("parameter 'catch' was not provided", name='catch')
        pass
        for l_2_line in environment.getattr(l_1_catch, 'unhandled'):
            _loop_vars = {}
            pass
            t_12.extend((
                str(l_2_line),
                '\n',
            ))
        l_2_line = missing
        if environment.getattr(l_1_catch, 'raises'):
            pass
            t_12.extend((
                'raise ',
                str(environment.getattr(l_1_catch, 'raises')),
                ' from None\n',
            ))
        else:
            pass
            t_12.append(
                'raise\n',
            )
        return concat(t_12)
    context.exported_vars.add('unhandled')
    context.vars['unhandled'] = l_0_unhandled = Macro(environment, macro, 'unhandled', ('catch',), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_view):
        t_13 = []
        if l_1_view is missing:
            l_1_view = undefined("parameter 'view' was not provided", name='view')
        pass
        if environment.getattr(l_1_view, 'failure'):
            pass
            t_13.extend((
                str(environment.getattr(l_1_view, 'failure')),
                '\n',
            ))
        if environment.getattr(l_1_view, 'body'):
            pass
            t_13.extend((
                str(t_4(context.call((undefined(name='block') if l_0_block is missing else l_0_block), environment.getattr(l_1_view, 'body')))),
                '\n',
            ))
        if (environment.getattr(l_1_view, 'falls_through') and environment.getattr(l_1_view, 'target')):
            pass
            t_13.extend((
                str(environment.getattr(l_1_view, 'target')),
                ' = None\n',
            ))
        elif ((not environment.getattr(l_1_view, 'body')) and (not environment.getattr(l_1_view, 'failure'))):
            pass
            t_13.append(
                'pass\n',
            )
        return concat(t_13)
    context.exported_vars.add('handled')
    context.vars['handled'] = l_0_handled = Macro(environment, macro, 'handled', ('view',), False, False, False, context.eval_ctx.autoescape)
    yield '\n'
    def macro(l_1_view):
        t_14 = []
        l_1_call = missing
        if l_1_view is missing:
            l_1_view = undefined("parameter 'view' was not provided", name='view')
        pass
        t_15 = []
        pass
        if environment.getattr(l_1_view, 'arguments'):
            pass
            t_15.extend((
                str(context.call((undefined(name='evaluated_first') if l_0_evaluated_first is missing else l_0_evaluated_first), environment.getattr(l_1_view, 'arguments'))),
                '\n',
            ))
        t_15.extend((
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
        l_1_call = (Markup if context.eval_ctx.autoescape else identity)(concat(t_15))
        t_14.extend((
            str(t_4(context.call((undefined(name='guarded') if l_0_guarded is missing else l_0_guarded), t_4((undefined(name='call') if l_1_call is missing else l_1_call)), environment.getattr(l_1_view, 'handlers')))),
            '\n',
        ))
        if environment.getattr(l_1_view, 'undo'):
            pass
            t_14.extend((
                'compensations.append((',
                str(environment.getattr(environment.getattr(l_1_view, 'undo'), 'name')),
                ', ',
                str(environment.getattr(environment.getattr(l_1_view, 'undo'), 'action')),
                ', ',
                str(environment.getattr(environment.getattr(l_1_view, 'undo'), 'arguments')),
                '))\n',
            ))
        return concat(t_14)
    context.exported_vars.add('step')
    context.vars['step'] = l_0_step = Macro(environment, macro, 'step', ('view',), False, False, False, context.eval_ctx.autoescape)
    yield '\n'
    def macro(l_1_view):
        t_16 = []
        if l_1_view is missing:
            l_1_view = undefined("parameter 'view' was not provided", name='view')
        pass
        t_16.extend((
            str(environment.getattr(l_1_view, 'context')),
            '.wait(',
            str(environment.getattr(l_1_view, 'duration')),
            ', name=',
            str(environment.getattr(l_1_view, 'name')),
            ')',
        ))
        return concat(t_16)
    context.exported_vars.add('wait')
    context.vars['wait'] = l_0_wait = Macro(environment, macro, 'wait', ('view',), False, False, False, context.eval_ctx.autoescape)
    yield '\n'
    def macro(l_1_view):
        t_17 = []
        if l_1_view is missing:
            l_1_view = undefined("parameter 'view' was not provided", name='view')
        pass
        t_17.extend((
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
        return concat(t_17)
    context.exported_vars.add('wait_until')
    context.vars['wait_until'] = l_0_wait_until = Macro(environment, macro, 'wait_until', ('view',), False, False, False, context.eval_ctx.autoescape)
    yield '\n'
    def macro(l_1_view):
        t_18 = []
        l_1_call = missing
        if l_1_view is missing:
            l_1_view = undefined("parameter 'view' was not provided", name='view')
        pass
        t_18.extend((
            'def ',
            str(environment.getattr(l_1_view, 'submitter')),
            '(callback_id: str, _: WaitForCallbackContext) -> None:\n    ',
            str(environment.getattr(l_1_view, 'submit_call')),
            '\n\n',
        ))
        t_19 = []
        pass
        if environment.getattr(l_1_view, 'arguments'):
            pass
            t_19.extend((
                str(context.call((undefined(name='evaluated_first') if l_0_evaluated_first is missing else l_0_evaluated_first), environment.getattr(l_1_view, 'arguments'))),
                '\n',
            ))
        if environment.getattr(l_1_view, 'as_text'):
            pass
            t_19.extend((
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
            t_19.extend((
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
        l_1_call = (Markup if context.eval_ctx.autoescape else identity)(concat(t_19))
        t_18.append(
            str(t_4(context.call((undefined(name='guarded') if l_0_guarded is missing else l_0_guarded), (undefined(name='call') if l_1_call is missing else l_1_call), environment.getattr(l_1_view, 'handlers')))),
        )
        return concat(t_18)
    context.exported_vars.add('wait_for')
    context.vars['wait_for'] = l_0_wait_for = Macro(environment, macro, 'wait_for', ('view',), False, False, False, context.eval_ctx.autoescape)
    yield '\n'
    def macro(l_1_view):
        t_20 = []
        l_1_call = resolve('call')
        if l_1_view is missing:
            l_1_view = undefined("parameter 'view' was not provided", name='view')
        pass
        if environment.getattr(l_1_view, 'retry'):
            pass
            t_21 = []
            pass
            t_21.extend((
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
            l_1_call = (Markup if context.eval_ctx.autoescape else identity)(concat(t_21))
            t_20.extend((
                str(t_4(context.call((undefined(name='guarded') if l_0_guarded is missing else l_0_guarded), (undefined(name='call') if l_1_call is missing else l_1_call), environment.getattr(l_1_view, 'handlers')))),
                '\n',
            ))
        else:
            pass
            t_20.extend((
                str(t_4(context.call((undefined(name='guarded') if l_0_guarded is missing else l_0_guarded), str_join((context.call((undefined(name='assign') if l_0_assign is missing else l_0_assign), environment.getattr(l_1_view, 'target'), 'Any'), environment.getattr(l_1_view, 'context'), '.invoke(', environment.getattr(l_1_view, 'function'), ', ', environment.getattr(l_1_view, 'payload'), ', name=', environment.getattr(l_1_view, 'name'), ')', )), environment.getattr(l_1_view, 'handlers')))),
                '\n',
            ))
        return concat(t_20)
    context.exported_vars.add('invoke')
    context.vars['invoke'] = l_0_invoke = Macro(environment, macro, 'invoke', ('view',), False, False, False, context.eval_ctx.autoescape)
    yield '\n'
    def macro(l_1_view):
        t_22 = []
        l_1_stop = l_1_call = missing
        if l_1_view is missing:
            l_1_view = undefined("parameter 'view' was not provided", name='view')
        pass
        if environment.getattr(l_1_view, 'check_function'):
            pass
            t_22.extend((
                'def ',
                str(environment.getattr(l_1_view, 'check_function')),
                '(',
                str(environment.getattr(l_1_view, 'previous')),
                ': Any, _: WaitForConditionCheckContext) -> Any:\n    ',
                str(t_1(context.call((undefined(name='evaluated_first') if l_0_evaluated_first is missing else l_0_evaluated_first), environment.getattr(l_1_view, 'arguments')), 4)),
                '\n    return ',
                str(environment.getattr(l_1_view, 'check_call')),
                '\n\n',
            ))
        t_23 = []
        pass
        t_23.extend((
            'if ',
            str(environment.getattr(l_1_view, 'condition')),
        ))
        if environment.getattr(l_1_view, 'max_checks'):
            pass
            t_23.extend((
                ' or checks >= ',
                str(environment.getattr(l_1_view, 'max_checks')),
            ))
        t_23.append(
            ':\n    return WaitForConditionDecision.stop_polling()\n',
        )
        l_1_stop = (Markup if context.eval_ctx.autoescape else identity)(concat(t_23))
        t_22.extend((
            'def ',
            str(environment.getattr(l_1_view, 'strategy')),
            '(',
            str(environment.getattr(l_1_view, 'target')),
            ': Any, checks: int) -> WaitForConditionDecision:\n    ',
            str(t_1(t_4(context.call((undefined(name='within') if l_0_within is missing else l_0_within), environment.getattr(l_1_view, 'until_where'), (undefined(name='stop') if l_1_stop is missing else l_1_stop))), 4)),
            '\n    return WaitForConditionDecision.continue_waiting(',
            str(environment.getattr(l_1_view, 'delay')),
            ')\n\n',
        ))
        l_2_give_up = resolve('give_up')
        t_24 = []
        pass
        if environment.getattr(l_1_view, 'retry'):
            pass
            t_24.extend((
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
            t_24.extend((
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
            t_25 = []
            pass
            t_25.extend((
                'if not ',
                str(environment.getattr(l_1_view, 'negated')),
                ':\n    raise ',
                str(environment.getattr(l_1_view, 'give_up')),
                '\n',
            ))
            l_2_give_up = (Markup if context.eval_ctx.autoescape else identity)(concat(t_25))
            t_24.extend((
                str(t_4(context.call((undefined(name='within') if l_0_within is missing else l_0_within), environment.getattr(l_1_view, 'until_where'), (undefined(name='give_up') if l_2_give_up is missing else l_2_give_up)))),
                '\n',
            ))
        l_1_call = (Markup if context.eval_ctx.autoescape else identity)(concat(t_24))
        l_2_give_up = missing
        t_22.append(
            str(t_4(context.call((undefined(name='guarded') if l_0_guarded is missing else l_0_guarded), (undefined(name='call') if l_1_call is missing else l_1_call), environment.getattr(l_1_view, 'handlers')))),
        )
        return concat(t_22)
    context.exported_vars.add('poll')
    context.vars['poll'] = l_0_poll = Macro(environment, macro, 'poll', ('view',), False, False, False, context.eval_ctx.autoescape)
    yield '\n'
    def macro(l_1_function):
        t_26 = []
        if l_1_function is missing:
            l_1_function = undefined("parameter 'function' was not provided", name='function')
        pass
        if environment.getattr(l_1_function, 'wraps_result'):
            pass
            t_26.extend((
                '{"result": ',
                str(environment.getattr(l_1_function, 'result')),
                '}',
            ))
        else:
            pass
            t_26.append(
                str(environment.getattr(l_1_function, 'result')),
            )
        return concat(t_26)
    context.exported_vars.add('function_result')
    context.vars['function_result'] = l_0_function_result = Macro(environment, macro, 'function_result', ('function',), False, False, False, context.eval_ctx.autoescape)
    yield '\n'
    def macro(l_1_function):
        t_27 = []
        if l_1_function is missing:
            l_1_function = undefined("parameter 'function' was not provided", name='function')
        pass
        t_27.extend((
            'def ',
            str(environment.getattr(l_1_function, 'name')),
            '(',
            str(environment.getattr(l_1_function, 'parameters')),
            ') -> Any:\n',
        ))
        if (environment.getattr(l_1_function, 'carries_undo') or environment.getattr(l_1_function, 'values')):
            pass
            if environment.getattr(l_1_function, 'nonlocals'):
                pass
                t_27.extend((
                    '    nonlocal ',
                    str(t_2(context.eval_ctx, environment.getattr(l_1_function, 'nonlocals'), ', ')),
                    '\n',
                ))
            if environment.getattr(l_1_function, 'carries_undo'):
                pass
                t_27.append(
                    "    # The group's undo calls travel with its result, or with its failure.\n    compensations: list[Compensation] = []\n",
                )
            else:
                pass
                t_27.append(
                    '    # The values the group gives names set before it travel with its result, or its failure.\n',
                )
            t_27.append(
                '    try:\n',
            )
            if environment.getattr(l_1_function, 'body'):
                pass
                t_27.extend((
                    '        ',
                    str(t_1(t_4(context.call((undefined(name='block') if l_0_block is missing else l_0_block), environment.getattr(l_1_function, 'body'))), 8)),
                    '\n',
                ))
            if (not t_5(environment.getattr(l_1_function, 'result'))):
                pass
                t_27.extend((
                    '        return {"result": ',
                    str(environment.getattr(l_1_function, 'result')),
                ))
                if environment.getattr(l_1_function, 'carries_undo'):
                    pass
                    t_27.append(
                        ', "undo": compensations',
                    )
                if environment.getattr(l_1_function, 'values'):
                    pass
                    t_27.extend((
                        ', "set": ',
                        str(environment.getattr(l_1_function, 'values')),
                    ))
                t_27.append(
                    '}\n',
                )
            t_27.append(
                '    except UnrecoverableError:\n        raise\n    except Exception as error:\n',
            )
            if environment.getattr(l_1_function, 'carries_undo'):
                pass
                t_27.append(
                    "        # They run after the group's `finally`, or before the block that handles its failure.\n",
                )
            t_27.append(
                '        raise carry_undo(error, ',
            )
            if environment.getattr(l_1_function, 'carries_undo'):
                pass
                t_27.append(
                    'compensations',
                )
            else:
                pass
                t_27.append(
                    '[]',
                )
            if environment.getattr(l_1_function, 'values'):
                pass
                t_27.extend((
                    ', ',
                    str(environment.getattr(l_1_function, 'values')),
                ))
            t_27.append(
                ')\n',
            )
        elif environment.getattr(l_1_function, 'records_undo'):
            pass
            t_27.append(
                "    # This function's undo calls travel with its result; if it fails, it undoes its own steps.\n    compensations: list[Compensation] = []\n    try:\n",
            )
            if environment.getattr(l_1_function, 'body'):
                pass
                t_27.extend((
                    '        ',
                    str(t_1(t_4(context.call((undefined(name='block') if l_0_block is missing else l_0_block), environment.getattr(l_1_function, 'body'))), 8)),
                    '\n',
                ))
            if (not t_5(environment.getattr(l_1_function, 'result'))):
                pass
                t_27.extend((
                    '        return {"result": ',
                    str(environment.getattr(l_1_function, 'result')),
                    ', "undo": compensations}\n',
                ))
            t_27.append(
                '    except UnrecoverableError:\n        raise\n',
            )
            if environment.getattr(l_1_function, 'keeps_error_types'):
                pass
                t_27.append(
                    '    except Exception as error:\n        undo_completed_steps(ctx, compensations)\n        raise keep_error_type(error)\n',
                )
            else:
                pass
                t_27.append(
                    '    except Exception:\n        undo_completed_steps(ctx, compensations)\n        raise\n',
                )
        elif environment.getattr(l_1_function, 'keeps_error_types'):
            pass
            t_27.append(
                '    try:\n',
            )
            if environment.getattr(l_1_function, 'body'):
                pass
                t_27.extend((
                    '        ',
                    str(t_1(t_4(context.call((undefined(name='block') if l_0_block is missing else l_0_block), environment.getattr(l_1_function, 'body'))), 8)),
                    '\n',
                ))
            if (not t_5(environment.getattr(l_1_function, 'result'))):
                pass
                t_27.extend((
                    '        return ',
                    str(context.call((undefined(name='function_result') if l_0_function_result is missing else l_0_function_result), l_1_function)),
                    '\n',
                ))
            t_27.append(
                "    except StepError as error:\n        # The SDK records only StepError: keep the action's error type for what reads it.\n        raise keep_error_type(error)\n",
            )
        else:
            pass
            if environment.getattr(l_1_function, 'body'):
                pass
                t_27.extend((
                    '    ',
                    str(t_1(t_4(context.call((undefined(name='block') if l_0_block is missing else l_0_block), environment.getattr(l_1_function, 'body'))), 4)),
                    '\n',
                ))
            if (not t_5(environment.getattr(l_1_function, 'result'))):
                pass
                t_27.extend((
                    '    return ',
                    str(context.call((undefined(name='function_result') if l_0_function_result is missing else l_0_function_result), l_1_function)),
                    '\n',
                ))
        return concat(t_27)
    context.exported_vars.add('nested_function')
    context.vars['nested_function'] = l_0_nested_function = Macro(environment, macro, 'nested_function', ('function',), False, False, False, context.eval_ctx.autoescape)
    yield '\n'
    def macro(l_1_view):
        t_28 = []
        if l_1_view is missing:
            l_1_view = undefined("parameter 'view' was not provided", name='view')
        pass
        for l_2_function in environment.getattr(l_1_view, 'functions'):
            _loop_vars = {}
            pass
            t_28.extend((
                str(context.call((undefined(name='nested_function') if l_0_nested_function is missing else l_0_nested_function), l_2_function, _loop_vars=_loop_vars)),
                '\n\n',
            ))
        l_2_function = missing
        for l_2_line in environment.getattr(l_1_view, 'prelude'):
            _loop_vars = {}
            pass
            t_28.extend((
                str(l_2_line),
                '\n',
            ))
        l_2_line = missing
        t_28.extend((
            str(environment.getattr(l_1_view, 'batch_var')),
            ': BatchResult[Any] = ',
            str(environment.getattr(l_1_view, 'call')),
            '\n',
            str(t_4(context.call((undefined(name='guarded') if l_0_guarded is missing else l_0_guarded), str_join((context.call((undefined(name='assign') if l_0_assign is missing else l_0_assign), environment.getattr(l_1_view, 'target')), environment.getattr(l_1_view, 'results'), )), environment.getattr(l_1_view, 'handlers')))),
        ))
        return concat(t_28)
    context.exported_vars.add('batch')
    context.vars['batch'] = l_0_batch = Macro(environment, macro, 'batch', ('view',), False, False, False, context.eval_ctx.autoescape)
    yield '\n'
    def macro(l_1_view):
        t_29 = []
        l_1_run = l_1_finally_code = missing
        if l_1_view is missing:
            l_1_view = undefined("parameter 'view' was not provided", name='view')
        pass
        t_29.extend((
            str(context.call((undefined(name='nested_function') if l_0_nested_function is missing else l_0_nested_function), environment.getattr(l_1_view, 'function'))),
            '\n\n',
        ))
        t_30 = []
        pass
        if environment.getattr(l_1_view, 'outcome'):
            pass
            t_30.extend((
                str(environment.getattr(l_1_view, 'outcome')),
                ' = ',
                str(environment.getattr(l_1_view, 'call')),
                '\n',
            ))
            if environment.getattr(l_1_view, 'ended'):
                pass
                t_30.extend((
                    'if "returned" in ',
                    str(environment.getattr(l_1_view, 'outcome')),
                    ':\n    ',
                    str(environment.getattr(l_1_view, 'ended')),
                    '\n',
                ))
            if environment.getattr(l_1_view, 'records_undo'):
                pass
                t_30.extend((
                    'compensations.extend(',
                    str(environment.getattr(l_1_view, 'outcome')),
                    '["undo"])\n',
                ))
            for (l_3_variable, l_3_key) in environment.getattr(l_1_view, 'sets'):
                _loop_vars = {}
                pass
                t_30.extend((
                    str(l_3_variable),
                    ' = ',
                    str(environment.getattr(l_1_view, 'outcome')),
                    '["set"][',
                    str(l_3_key),
                    ']\n',
                ))
            l_3_variable = l_3_key = missing
            if environment.getattr(l_1_view, 'target'):
                pass
                t_30.extend((
                    str(environment.getattr(l_1_view, 'target')),
                    ' = ',
                    str(environment.getattr(l_1_view, 'outcome')),
                    '["result"]\n',
                ))
        else:
            pass
            t_30.extend((
                str(context.call((undefined(name='assign') if l_0_assign is missing else l_0_assign), environment.getattr(l_1_view, 'target'))),
                str(environment.getattr(l_1_view, 'call')),
                '\n',
            ))
        l_1_run = (Markup if context.eval_ctx.autoescape else identity)(concat(t_30))
        if environment.getattr(l_1_view, 'preset'):
            pass
            t_29.extend((
                str(environment.getattr(l_1_view, 'target')),
                ' = None\n',
            ))
        t_31 = []
        pass
        if environment.getattr(l_1_view, 'finally_body'):
            pass
            t_31.extend((
                '# The group is over (succeeded, failed, or ended the flow), not just suspended.\nif group_is_over():\n    ',
                str(t_1(t_4(context.call((undefined(name='block') if l_0_block is missing else l_0_block), environment.getattr(l_1_view, 'finally_body'))), 4)),
                '\n',
            ))
        l_1_finally_code = (Markup if context.eval_ctx.autoescape else identity)(concat(t_31))
        t_29.append(
            str(t_4(context.call((undefined(name='guarded') if l_0_guarded is missing else l_0_guarded), t_4((undefined(name='run') if l_1_run is missing else l_1_run)), environment.getattr(l_1_view, 'handlers'), t_4((undefined(name='finally_code') if l_1_finally_code is missing else l_1_finally_code))))),
        )
        return concat(t_29)
    context.exported_vars.add('group')
    context.vars['group'] = l_0_group = Macro(environment, macro, 'group', ('view',), False, False, False, context.eval_ctx.autoescape)
    yield '\n'
    def macro(l_1_view):
        t_32 = []
        if l_1_view is missing:
            l_1_view = undefined("parameter 'view' was not provided", name='view')
        pass
        for l_2_arm in environment.getattr(l_1_view, 'arms'):
            _loop_vars = {}
            pass
            if (environment.getattr(l_2_arm, 'keyword') == 'else'):
                pass
                t_32.append(
                    'else:\n',
                )
            else:
                pass
                t_32.extend((
                    str(environment.getattr(l_2_arm, 'keyword')),
                    ' ',
                    str(environment.getattr(l_2_arm, 'condition')),
                    ':\n',
                ))
            if environment.getattr(l_2_arm, 'body'):
                pass
                t_32.extend((
                    '    ',
                    str(t_1(t_4(context.call((undefined(name='block') if l_0_block is missing else l_0_block), environment.getattr(l_2_arm, 'body'), _loop_vars=_loop_vars)), 4)),
                    '\n',
                ))
            else:
                pass
                t_32.append(
                    '    pass\n',
                )
        l_2_arm = missing
        return concat(t_32)
    context.exported_vars.add('if_')
    context.vars['if_'] = l_0_if_ = Macro(environment, macro, 'if_', ('view',), False, False, False, context.eval_ctx.autoescape)
    yield '\n'
    def macro(l_1_view):
        t_33 = []
        l_1_passes = missing
        if l_1_view is missing:
            l_1_view = undefined("parameter 'view' was not provided", name='view')
        pass
        t_34 = []
        pass
        t_34.extend((
            'for _ in range(',
            str(environment.getattr(l_1_view, 'passes')),
            '):\n',
        ))
        if (environment.getattr(l_1_view, 'mode') == 'while'):
            pass
            t_34.extend((
                '    if ',
                str(environment.getattr(l_1_view, 'stop')),
                ':\n        break\n',
            ))
        t_34.extend((
            '    ',
            str(t_1(t_4(context.call((undefined(name='block') if l_0_block is missing else l_0_block), environment.getattr(l_1_view, 'body'))), 4)),
            '\n',
        ))
        if (environment.getattr(l_1_view, 'mode') == 'until'):
            pass
            t_34.extend((
                '    if ',
                str(environment.getattr(l_1_view, 'stop')),
                ':\n        break\n',
            ))
        t_34.append(
            'else:\n',
        )
        if (environment.getattr(l_1_view, 'mode') == 'while'):
            pass
            t_34.extend((
                '    if ',
                str(environment.getattr(l_1_view, 'keep_going')),
                ':\n        raise ',
                str(environment.getattr(l_1_view, 'give_up')),
                '\n',
            ))
        else:
            pass
            t_34.extend((
                '    raise ',
                str(environment.getattr(l_1_view, 'give_up')),
                '\n',
            ))
        l_1_passes = (Markup if context.eval_ctx.autoescape else identity)(concat(t_34))
        t_33.append(
            str(t_4(context.call((undefined(name='guarded') if l_0_guarded is missing else l_0_guarded), (undefined(name='passes') if l_1_passes is missing else l_1_passes), environment.getattr(l_1_view, 'handlers')))),
        )
        return concat(t_33)
    context.exported_vars.add('repeat')
    context.vars['repeat'] = l_0_repeat = Macro(environment, macro, 'repeat', ('view',), False, False, False, context.eval_ctx.autoescape)
    yield '\n'
    def macro(l_1_view):
        t_35 = []
        if l_1_view is missing:
            l_1_view = undefined("parameter 'view' was not provided", name='view')
        pass
        t_35.append(
            str(t_4(context.call((undefined(name='within') if l_0_within is missing else l_0_within), environment.getattr(l_1_view, 'where'), context.call((undefined(name='statement') if l_0_statement is missing else l_0_statement), environment.getattr(l_1_view, 'inner'))))),
        )
        return concat(t_35)
    context.exported_vars.add('guard')
    context.vars['guard'] = l_0_guard = Macro(environment, macro, 'guard', ('view',), False, False, False, context.eval_ctx.autoescape)

blocks = {}
debug_info = '3=42&4=48&5=51&8=56&9=61&11=66&15=74&16=79&17=85&18=91&19=97&20=103&21=109&22=115&23=121&24=127&25=133&26=139&27=148&31=155&35=179&36=186&37=190&38=192&40=198&45=205&46=211&49=217&50=226&52=230&53=234&54=237&58=244&59=255&60=260&62=264&63=268&64=271&65=273&66=277&68=282&70=288&71=291&72=295&73=298&74=302&78=310&79=314&81=319&83=323&85=327&89=331&91=335&94=341&99=347&100=352&101=356&103=360&104=364&111=375&112=380&113=383&115=386&116=389&118=392&119=395&120=398&125=407&127=415&128=418&130=422&126=432&132=434&133=437&134=441&138=452&139=458&142=469&143=475&145=477&147=485&151=492&152=500&153=502&156=507&157=510&159=513&160=516&162=529&163=531&155=540&167=542&170=548&171=554&173=559&174=561&175=563&176=571&177=573&172=576&180=578&182=584&186=591&187=597&188=601&189=605&190=607&194=614&193=625&197=628&198=632&199=634&202=640&203=643&204=645&205=647&206=649&207=651&208=653&210=655&211=657&214=663&215=667&216=669&217=671&220=674&222=680&223=682&221=685&225=687&201=690&228=693&231=699&233=720&234=727&235=732&236=734&237=738&239=741&246=754&247=758&249=761&250=765&255=784&258=792&259=811&263=816&264=820&266=823&267=827&271=833&280=843&282=848&283=852&285=855&286=859&292=867&293=871&295=874&296=878&301=885&302=890&303=894&306=898&307=902&309=907&310=911&313=917&314=924&317=929&318=932&319=937&320=941&321=943&323=946&324=950&326=953&327=957&329=965&330=968&333=976&316=980&336=981&337=984&340=989&343=993&339=996&346=998&349=1004&350=1009&351=1012&354=1020&356=1025&357=1029&364=1042&366=1052&367=1055&368=1059&371=1064&372=1067&373=1071&377=1077&378=1081&379=1083&381=1090&365=1093&384=1095&387=1101&388=1107'