"""The model's foundations and its expressions: `Node`, `Span`, names, durations, `Expr`.

`model.py` builds statements and flows on these and re-exports every name,
so the rest of dflow writes `m.Binary` and `m.Name` as before.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, Self, Union, cast, get_args

from pydantic import BaseModel, ConfigDict, Field

# Each class builds its validator when first used, not at import: a compile uses
# only some of the 39 classes, and building them all cost a cold start 60 ms.
# The `.flow` parser builds its nodes with `model_construct` (see `Model`), so a
# cold command builds no validator at all: mypy checks each field it passes
# (pydantic's plugin types `model_construct`), and a test checks that no value
# needs converting.
DEFERRED = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class Model(BaseModel):
    """Base of the model's classes: immutable, each building its validator when first used."""

    model_config = DEFERRED

    # pydantic's mypy plugin declares a typed `model_construct` on every model class, this one too:
    # call sites keep those types, and this is the one that runs.
    @classmethod  # type: ignore[no-redef]
    def model_construct(  # type: ignore[override]
        cls, _fields_set: set[str] | None = None, **values: Any
    ) -> Self:
        """An object from values the parsers have already checked, by the faster way there is now.

        Until the class's validator is built (a cold command builds none),
        pydantic's construct, which builds nothing; once it is (a long-running
        process, such as the language server, builds them all at its start with
        `build_validators`), the validator, which is faster. Both give the same
        object: a test holds that the parsers' values need no converting.
        """
        if cls.__pydantic_complete__:
            return cls(**values)
        return super().model_construct(_fields_set, **values)


def build_validators(root: type[Model] = Model) -> None:
    """Build the validator of every model class now, for a process that parses many flows."""
    for cls in root.__subclasses__():
        cls.model_rebuild(force=True)
        build_validators(cls)


class Node(Model):
    """Base of every model object: immutable, with a source span."""

    span: Span


class Span(Model):
    """A region of a source file; lines and columns count from 1, end is exclusive."""

    line: int
    column: int
    end_line: int
    end_column: int


class Duration(Node):
    """A duration as written (`15 minutes`) and its length in seconds."""

    amount: Union[int, float]
    unit: str
    seconds: float


class Name(Node):
    """A name the flow defines (an operation, a `set`, a loop variable, a branch)."""

    text: str


# ---------------------------------------------------------------- expressions

JsonScalar = Union[str, int, float, bool, None]


class LiteralValue(Node):
    """A string without interpolation, a number, `true`, `false` or `null`."""

    kind: Literal["literal"] = "literal"
    value: JsonScalar


class Template(Node):
    """A string with `{expression}` parts; `parts` alternate text and expressions."""

    kind: Literal["template"] = "template"
    parts: list[Union[str, Expr]]


class Reference(Node):
    """A bare name: `input`, an operation's NAME, a `set` name or a loop variable."""

    kind: Literal["reference"] = "reference"
    name: str


class Attribute(Node):
    """`target.name`: a key of a map (`payment.status`)."""

    kind: Literal["attribute"] = "attribute"
    target: Expr
    name: str


class Index(Node):
    """`target[index]`: an item of a list or a key of a map."""

    kind: Literal["index"] = "index"
    target: Expr
    index: Expr


class ListExpr(Node):
    kind: Literal["list"] = "list"
    items: list[Expr]


class MapEntry(Node):
    key: str
    value: Expr


class MapExpr(Node):
    kind: Literal["map"] = "map"
    entries: list[MapEntry]


UnaryOp = Literal["-", "not"]
BinaryOp = Literal[
    "+", "-", "*", "/", "%", "==", "!=", "<", "<=", ">", ">=", "in", "not in", "and", "or"
]
BINARY_OPS = frozenset(get_args(BinaryOp))


def binary_op(text: str) -> BinaryOp:
    """An operator as the model holds it; the grammar writes no other."""
    if text not in BINARY_OPS:
        raise ValueError(f"not an operator of the language: {text!r}")
    return cast(BinaryOp, text)


class Unary(Node):
    kind: Literal["unary"] = "unary"
    op: UnaryOp
    operand: Expr


class Binary(Node):
    kind: Literal["binary"] = "binary"
    op: BinaryOp
    left: Expr
    right: Expr


class FunctionCall(Node):
    """One of the built-in functions: `len`, `lower`, `join`, `merge`… (see docs/language.md)."""

    kind: Literal["function"] = "function"
    function: str
    function_span: Span
    args: list[Expr]


class Conditional(Node):
    """`if CONDITION then A else B`, as an expression."""

    kind: Literal["conditional"] = "conditional"
    condition: Expr
    then: Expr
    otherwise: Expr


class Comprehension(Node):
    """`[ELEMENT for VARIABLE in ITEMS if CONDITION]`; VARIABLE is seen only inside it."""

    kind: Literal["comprehension"] = "comprehension"
    element: Expr
    variable: Name
    items: Expr
    condition: Expr | None = None


class DurationValue(Node):
    """A duration written in an expression (`2 days`): its number of seconds."""

    kind: Literal["duration"] = "duration"
    duration: Duration


Expr = Annotated[
    Union[
        LiteralValue,
        Template,
        Reference,
        Attribute,
        Index,
        ListExpr,
        MapExpr,
        Unary,
        Binary,
        FunctionCall,
        Conditional,
        Comprehension,
        DurationValue,
    ],
    Field(discriminator="kind"),
]
