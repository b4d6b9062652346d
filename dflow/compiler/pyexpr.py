"""Compile flow expressions to plain Python expressions over local variables.

Nothing here evaluates anything: every value from the flow reaches the output
through `python_string` or `repr` of a number, and every name through
`PythonNames`, so no text in a flow can become Python code.
"""

from __future__ import annotations

from collections.abc import Callable

from dflow.compiler.names import PythonNames
from dflow.language import model as m

# Python's precedence, lowest first; a child binding looser than its slot is wrapped.
CONDITIONAL, OR, AND, NOT, COMPARE, ADD, MULTIPLY, NEGATE, POSTFIX, ATOM = range(10)
BINARY_PRECEDENCE = {
    "or": OR,
    "and": AND,
    **dict.fromkeys(["==", "!=", "<", "<=", ">", ">=", "in", "not in"], COMPARE),
    **dict.fromkeys(["+", "-"], ADD),
    **dict.fromkeys(["*", "/", "%"], MULTIPLY),
}
STRING_METHODS = {"lower", "upper"}
# Flow functions that are one method call on their first argument: (method, helper or "").
METHODS = {
    "starts_with": "startswith",
    "ends_with": "endswith",
    "split": "split",
    "replace": "replace",
    "trim": "strip",
}
# `failed(NAME)`, `succeeded(NAME)`, `errors(NAME)`: helpers over the batch's BatchResult.
BATCH_FUNCTIONS = {"failed": "failed_items", "succeeded": "succeeded_items", "errors": "item_errors"}
# Flow functions that are a generated helper of the same job, called as written.
HELPER_FUNCTIONS = {
    "text": ("text", "text"),
    "matches": ("matches_pattern", "matches_pattern"),
    "number": ("to_number", "to_number"),
    "chunks": ("chunks", "chunks"),
    "unique": ("unique", "unique"),
    "flatten": ("flatten", "flatten"),
    "pick": ("pick", "pick"),
    "omit": ("omit", "omit"),
    "type_of": ("type_of", "type_of"),
    "shift": ("shift", "moments"),
    "seconds_between": ("seconds_between", "moments"),
}
# Flow functions that are a Python expression over their compiled arguments ({0}, {1}…).
TEMPLATES = {
    "join": ("{1}.join(map(text, {0}))", POSTFIX, "text"),
    "to_json": ("json.dumps({0}, ensure_ascii=False)", POSTFIX, "json"),
    "from_json": ("json.loads({0})", POSTFIX, "json"),
    "base64_encode": ('base64.b64encode({0}.encode()).decode()', POSTFIX, "base64"),
    "base64_decode": ("base64.b64decode({0}, validate=True).decode()", POSTFIX, "base64"),
    "hash": ("hashlib.sha256({0}.encode()).hexdigest()", POSTFIX, "hashlib"),
    "range": ("list(range({0}, {1}))", POSTFIX, ""),
    "sort": ("sorted({0})", POSTFIX, ""),
    "reverse": ("list(reversed({0}))", POSTFIX, ""),
    "first": ("next(iter({0}), None)", POSTFIX, ""),
    "last": ("next(reversed({0}), None)", POSTFIX, ""),
    "keys": ("list({0})", POSTFIX, ""),
    "values": ("list({0}.values())", POSTFIX, ""),
    "floor": ("math.floor({0})", POSTFIX, "math"),
    "ceil": ("math.ceil({0})", POSTFIX, "math"),
}


def python_string(text: str) -> str:
    """A double-quoted Python literal for any text; safe to embed anywhere."""
    out = ['"']
    for char in text:
        if char in ('"', "\\"):
            out.append("\\" + char)
        elif char == "\n":
            out.append("\\n")
        elif char == "\t":
            out.append("\\t")
        elif char == "\r":
            out.append("\\r")
        elif not char.isprintable() or char in "\u2028\u2029":
            code = ord(char)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


def python_literal(value: m.JsonScalar) -> str:
    if value is None:
        return "None"
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, str):
        return python_string(value)
    return repr(value)


