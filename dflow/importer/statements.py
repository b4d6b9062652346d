"""One state as a statement: Task, Pass, Wait, Parallel and Map, with their retries and catchers."""

from __future__ import annotations

import re
from typing import Any

from dflow.importer import dataflow, jsonata, jsonpath
from dflow.importer import exprs as e
from dflow.importer.blocks import Block, Place, duration, indented
from dflow.importer.env import Env, Findings
from dflow.importer.exprs import Expr
from dflow.importer.graph import meeting_point, short_ending
from dflow.importer.names import Scopes, argument_name, error_name, snake
from dflow.importer.tasks import Action, classify

# A loop's `max N times` is first written as 1, then raised to what the service's limit allows (`limits.py`).
PLACEHOLDER_PASSES = 1
DEFAULT_CONCURRENCY = 40  # what a Map does when ASL says 0 or nothing
ANY_ERROR = {"States.ALL", "States.TaskFailed"}
TIMEOUTS = {"States.Timeout", "States.HeartbeatTimeout"}


class StatementWriter:
    """The statements of single states; `FlowWriter` adds the blocks between them."""

    def __init__(self, findings: Findings, substitutions: dict[str, str], actions: dict[int, Action]) -> None:
        self.findings = findings
        self.substitutions = substitutions
        self.actions = actions  # by the id of the Task's state object: one action per Task state
        self.scopes = Scopes()
        self.children: dict[str, str] = {}  # child flows (DISTRIBUTED Map): name → text
        self.used_actions: list[Action] = []

    # Implemented by FlowWriter.
    def chain(self, start: str, place: Place, skip_stop: bool = False) -> Block:
        raise NotImplementedError

    def child_flow(self, name: str, state: dict[str, Any], place: Place) -> None:
        raise NotImplementedError

    # ------------------------------------------------------------------ helpers

    def env(self, name: str, place: Place, step: str = "") -> Env:
        return Env(name, step or snake(name), place.state_var, self.findings, self.substitutions,
                   dict(place.variables), item=place.item, position=place.position)

    def preamble(self, env: Env) -> list[str]:
        """The TODO lines above a statement and the built-in steps it reads."""
        lines = []
        for todo in env.pending:
            if todo not in self.findings.todos:
                self.findings.todos.append(todo)
            lines.append("# " + todo.line)
        for name, call in env.built_ins.items():
            lines.append(f"step {self.scopes.claim(name)} = {call}")
        return lines

    def update(self, place: Place, value: Expr) -> list[str]:
        text = e.render(value)
        return [] if text == place.state_var else [f"set {place.state_var} = {text}"]

    def assign(self, place: Place, found: list[tuple[str, Expr]]) -> list[str]:
        lines = []
        for variable, value in found:
            assert isinstance(place.variables, dict)
            if variable not in place.variables:
                place.variables[variable] = self.scopes.claim(snake(variable))
            lines.append(f"set {place.variables[variable]} = {e.render(value)}")
        return lines

    def after(self, name: str, state: dict[str, Any], place: Place, env: Env, result: Expr | None) -> list[str]:
        """The `set` lines that give the state (and variables) their values after a state ran."""
        jsonata_mode = dataflow.uses_jsonata(state, place.region.jsonata)
        env.input = place.state_var
        new_variables = dataflow.assignments(state, env, result, jsonata_mode)
        env.input = place.state_var
        new_state = dataflow.output(state, env, result, jsonata_mode)
        return self.assign(place, new_variables) + self.update(place, new_state)

    # ------------------------------------------------------------------ Pass and Wait

    def pass_state(self, name: str, state: dict[str, Any], place: Place) -> list[str]:
        env = self.env(name, place)
        jsonata_mode = dataflow.uses_jsonata(state, place.region.jsonata)
        result: Expr | None = None
        if not jsonata_mode:
            if "Result" in state:
                result = e.literal(state["Result"])
            elif "Parameters" in state:
                result = dataflow.shaped(state, "Parameters", env, dataflow.effective_input(state, env))
            elif "InputPath" in state:
                result = dataflow.effective_input(state, env)
        lines = self.after(name, state, place, env, result)
        return self.preamble(env) + lines

    def wait_state(self, name: str, state: dict[str, Any], place: Place) -> list[str]:
        env = self.env(name, place)
        operation = self.scopes.claim(snake(name))
        jsonata_mode = dataflow.uses_jsonata(state, place.region.jsonata)
        if "Seconds" in state and isinstance(state["Seconds"], int):
            line = f"wait {operation} {duration(max(1, state['Seconds']))}"
        elif "Seconds" in state:
            env.field_name = "Seconds"
            line = f"wait {operation} {e.atom(jsonata.read_value(state['Seconds'], env))} seconds"
        elif "SecondsPath" in state:
            line = f"wait {operation} {e.atom(dataflow.path_or_todo(state['SecondsPath'], env, 'SecondsPath'))} seconds"
        elif "Timestamp" in state:
            env.field_name = "Timestamp"
            read = jsonata.read_value(state["Timestamp"], env) if jsonata_mode else e.quote(state["Timestamp"])
            line = f"wait {operation} until {e.render(read)}"
        else:
            read = dataflow.path_or_todo(state.get("TimestampPath", "$"), env, "TimestampPath")
            line = f"wait {operation} until {e.render(read)}"
        if not jsonata_mode:
            dataflow.effective_input(state, env)
        rest = self.after(name, state, place, env, None)
        return self.preamble(env) + [line] + rest

    # ------------------------------------------------------------------ Task

    def task_state(self, name: str, state: dict[str, Any], place: Place) -> tuple[list[str], list[str], str]:
        """The Task's statement, its option lines, and the name of its result."""
        resource = classify(str(state.get("Resource", "")))
        action = self.actions[id(state)]
        env = self.env(name, place, action.name)
        jsonata_mode = dataflow.uses_jsonata(state, place.region.jsonata)
        env.callback = resource.callback
        arguments = self.task_arguments(state, env, jsonata_mode, resource.kind)
        options: list[str] = []
        if resource.kind == "start_sync":
            return self.invoke(name, state, place, env, arguments)
        operation = self.scopes.claim(action.name)
        action.token_keys = env.token_keys
        action.resource_text = str(state.get("Resource", ""))
        call_arguments = []
        action.arguments = []
        taken = {"callback_id"} if resource.callback else set()  # the callback's own argument
        for key, value in (arguments.items() if isinstance(arguments, dict) else []):
            argument = argument_name(key)
            while argument in taken:
                argument += "_"
            taken.add(argument)
            action.arguments.append((argument, key))
            call_arguments.append(f"{argument}: {e.render(value)}")
        if action not in self.used_actions:
            self.used_actions.append(action)
        call = f"{action.name}({', '.join(call_arguments)})"
        head = f"step {call}" if operation == action.name else f"step {operation} = {call}"
        if resource.callback:
            head = f"wait for {operation} = {call}"
            if isinstance(state.get("TimeoutSeconds"), int):
                options.append(f"timeout {duration(state['TimeoutSeconds'])}")
            if isinstance(state.get("HeartbeatSeconds"), int):
                options.append(f"heartbeat {duration(state['HeartbeatSeconds'])}")
        for key in ("TimeoutSeconds", "HeartbeatSeconds", "TimeoutSecondsPath", "HeartbeatSecondsPath"):
            if key in state and (not resource.callback or key.endswith("Path")):
                env.todo("task-timeout", state[key], field_name=key)
        if resource.sync:
            env.todo("unsupported", state["Resource"], "the step starts the job and does not wait for it", "Resource")
        options += self.retries(state, env)
        return self.preamble(env) + [head], options, operation

    def task_arguments(self, state: dict[str, Any], env: Env, jsonata_mode: bool, kind: str) -> Expr:
        if jsonata_mode:
            env.field_name = "Arguments"
            arguments = jsonata.read_value(state.get("Arguments", {}), env)
        else:
            effective = dataflow.effective_input(state, env)
            arguments = dataflow.shaped(state, "Parameters", env, effective) if "Parameters" in state else {}
            if kind in ("lambda_arn", "activity") and "Parameters" not in state:
                arguments = {"Payload" if kind == "lambda_arn" else "input": effective}
        if kind == "lambda_arn" and "Parameters" in state:
            arguments = {"Payload": arguments}
        if not isinstance(arguments, dict):
            env.todo("unsupported", state.get("Arguments"), "the action is called with the whole value as `input`")
            return {"input": arguments}
        return arguments

    def invoke(self, name: str, state: dict[str, Any], place: Place, env: Env,
               arguments: Expr) -> tuple[list[str], list[str], str]:
        """`states:startExecution.sync`: the child machine becomes a durable function the flow invokes."""
        assert isinstance(arguments, dict)
        target = e.render(arguments.get("StateMachineArn", e.quote("child")))
        text = target[1:-1] if target.startswith('"') and e.is_atomic(target) else "child"
        function = re.sub(r"\$\{([^}]*)\}", r"\1", re.split(r"[:/]", text)[-1]) or "child"
        env.todo("invoke-name", state.get("Parameters", state.get("Arguments", {})).get(
            "StateMachineArn", text), f"the flow invokes the durable function `{function}`", "StateMachineArn")
        payload = arguments.get("Input", {})
        operation = self.scopes.claim(snake(name))
        head = f"invoke {operation} = {e.quote(function)} with {e.render(payload)}"
        return self.preamble(env) + [head], self.retries(state, env), operation

    def task_result(self, state: dict[str, Any], operation: str) -> Expr:
        resource = classify(str(state.get("Resource", "")))
        if resource.kind == "start_sync":
            return {"Output": operation if resource.sync == ".sync:2" else e.call("to_json", operation)}
        return operation

    # ------------------------------------------------------------------ retries and catchers

    def retries(self, state: dict[str, Any], env: Env) -> list[str]:
        retriers = state.get("Retry", [])
        if len(retriers) > 1:
            env.todo("retry-count", [r.get("ErrorEquals") for r in retriers],
                     "each line's N counts every attempt of the operation, ASL counts each retrier's own",
                     "Retry")
        lines = []
        for retrier in retriers:
            attempts = retrier.get("MaxAttempts", 3)
            line = f"retry {attempts} {'time' if attempts == 1 else 'times'}"
            line += f" every {duration(max(1, int(retrier.get('IntervalSeconds', 1))))}"
            line += f" backoff {e.number(_whole(retrier.get('BackoffRate', 2.0)))}"
            if "MaxDelaySeconds" in retrier:
                line += f" max delay {duration(int(retrier['MaxDelaySeconds']))}"
            if retrier.get("JitterStrategy") == "FULL":
                line += " jitter full"
            names = _error_names(retrier.get("ErrorEquals", []))
            if names:
                line += " on " + ", ".join(names)
            lines.append(line)
        return lines

    def handlers(self, name: str, state: dict[str, Any], place: Place, callback: bool,
                 operation: str, has_result: bool) -> tuple[list[str], list[str], str | None]:
        """The `on failure` / `on timeout` blocks, lines written before the statement, and the flag they set.

        Every catcher runs until the state where its path meets the normal
        one (or to a loop's start, or a branch's end). When one goes on
        without ending the flow and there is something it must not run (the
        state's own result `has_result`, the states up to where the paths
        meet), it sets a flag that guards them.
        """
        catchers = state.get("Catch", [])
        if not catchers:
            return [], [], None
        region = place.region
        meet = meeting_point(region, [name], place.stops, strict=True)
        following = state.get("Next")
        skips = meet != following or has_result  # there is something a catcher that goes on must not run
        if meet is not None and skips and not place.inner and short_ending(region, meet, place.stops):
            meet = None  # each catcher goes on to the end itself: no flag, nothing nested
        written: list[tuple[list[str], list[str], bool]] = []  # each catcher's heads, body, and if it ends
        timeout_written = False
        for catcher in catchers:
            errors = catcher.get("ErrorEquals", [])
            self.scopes.enter()
            alias = self.scopes.claim("error")
            env = self.env(name, place)
            jsonata_mode = dataflow.uses_jsonata(state, region.jsonata)
            new_state = dataflow.caught(catcher, env, alias, jsonata_mode)
            body = self.assign(place, dataflow.assignments(catcher, env, dataflow.error_value(alias), jsonata_mode))
            body += self.update(place, new_state)
            rest = self.chain(catcher["Next"], place.stopping_at({meet: ()} if meet else {}))
            body = self.preamble(env) + body + rest.lines
            if not body:
                body = [f"log {e.quote(name + ' failed: ')[:-1]}{{{alias}.message}}\""]
            uses_alias = any(re.search(rf"\b{alias}\b", line) for line in body)
            suffix = f" as {alias}" if uses_alias else ""
            self.scopes.leave()
            heads = []
            if callback and TIMEOUTS & set(errors) and not timeout_written:
                heads.append(f"on timeout{suffix}")
                timeout_written = True
            names = _error_names([x for x in errors if not (callback and x in TIMEOUTS)])
            if names or not (callback and set(errors) <= TIMEOUTS):
                heads.append(f"on failure{' ' + ', '.join(names) if names else ''}{suffix}")
            written.append((heads, body, rest.ends))
        goes_on = any(not ends for _, _, ends in written)
        flag = None
        if goes_on and (skips or meet is None):
            flag = self.scopes.claim(f"{operation}_failed")
        blocks: list[str] = []
        for heads, body, ends in written:
            if flag and not ends:
                body = [*body, f"set {flag} = true"]
            for head in heads:
                blocks += [head, *indented(body)]
        before = [f"set {flag} = false"] if flag else []
        return blocks, before, flag


def _error_names(errors: list[str]) -> list[str]:
    if ANY_ERROR & set(errors):
        return []
    return list(dict.fromkeys(error_name(error) for error in errors))


def _whole(value: Any) -> int | float:
    return int(value) if float(value).is_integer() else float(value)
