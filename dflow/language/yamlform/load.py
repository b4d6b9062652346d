"""Stage 1 for the YAML form: YAML text → `model.Flow`, the same model the `.flow` parser builds.

Three passes, each reporting at the exact line and column of the YAML file:
the YAML itself (`reader.py`; ruamel keeps positions), the document's shape (`shape.py`, checked by the
pydantic models of `document.py`, whose errors are turned into plain words),
and the flow syntax inside strings (parsed by the same grammar as `.flow`).
"""

from __future__ import annotations

from typing import Any, Literal, assert_never

from ruamel.yaml.comments import CommentedMap

from dflow.language import model as m
from dflow.language.diagnostics import Diagnostic, FlowError, point
from dflow.language.grammar.keywords import IDENTIFIER
from dflow.language.grammar.parse import parse_expression, parse_piece
from dflow.language.grammar.transform import computed_wait_unit
from dflow.language.grammar.strings import StringDecoder
from dflow.language.yamlform import document as d
from dflow.language.yamlform.reader import read_yaml
from dflow.language.yamlform.shape import shape_errors
from dflow.language.yamlform.spans import key_span, node_span, value_span

SETTING_KEYWORDS = {"memory": "memory_mb", "input": "inputs"}


def load_flow(text: str) -> m.Flow:
    """Parse a YAML flow; raises `FlowError` with every problem found."""
    data = read_yaml(text)
    problems = shape_errors(data)
    if problems:
        raise FlowError(problems)
    builder = YamlBuilder()
    flow = builder.flow(data)
    if builder.diagnostics:
        raise FlowError(builder.diagnostics)
    return flow


# ---------------------------------------------------------------- pass 3: the model


