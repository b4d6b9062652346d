"""The state graph as blocks: a chain of states, an `if` for a Choice, a `repeat` for a loop.

`chain` writes states from one until the block ends: at the end of the
machine, at a `Fail`, or at a stop (the state where an `if`'s arms meet, the
start of the loop being written). See `graph.py` for how those are found.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from dflow.importer import conditions, dataflow, jsonata, jsonpath
from dflow.importer import exprs as e
from dflow.importer.blocks import Block, Place, indented
from dflow.importer.graph import ends_every_path, loop_starts, meeting_point
from dflow.importer.machine import MachineError, Region
from dflow.importer.names import error_name, is_plain_key, snake
from dflow.importer.polls import PollWriter, poll_parts
from dflow.importer.tasks import Action, Resource, classify
from dflow.importer.statements import DEFAULT_CONCURRENCY, PLACEHOLDER_PASSES, StatementWriter

STATEMENT_TYPES = ("Task", "Pass", "Wait", "Parallel", "Map")


class FlowWriter(StatementWriter, PollWriter):
    def region_block(self, region: Region, place: Place) -> Block:
        self._loops = getattr(self, "_loops", {})
        self._loops[id(region)] = loop_starts(region)
        block = self.chain(region.start, place)
        if not place.inner or not block.lines or block.lines[-1].startswith(f"set {place.output} = "):
            return block
        if not any(line.lstrip().startswith(f"set {place.output} = ") for line in block.lines):
            return block  # every path fails
        # A branch's or an item's result is its last top-level named statement: where the output is
        # set inside an `if` or an `on failure`, one line at the end gives it (and one at the start
        # defines it on every path).
        return Block([f"set {place.output} = null", *block.lines, f"set {place.output} = {place.output}"], block.ends)

    def chain(self, start: str, place: Place, skip_stop: bool = False) -> Block:
        lines: list[str] = []
        current: str | None = start
        loops = self._loops[id(place.region)]
        while current is not None:
            if current in place.stops and not skip_stop:
                return Block(lines + list(place.stops[current]))
            if current in loops and current not in place.loops:
                block, current = self.loop(current, place, loops[current])
                lines += block.lines
                if current is None:
                    return Block(lines, ends=block.ends)
                continue
            skip_stop = False
            if current in place.trail:
                raise MachineError(f"state {json.dumps(current)} is reached again on a path dflow import cannot "
                                   "write as a loop", hint="a loop that is entered at two states is not supported")
            place = replace(place, trail=place.trail | {current})
            state = place.region.states[current]
            kind = state["Type"]
            if kind == "Choice":
                block, current = self.choice(current, state, place)
                lines += block.lines
                if current is None:
                    return Block(lines, block.ends)
                continue
            if kind == "Fail":
                return Block(lines + self.fail_state(current, state, place), ends=True)
            if kind == "Succeed":
                return self.finish(current, state, place, lines, None)
            block, guard, success = self.statement(current, state, place)
            lines += block.lines
            if guard is not None:
                # A catcher went on without ending the flow: the state's own result and the states up to
                # where the paths meet run only when nothing was caught.
                meet = meeting_point(place.region, [current], place.stops, strict=True)
                if state.get("End"):
                    inner = self.finish(current, {}, place, [], None)
                else:
                    inner = self.chain(state["Next"], place.stopping_at({meet: ()} if meet else {}))
                if success or inner.lines:
                    lines += [f"if not {guard}", *indented(success + inner.lines)]
                if meet is None:
                    return Block(lines)
                current = meet
                continue
            if state.get("End"):
                return self.finish(current, {}, place, lines, None)
            current = state["Next"]
        return Block(lines)

    def finish(self, name: str, state: dict[str, Any], place: Place, lines: list[str], _: None) -> Block:
        """The end of a region: the flow returns its state; a branch or an item gives it as its output."""
        env = self.env(name, place)
        value = dataflow.output(state, env, None, dataflow.uses_jsonata(state, place.region.jsonata)) if state else \
            place.state_var
        if "InputPath" in state and not dataflow.uses_jsonata(state, place.region.jsonata):
            value = dataflow.output_path(state, env, dataflow.effective_input(state, env))
        before = self.preamble(env)
        if place.inner:
            return Block(lines + before + [f"set {place.output} = {e.render(value)}"])
        return Block(lines + before + [f"return {e.render(value)}"], ends=True)

    def fail_state(self, name: str, state: dict[str, Any], place: Place) -> list[str]:
        env = self.env(name, place)
        error = error_name(state["Error"]) if isinstance(state.get("Error"), str) else error_name(name)
        if "ErrorPath" in state:
            env.todo("unsupported", state["ErrorPath"], f"the error is `{error}`", "ErrorPath")
        message = ""
        if isinstance(state.get("Cause"), str) and not jsonata.is_jsonata(state["Cause"]):
            message = " " + e.quote(state["Cause"])
        elif "CausePath" in state or "Cause" in state:
            env.field_name = "Cause"
            read = (jsonata.read_value(state["Cause"], env) if "Cause" in state
                    else dataflow.path_or_todo(state["CausePath"], env, "CausePath"))
            text = e.render(read)
            if '"' in text:
                env.todo("unsupported", state.get("Cause", state.get("CausePath")), "the cause is left out", "Cause")
            else:
                message = ' "{' + text + '}"'
        return self.preamble(env) + [f"fail {error}{message}"]

    # ------------------------------------------------------------------ Choice

    def choice(self, name: str, state: dict[str, Any], place: Place) -> tuple[Block, str | None]:
        env = self.env(name, place)
        jsonata_mode = dataflow.uses_jsonata(state, place.region.jsonata)
        meet = meeting_point(place.region, [name], place.stops, strict=True)
        inside = place.stopping_at({meet: ()}) if meet else place
        env.input = dataflow.effective_input(state, env) if not jsonata_mode else place.state_var
        arms = []
        for rule in state["Choices"]:
            arms.append((conditions.condition(rule, env, jsonata_mode), rule["Next"]))
        env.input = place.state_var
        prefix = self.after(name, {k: v for k, v in state.items() if k != "InputPath"}, place, env, None)
        head = self.preamble(env)
        written: list[tuple[str, Block]] = []
        for condition, target in arms:
            self.scopes.enter()
            written.append((condition, self._arm(prefix, target, inside)))
            self.scopes.leave()
        # An arm with nothing to do (it goes straight to where the arms meet, or back to the loop's
        # start) is not written; every later arm, the default too, then holds only when it did not match.
        lines: list[str] = []
        skipped: list[str] = []
        for condition, block in written:
            if not block.lines:
                skipped.append(condition)
                continue
            guarded = e.both([*(e.negate(c) for c in skipped), condition]) if skipped else condition
            lines += [f"{'else if' if lines else 'if'} {guarded}", *indented(block.lines)]
        if lines and all(block.ends for _, block in written) and meet is None and "Default" in state:
            # Every arm ends: the default is simply what follows the `if`, written by the caller's chain
            # (not nested in it, so a long Task, Choice, Task... machine stays flat and iterative).
            return Block(head + lines + prefix), state["Default"]
        self.scopes.enter()
        if "Default" in state:
            otherwise = self._arm(prefix, state["Default"], inside)
        else:
            otherwise = Block([f"fail NoChoiceMatched {e.quote('no choice of ' + name + ' matched')}"], ends=True)
        self.scopes.leave()
        if otherwise.lines and skipped:
            unmatched = e.both([e.negate(c) for c in skipped])
            lines += [f"{'else if' if lines else 'if'} {unmatched}", *indented(otherwise.lines)]
        elif otherwise.lines and lines:
            lines += ["else", *indented(otherwise.lines)]
        elif otherwise.lines:
            lines = otherwise.lines
        ends = all(b.ends for _, b in written) and otherwise.ends
        return Block(head + lines, ends), meet

    def _arm(self, prefix: list[str], target: str, place: Place) -> Block:
        block = self.chain(target, place)
        return Block(prefix + block.lines, block.ends)

    # ------------------------------------------------------------------ loops

    def loop(self, head: str, place: Place, body: set[str]) -> tuple[Block, str | None]:
        region = place.region
        parts = poll_parts(region, head, body)
        polled = self.poll(head, place, parts) if parts else None
        if polled is not None:
            return polled
        exits: list[str] = []
        for name in region.states:
            if name in body:
                exits += [t for t in region.successors(name) if t not in body and t not in exits]
        meet = meeting_point(region, exits, place.stops) if exits else None
        going_on: list[str] = []
        if meet is None:
            # No one state after the loop: the ways out that end the flow are written where they leave,
            # and those that go on (to an outer loop's start, a branch's end) meet after the loop, or
            # the loop notes which one it took and an `if` after it goes there.
            going_on = [t for t in exits if not ends_every_path(region, t, place.stops, place.inner)]
            meet = meeting_point(region, going_on, place.stops) if going_on else None
        done = self.scopes.claim(f"{snake(head)}_done") if meet or going_on else None
        way_out = self.scopes.claim(f"{snake(head)}_way_out") if going_on and not meet else None
        stops: dict[str, tuple[str, ...]] = {head: ()}
        if meet and done:
            stops[meet] = (f"set {done} = true",)
        elif way_out and done:
            stops |= {target: (f"set {done} = true", f"set {way_out} = {e.quote(target)}") for target in going_on}
        inner = replace(place.stopping_at(stops), loops=place.loops | {head})
        block = self.chain(head, inner, skip_stop=True)
        if not block.lines:
            raise MachineError(f"state {json.dumps(head)} loops back to itself without doing anything, so the "
                               "machine never ends", hint="give the loop a way out, or something to do")
        opening = [f"set {done} = false", f"repeat until {done}"] if done else ["repeat while true"]
        if way_out:
            opening.insert(0, f'set {way_out} = ""')
        times = f"  max {PLACEHOLDER_PASSES} {'time' if PLACEHOLDER_PASSES == 1 else 'times'}"
        written = Block([*opening, times, *indented(block.lines)], ends=done is None)
        if way_out:
            return self._leave_by(written, way_out, going_on, place), None
        return written, meet

    def _leave_by(self, loop: Block, way_out: str, targets: list[str], place: Place) -> Block:
        """After a loop left towards places that do not meet: an `if` goes on from the one it left to."""
        lines, ends = list(loop.lines), True
        for index, target in enumerate(targets):
            self.scopes.enter()
            arm = self.chain(target, place)
            self.scopes.leave()
            ends = ends and arm.ends
            if index == len(targets) - 1:
                lines += ["else", *indented(arm.lines)]
            else:
                lines += [f"{'else if' if index else 'if'} {way_out} == {e.quote(target)}", *indented(arm.lines)]
        return Block(lines, ends)

    # ------------------------------------------------------------------ statements with catchers

    def statement(self, name: str, state: dict[str, Any], place: Place) -> tuple[Block, str | None, list[str]]:
        """The statement; with catchers that go on, the flag they set and the lines that run only without one."""
        kind = state["Type"]
        if kind == "Pass":
            return Block(self.pass_state(name, state, place)), None, []
        if kind == "Wait":
            return Block(self.wait_state(name, state, place)), None, []
        callback = False
        if kind == "Task":
            head, options, operation = self.task_state(name, state, place)
            callback = head[-1].startswith("wait for")
            result = self.task_result(state, operation)
        elif kind == "Parallel":
            head, options, operation, branches = self.parallel(name, state, place)
            result = [f"{operation}.{branch}" for branch in branches]
        else:
            head, options, operation = self.map_state(name, state, place)
            result = operation
        env = self.env(name, place)
        after = self.after(name, state, place, env, result)
        success = self.preamble(env) + after
        blocks, before, guard = self.handlers(name, state, place, callback, operation, bool(success))
        if kind == "Task":
            lines = before + head + indented(options + blocks)
        else:
            lines = before + head + indented(options) + indented(blocks)
        if guard is None:
            return Block(lines + success), None, []
        return Block(lines), guard, success

    def parallel(self, name: str, state: dict[str, Any],
                 place: Place) -> tuple[list[str], list[str], str, list[str]]:
        """The `parallel` line, its branches, its name, and its branches' names (its result, in order)."""
        env = self.env(name, place)
        jsonata_mode = dataflow.uses_jsonata(state, place.region.jsonata)
        if jsonata_mode:
            env.field_name = "Arguments"
            given = jsonata.read_value(state["Arguments"], env) if "Arguments" in state else place.state_var
        else:
            given = dataflow.shaped(state, "Parameters", env, dataflow.effective_input(state, env))
        if state.get("Retry"):
            env.todo("unsupported", state["Retry"], "the parallel is not retried", "Retry")
        operation = self.scopes.claim(snake(name))
        lines = [f"parallel {operation}"]
        branch_names: list[str] = []
        self.scopes.enter()
        body: list[str] = []
        for branch in state["Branches"]:
            region = Region(branch["StartAt"], branch["States"], place.region.jsonata or
                            branch.get("QueryLanguage") == "JSONata")
            branch_name = self.scopes.claim(f"{snake(branch['StartAt'])}_branch")
            branch_names.append(branch_name)
            self.scopes.enter()
            state_var = self.scopes.claim("branch_state")
            output = self.scopes.claim("output")
            inner = Place(region, state_var, True, variables=dict(place.variables), output=output)
            block = self.region_block(region, inner)
            self.scopes.leave()
            body += [f"branch {branch_name}", *indented([f"set {state_var} = {e.render(given)}", *block.lines])]
        self.scopes.leave()
        return self.preamble(env) + lines, body, operation, branch_names

    def map_state(self, name: str, state: dict[str, Any], place: Place) -> tuple[list[str], list[str], str]:
        env = self.env(name, place)
        jsonata_mode = dataflow.uses_jsonata(state, place.region.jsonata)
        processor: dict[str, Any] = state.get("ItemProcessor") or state["Iterator"]
        distributed = processor.get("ProcessorConfig", {}).get("Mode") == "DISTRIBUTED"
        env.input = dataflow.effective_input(state, env) if not jsonata_mode else place.state_var
        if jsonata_mode:
            env.field_name = "Items"
            items = jsonata.read_value(state.get("Items", "{% $states.input %}"), env)
        else:
            items = dataflow.path_or_todo(state.get("ItemsPath", "$"), env, "ItemsPath")
        reading: list[str] = []
        if "ItemReader" in state:
            reading, items = self.item_reader(name, state, env, jsonata_mode)
        if state.get("Retry"):
            env.todo("unsupported", state["Retry"], "the map is not retried", "Retry")
        if "ResultWriter" in state:
            env.todo("unsupported", state["ResultWriter"], "the results stay in the flow", "ResultWriter")
        operation = self.scopes.claim(snake(name))
        self.scopes.enter()
        item = self.scopes.claim("item")
        position = self.scopes.claim("position")
        options = [f"max concurrency {state.get('MaxConcurrency') or DEFAULT_CONCURRENCY}"]
        if "ToleratedFailurePercentage" in state:
            options.append(f"tolerate {_whole(state['ToleratedFailurePercentage'])}% failures")
        elif state.get("ToleratedFailureCount"):
            options.append(f"tolerate {state['ToleratedFailureCount']} failures")
        item_env = self.env(name, place)
        item_env.item, item_env.position = item, position
        item_env.input = env.input
        selector = state.get("ItemSelector", state.get("Parameters"))
        if selector is None:
            item_value: e.Expr = item
        elif jsonata_mode:
            item_env.field_name = "ItemSelector"
            item_value = jsonata.read_value(selector, item_env)
        else:
            item_env.field_name = "ItemSelector"
            item_value = jsonpath.template(selector, item_env)
        env.pending += [t for t in item_env.pending if t not in env.pending]
        region = Region(processor["StartAt"], processor["States"], place.region.jsonata or
                        processor.get("QueryLanguage") == "JSONata")
        if distributed:
            body, item = self.distributed(name, state, place, env, item_value, item)
            if "ItemBatcher" in state:
                items = e.call("chunks", items, str(state["ItemBatcher"].get("MaxItemsPerBatch", 1)))
        else:
            state_var = self.scopes.claim("item_state")
            output = self.scopes.claim("output")
            inner = Place(region, state_var, True, item=item, position=position, variables=dict(place.variables),
                          output=output)
            block = self.region_block(region, inner)
            body = [f"set {state_var} = {e.render(item_value)}", *block.lines]
        self.scopes.leave()
        uses_position = any(position in line.split("(")[-1] or f" {position}" in line for line in body)
        variables = f"{item}, {position}" if uses_position else item
        head = f"for each {variables} in {e.render(items)} as {operation}"
        return self.preamble(env) + reading + [head], options + body, operation

    def distributed(self, name: str, state: dict[str, Any], place: Place, env: Any, item_value: e.Expr,
                    item: str) -> tuple[list[str], str]:
        """A DISTRIBUTED Map: its item processor is a flow of its own, invoked for each batch."""
        child = f"{snake(name)}_item_processor"
        self.child_flow(child, state, place)
        if "ItemBatcher" in state:
            batch_input = state["ItemBatcher"].get("BatchInput")
            env.field_name = "ItemBatcher.BatchInput"
            payload: dict[str, e.Expr] = {"Items": item}
            if batch_input is not None:
                jsonata_mode = dataflow.uses_jsonata(state, place.region.jsonata)
                payload["BatchInput"] = (jsonata.read_value(batch_input, env) if jsonata_mode
                                         else jsonpath.template(batch_input, env))
            given: e.Expr = payload
        else:
            given = item_value
        operation = self.scopes.claim(child)
        return [f"invoke {operation} = {e.quote(child)} with {e.render(given)}"], item

    def item_reader(self, name: str, state: dict[str, Any], env: Any, jsonata_mode: bool) -> tuple[list[str], e.Expr]:
        """`ItemReader`: a step of its own reads the items from S3 before the map runs."""
        reader = state["ItemReader"]
        resource = classify(str(reader.get("Resource", "")))
        operation = self.scopes.claim(f"{snake(name)}_item_reader")
        if resource.service != "s3" or resource.api not in ("getObject", "listObjectsV2"):
            env.todo("unsupported", reader.get("Resource"), "the items are read as an empty list", "ItemReader")
            return [], []
        env.field_name = "ItemReader"
        raw = reader.get("Arguments" if jsonata_mode else "Parameters", {})
        arguments = jsonata.read_value(raw, env) if jsonata_mode else jsonpath.template(raw, env)
        action = Action(operation, name, Resource("item_reader", "s3", resource.api), resource_text=reader["Resource"],
                        input_type=str(reader.get("ReaderConfig", {}).get("InputType", "JSON")))
        pairs = list(arguments.items()) if isinstance(arguments, dict) else []
        action.arguments = [(key if is_plain_key(key) else snake(key), key) for key, _ in pairs]
        self.used_actions.append(action)
        written = ", ".join(f"{argument}: {e.render(value)}" for (argument, _), (_, value) in zip(action.arguments, pairs))
        return [f"step {operation}({written})"], operation


def _whole(value: Any) -> int | float:
    return int(value) if float(value).is_integer() else float(value)