class ExpressionCompiler:
    """Turns `model.Expr` into Python source; records which helpers the code needs."""

    def __init__(self, names: PythonNames, input_variable: str = "flow_input") -> None:
        self.names = names
        self.input_variable = input_variable
        self.helpers: set[str] = set()
        self.modules: set[str] = set()  # standard-library modules the expressions use
        self.execution_variable: str | None = None  # set when `execution` is the execution itself
        # Each `parallel` / `for each` NAME lowered so far: its BatchResult variable, its branch names.
        self.batches: dict[str, tuple[str, str | None]] = {}

    def compile(self, expr: m.Expr) -> str:
        code, _ = self._emit(expr)
        return code

    def compile_wrapped(self, expr: m.Expr, at_least: int) -> str:
        """Python source for `expr`, in parentheses if it binds looser than `at_least`."""
        return self._wrapped(expr, at_least)

    def _wrapped(self, expr: m.Expr, at_least: int) -> str:
        code, precedence = self._emit(expr)
        return f"({code})" if precedence < at_least else code

    def _emit(self, expr: m.Expr) -> tuple[str, int]:
        emit: Callable[[m.Expr], tuple[str, int]] = getattr(self, f"_emit_{expr.kind}")
        return emit(expr)

    def _emit_literal(self, expr: m.Expr) -> tuple[str, int]:
        assert isinstance(expr, m.LiteralValue)
        value = expr.value
        if isinstance(value, (int, float)) and not isinstance(value, bool) and value < 0:
            return python_literal(value), NEGATE
        return python_literal(value), ATOM

    def _emit_template(self, expr: m.Expr) -> tuple[str, int]:
        assert isinstance(expr, m.Template)
        pieces: list[str] = []
        for part in expr.parts:
            if isinstance(part, str):
                pieces.append(python_string(part))
            else:
                self.helpers.add("text")
                pieces.append(f"text({self.compile(part)})")
        if len(pieces) == 1:
            return pieces[0], POSTFIX
        return " + ".join(pieces), ADD

    def _emit_reference(self, expr: m.Expr) -> tuple[str, int]:
        assert isinstance(expr, m.Reference)
        if expr.name == "input":
            return self.input_variable, ATOM
        if expr.name == "execution" and self.execution_variable:
            return self.execution_variable, ATOM
        return self.names.variable(expr.name), ATOM

    def _emit_attribute(self, expr: m.Expr) -> tuple[str, int]:
        assert isinstance(expr, m.Attribute)
        return f"{self._wrapped(expr.target, POSTFIX)}[{python_string(expr.name)}]", POSTFIX

    def _key_or_null(self, expr: m.Expr) -> str:
        """`a.b.c` where a missing key, at any depth, reads as null (inside `default`).

        One key is `a.get("b")`; a longer path, or a position, walks it with `dig`.
        Anything that is not a path reads as usual.
        """
        keys: list[str] = []
        root = expr
        while isinstance(root, (m.Attribute, m.Index)):
            key = python_string(root.name) if isinstance(root, m.Attribute) else self.compile(root.index)
            keys.insert(0, key)
            root = root.target
        if not keys:
            return self._wrapped(expr, OR)
        if len(keys) == 1 and isinstance(expr, m.Attribute):
            return f"{self._wrapped(expr.target, POSTFIX)}.get({keys[0]})"
        self.helpers.add("dig")
        return f"dig({self.compile(root)}, {', '.join(keys)})"

    def _emit_index(self, expr: m.Expr) -> tuple[str, int]:
        assert isinstance(expr, m.Index)
        return f"{self._wrapped(expr.target, POSTFIX)}[{self.compile(expr.index)}]", POSTFIX

    def _emit_list(self, expr: m.Expr) -> tuple[str, int]:
        assert isinstance(expr, m.ListExpr)
        return "[" + ", ".join(self.compile(item) for item in expr.items) + "]", ATOM

    def _emit_map(self, expr: m.Expr) -> tuple[str, int]:
        assert isinstance(expr, m.MapExpr)
        entries = (f"{python_string(e.key)}: {self.compile(e.value)}" for e in expr.entries)
        return "{" + ", ".join(entries) + "}", ATOM

    def _emit_unary(self, expr: m.Expr) -> tuple[str, int]:
        assert isinstance(expr, m.Unary)
        if expr.op == "not":
            return f"not {self._wrapped(expr.operand, NOT)}", NOT
        return f"-{self._wrapped(expr.operand, NEGATE)}", NEGATE

    def _emit_binary(self, expr: m.Expr) -> tuple[str, int]:
        assert isinstance(expr, m.Binary)
        precedence = BINARY_PRECEDENCE[expr.op]
        # Comparisons do not chain in flows, so both sides bind tighter than the operator.
        left_at_least = precedence + 1 if precedence == COMPARE else precedence
        left = self._wrapped(expr.left, left_at_least)
        right = self._wrapped(expr.right, precedence + 1)
        return f"{left} {expr.op} {right}", precedence

    def _emit_function(self, expr: m.Expr) -> tuple[str, int]:
        assert isinstance(expr, m.FunctionCall)
        if expr.function in STRING_METHODS:
            return f"{self._wrapped(expr.args[0], POSTFIX)}.{expr.function}()", POSTFIX
        if expr.function == "default":
            value, fallback = expr.args
            read = self._key_or_null(value)
            if _is_path(value):
                return f"{self._wrapped(fallback, OR)} if {read} is None else {read}", CONDITIONAL
            # Anything else is read once: repeating it would double the code with each nesting.
            self.helpers.add("default_of")
            return f"default_of({read}, lambda: {self.compile(fallback)})", POSTFIX
        if expr.function in BATCH_FUNCTIONS:
            target = expr.args[0]
            assert isinstance(target, m.Reference)
            batch, names = self.batches[target.name]
            self.helpers.add("batch_outcomes")
            return f"{BATCH_FUNCTIONS[expr.function]}({batch}{', ' + names if names else ''})", POSTFIX
        if expr.function in METHODS:
            receiver, *rest = expr.args
            arguments = ", ".join(self.compile(arg) for arg in rest)
            return f"{self._wrapped(receiver, POSTFIX)}.{METHODS[expr.function]}({arguments})", POSTFIX
        if expr.function in HELPER_FUNCTIONS:
            function, helper = HELPER_FUNCTIONS[expr.function]
            self.helpers.add(helper)
            return f"{function}({', '.join(self.compile(arg) for arg in expr.args)})", POSTFIX
        if expr.function in TEMPLATES:
            template, precedence, needs = TEMPLATES[expr.function]
            if needs == "text":
                self.helpers.add("text")
            elif needs:
                self.modules.add(needs)
            # A receiver (`{1}.join`, `{0}.encode()`) must bind tightly; plain arguments need not.
            pieces = [
                self._wrapped(arg, POSTFIX) if f"{{{index}}}." in template else self.compile(arg)
                for index, arg in enumerate(expr.args)
            ]
            return template.format(*pieces), precedence
        if expr.function == "merge":
            return "{" + ", ".join(f"**{self._wrapped(arg, POSTFIX)}" for arg in expr.args) + "}", ATOM
        args = ", ".join(self.compile(arg) for arg in expr.args)
        return f"{expr.function}({args})", POSTFIX

    def _emit_conditional(self, expr: m.Expr) -> tuple[str, int]:
        assert isinstance(expr, m.Conditional)
        then = self._wrapped(expr.then, OR)
        condition = self._wrapped(expr.condition, OR)
        otherwise = self._wrapped(expr.otherwise, CONDITIONAL)
        return f"{then} if {condition} else {otherwise}", CONDITIONAL

    def _emit_comprehension(self, expr: m.Expr) -> tuple[str, int]:
        assert isinstance(expr, m.Comprehension)
        variable = self.names.variable(expr.variable.text)
        code = f"{self.compile(expr.element)} for {variable} in {self._wrapped(expr.items, OR)}"
        if expr.condition is not None:
            code += f" if {self._wrapped(expr.condition, OR)}"
        return f"[{code}]", ATOM

    def _emit_duration(self, expr: m.Expr) -> tuple[str, int]:
        assert isinstance(expr, m.DurationValue)
        seconds = expr.duration.seconds
        return repr(int(seconds) if seconds == int(seconds) else seconds), ATOM


def _is_path(expr: m.Expr) -> bool:
    """`input.a.b`, `x[0]`: cheap to read twice, and the same each time."""
    while isinstance(expr, (m.Attribute, m.Index)):
        if isinstance(expr, m.Index) and not isinstance(expr.index, m.LiteralValue):
            return False
        expr = expr.target
    return isinstance(expr, m.Reference)