class YamlBuilder:
    """Builds `model.Flow` from a YAML document that has the right shape."""

    def __init__(self) -> None:
        self.diagnostics: list[Diagnostic] = []

    # ------------------------------------------------------------ pieces of flow syntax

    def piece(self, start: str, parent: Any, key: Any, prefix: str = "") -> Any:
        """Parse the string at `parent[key]` with a grammar entry point; None on error."""
        value = parent[key]
        text = _expression_text(value)
        span = value_span(parent, key)
        try:
            return parse_piece(start, prefix + text, span.line, span.column - len(prefix))
        except FlowError as error:
            self.diagnostics.extend(error.diagnostics)
            return None

    def expression(self, parent: Any, key: Any) -> m.Expr:
        value = parent[key]
        span = value_span(parent, key)
        try:
            return parse_expression(_expression_text(value), span.line, span.column)
        except Exception as error:  # noqa: BLE001 - ReportedSyntaxError carries the diagnostics
            self.diagnostics.extend(getattr(error, "diagnostics", []))
            return m.LiteralValue(value=None, span=span)

    def text(self, parent: Any, key: Any) -> m.Expr:
        """Text with `{expression}` parts (a log line, a failure message)."""
        span = value_span(parent, key)
        decoder = StringDecoder(str(parent[key]), span.line, span.column, parse_expression, escapes=False)
        parts = decoder.decode()
        self.diagnostics.extend(decoder.diagnostics)
        if all(isinstance(part, str) for part in parts):
            return m.LiteralValue(value="".join(str(part) for part in parts), span=span)
        return m.Template(parts=parts, span=span)

    def name(self, parent: Any, key: Any) -> m.Name:
        text = str(parent[key])
        span = value_span(parent, key)
        if not IDENTIFIER.match(text):
            self.diagnostics.append(Diagnostic(
                "DF607", f"`{text}` is not a name", span,
                hint="names are letters, digits and `_`, not starting with a digit",
            ))
        return m.Name(text=text, span=span)

    def call(self, parent: Any, key: Any) -> m.Call:
        return self.piece("yaml_call", parent, key) or m.Call(
            alias=None, function="_", function_span=value_span(parent, key), arguments=[],
            span=value_span(parent, key),
        )

    def duration(self, parent: Any, key: Any) -> m.Duration | None:
        if parent.get(key) is None:
            return None
        result: m.Duration | None = self.piece("yaml_duration", parent, key)
        return result

    # ------------------------------------------------------------ the flow

    def flow(self, data: CommentedMap) -> m.Flow:
        settings = [
            m.Setting(keyword=SETTING_KEYWORDS.get(str(key), str(key)), span=key_span(data, key))
            for key in data if key not in ("flow", "steps", "comment", "actions")
        ]
        # One per module, as a `.flow` file has one `actions` line per module.
        settings += [m.Setting(keyword="actions", span=value_span(data["actions"], i))
                     for i in range(len(data.get("actions") or []))]
        retry = self.piece("yaml_retry", data, "retry", prefix="retry ") if data.get("retry") is not None else None
        return m.Flow(
            name=self.name(data, "flow"),
            description=data.get("description"),
            comment=data.get("comment"),
            timeout=self.duration(data, "timeout"),
            retention=self.duration(data, "retention"),
            actions=[a for a in (self.piece("yaml_module", data["actions"], i) for i in range(len(data.get("actions") or []))) if a],
            retry=retry,
            runtime=data.get("runtime"),
            memory_mb=data.get("memory"),
            invocation_timeout=self.duration(data, "invocation_timeout"),
            inputs=self.inputs(data["input"]) if data.get("input") is not None else None,
            settings=settings,
            body=self.block(data, "steps"),
            span=point(1, 1),
        )

    def inputs(self, mapping: CommentedMap) -> list[m.InputField]:
        fields = []
        for key, value in mapping.items():
            name = m.Name(text=str(key), span=key_span(mapping, key))
            if isinstance(value, CommentedMap):
                parsed = self.piece("yaml_input", value, "type")
                default = self.expression(value, "default") if value.get("default") is not None else None
                description = value.get("description")
            else:
                parsed = self.piece("yaml_input", mapping, key)
                default, description = None, None
            type_, written_default = parsed if parsed else (m.InputType(name="any", span=name.span), None)
            fields.append(m.InputField(name=name, type=type_, default=default or written_default,
                                       description=description, span=name.span))
        return fields

    # ------------------------------------------------------------ statements

    def block(self, parent: Any, key: Any) -> m.Block:
        items = parent.get(key) or []
        span = value_span(parent, key) if key in parent else point(1, 1)
        return m.Block(statements=[self.statement(item) for item in items], span=span)

    def optional_block(self, mapping: CommentedMap, key: str) -> m.Block | None:
        return self.block(mapping, key) if mapping.get(key) is not None else None

    def retries(self, item: CommentedMap) -> list[m.RetryPolicy]:
        """`retry: "3 times …"`, or a list of such lines."""
        value = item.get("retry")
        if value is None:
            return []
        places = [(value, index) for index in range(len(value))] if isinstance(value, list) else [(item, "retry")]
        parsed = [self.piece("yaml_retry", parent, key, prefix="retry ") for parent, key in places]
        return [retry for retry in parsed if retry is not None]

    def failure_blocks(self, item: CommentedMap) -> list[m.Handler]:
        """`on_failure`: statements (one block for any failure), or blocks with `errors`, `as`, `steps`."""
        items = item.get("on_failure")
        if not items:
            return []
        span = value_span(item, "on_failure")
        if d.statement_key(items[0]) is not None:
            return [m.Handler(body=self.block(item, "on_failure"), span=span)]
        return [self.handler(block, node_span(block) or span) for block in items]

    def timeout_block(self, item: CommentedMap) -> m.Handler | None:
        value = item.get("on_timeout")
        if value is None:
            return None
        span = value_span(item, "on_timeout")
        if isinstance(value, CommentedMap):
            return self.handler(value, node_span(value) or span)
        return m.Handler(body=self.block(item, "on_timeout"), span=span)

    def handler(self, block: CommentedMap, span: m.Span) -> m.Handler:
        errors = block.get("errors") or []
        return m.Handler(
            errors=[m.Name(text=str(error), span=value_span(errors, index)) for index, error in enumerate(errors)],
            alias=self.name(block, "as") if block.get("as") is not None else None,
            body=self.block(block, "steps"),
            span=span,
        )

    def statement(self, item: CommentedMap) -> m.AnyStatement:
        common = {"span": node_span(item) or point(1, 1), "description": item.get("description")}
        kind = d.statement_key(item)
        match kind:
            case "step":
                return self._step(item, common)
            case "wait":
                return self._wait(item, common)
            case "wait_for":
                return self._wait_for(item, common)
            case "invoke":
                return self._invoke(item, common)
            case "poll":
                return self._poll(item, common)
            case "if":
                return self._if(item, common)
            case "parallel":
                return self._parallel(item, common)
            case "for_each":
                return self._for_each(item, common)
            case "repeat":
                return self._repeat(item, common)
            case "group":
                return self._group(item, common)
            case "set":
                return self._set(item, common)
            case "log":
                return self._log(item, common)
            case "return":
                return self._return(item, common)
            case "fail":
                return self._fail(item, common)
            case None:
                raise AssertionError("the document's shape was checked first: every statement has a key")
            case _:
                assert_never(kind)

    def _step(self, item: CommentedMap, common: dict[str, Any]) -> m.Step:
        call = self.call(item, "step")
        name = self.name(item, "name") if item.get("name") is not None else m.Name(text=call.function, span=call.function_span)
        return m.Step(
            name=name, explicit_name=item.get("name") is not None, call=call, retry=self.retries(item),
            at_most_once=bool(item.get("at_most_once")),
            undo=self.call(item, "undo") if item.get("undo") is not None else None,
            on_failure=self.failure_blocks(item), **common,
        )

    def _wait(self, item: CommentedMap, common: dict[str, Any]) -> m.Wait:
        name = self.name(item, "name") if item.get("name") is not None else None
        if isinstance(item["wait"], CommentedMap) and item["wait"].get("amount") is not None:
            written = item["wait"]
            unit, problem = computed_wait_unit(self.name(written, "unit"))
            if problem is not None:
                self.diagnostics.append(problem)
            return m.Wait(name=name, amount=self.expression(written, "amount"), unit=unit, **common)
        if isinstance(item["wait"], CommentedMap):
            return m.Wait(name=name, until=self.expression(item["wait"], "until"), **common)
        duration = self.duration(item, "wait")
        if duration is None:
            self.diagnostics.append(Diagnostic(
                "DF606", "`wait` needs how long, or when", key_span(item, "wait"),
                hint="`wait: 15 minutes`, `wait: {until: input.deliver_at}` or `wait: {amount: input.delay, unit: minutes}`",
            ))
            duration = m.Duration(amount=1, unit="second", seconds=1, span=common["span"])
        return m.Wait(name=name, duration=duration, **common)

    def _wait_for(self, item: CommentedMap, common: dict[str, Any]) -> m.WaitFor:
        return m.WaitFor(
            name=self.name(item, "name"), call=self.call(item, "wait_for"),
            timeout=self.duration(item, "timeout"), heartbeat=self.duration(item, "heartbeat"),
            as_text=bool(item.get("as_text", False)), retry=self.retries(item),
            on_timeout=self.timeout_block(item),
            on_failure=self.failure_blocks(item), **common,
        )

    def _invoke(self, item: CommentedMap, common: dict[str, Any]) -> m.Invoke:
        return m.Invoke(
            name=self.name(item, "name"), function=str(item["invoke"]), payload=self.expression(item, "with"),
            retry=self.retries(item),
            on_failure=self.failure_blocks(item), **common,
        )

    def _poll(self, item: CommentedMap, common: dict[str, Any]) -> m.Poll:
        every = self.duration(item, "every") or m.Duration(amount=1, unit="second", seconds=1, span=common["span"])
        return m.Poll(
            name=self.name(item, "name"), call=self.call(item, "poll"), every=every,
            until=self.expression(item, "until"), max_checks=item.get("max"), retry=self.retries(item),
            on_failure=self.failure_blocks(item), **common,
        )

    def _if(self, item: CommentedMap, common: dict[str, Any]) -> m.If:
        arms = [m.Condition(condition=self.expression(item, "if"), body=self.block(item, "then"), span=common["span"])]
        for arm in item.get("else_if") or []:
            arms.append(m.Condition(condition=self.expression(arm, "condition"), body=self.block(arm, "then"),
                                    span=node_span(arm) or common["span"]))
        return m.If(arms=arms, otherwise=self.optional_block(item, "else"), **common)

    def _parallel(self, item: CommentedMap, common: dict[str, Any]) -> m.Parallel:
        branches_map = item["branches"]
        branches = [
            m.Branch(name=m.Name(text=str(key), span=key_span(branches_map, key)),
                     body=self.block(branches_map, key), span=key_span(branches_map, key))
            for key in branches_map
        ]
        return m.Parallel(
            name=self.name(item, "parallel"), max_concurrency=item.get("max_concurrency"),
            tolerate=item.get("tolerate") or 0, tolerate_percent=item.get("tolerate_percent"),
            complete_after=item.get("complete_after"), branches=branches, on_failure=self.failure_blocks(item), **common,
        )

    def _for_each(self, item: CommentedMap, common: dict[str, Any]) -> m.ForEach:
        return m.ForEach(
            variable=self.name(item, "for_each"), items=self.expression(item, "in"), name=self.name(item, "as"),
            position=self.name(item, "position") if item.get("position") is not None else None,
            max_concurrency=item.get("max_concurrency"), tolerate=item.get("tolerate") or 0,
            tolerate_percent=item.get("tolerate_percent"), complete_after=item.get("complete_after"),
            body=self.block(item, "steps"), on_failure=self.failure_blocks(item), **common,
        )

    def _repeat(self, item: CommentedMap, common: dict[str, Any]) -> m.Repeat:
        condition = item["repeat"]
        modes: tuple[Literal["until"], Literal["while"]] = ("until", "while")
        given = [mode for mode in modes if condition.get(mode) is not None]
        if len(given) != 1:
            self.diagnostics.append(Diagnostic(
                "DF611", "`repeat` needs exactly one of `until` and `while`", node_span(condition) or common["span"],
                hint="`repeat: {until: EXPR}` checks after each pass, `repeat: {while: EXPR}` before each",
            ))
        mode = given[0] if given else "until"
        if not given:
            return m.Repeat(mode=mode, condition=m.LiteralValue(value=True, span=common["span"]),
                            max_passes=item.get("max"), body=self.block(item, "steps"), **common)
        return m.Repeat(
            mode=mode, condition=self.expression(condition, mode), max_passes=item.get("max"),
            body=self.block(item, "steps"), on_failure=self.failure_blocks(item), **common,
        )

    def _group(self, item: CommentedMap, common: dict[str, Any]) -> m.Group:
        return m.Group(
            name=self.name(item, "group"), body=self.block(item, "steps"), retry=self.retries(item),
            on_failure=self.failure_blocks(item), finally_=self.optional_block(item, "finally"), **common,
        )

    def _set(self, item: CommentedMap, common: dict[str, Any]) -> m.SetValue:
        return m.SetValue(name=self.name(item, "set"), value=self.expression(item, "value"), **common)

    def _log(self, item: CommentedMap, common: dict[str, Any]) -> m.Log:
        fields = self.expression(item, "with") if item.get("with") is not None else None
        if isinstance(item["log"], CommentedMap):
            return m.Log(message=self.expression(item["log"], "expression"), fields=fields, **common)
        return m.Log(message=self.text(item, "log"), fields=fields, **common)

    def _return(self, item: CommentedMap, common: dict[str, Any]) -> m.Return:
        value = self.expression(item, "return") if item.get("return") is not None else None
        return m.Return(value=value, **common)

    def _fail(self, item: CommentedMap, common: dict[str, Any]) -> m.Fail:
        message = self.text(item, "message") if item.get("message") is not None else None
        return m.Fail(error=self.name(item, "fail"), message=message, **common)


def _expression_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
