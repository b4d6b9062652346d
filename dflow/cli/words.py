"""Wording for messages, with no imports: the no-op rebuild uses it before loading the compiler."""


def count_of(number: int, word: str) -> str:
    """`1 flow`, `3 flows`."""
    return f"{number} {word}{'s' if number != 1 else ''}"


def needs_extra(part: str, missing: str | None, extra: str) -> str:
    """What to install when an optional part of dflow lacks a package: `the studio needs uvicorn: pip install …`."""
    return f"dflow: {part} needs {missing}: pip install 'dflow[{extra}]'"


BUG_REPORT = "this is a bug in dflow; please report it with the flow that caused it"
GREEN, RED, DIM, RESET = "\033[32m", "\033[31m", "\033[2m", "\033[0m"


def paint(text: str, code: str, colour: bool) -> str:
    """Text in a terminal colour, when the output is a terminal."""
    return f"{code}{text}{RESET}" if colour and code else text
