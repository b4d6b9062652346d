"""Wording for messages, with no imports: the no-op rebuild uses it before loading the compiler."""


def count_of(number: int, word: str) -> str:
    """`1 flow`, `3 flows`."""
    return f"{number} {word}{'s' if number != 1 else ''}"
