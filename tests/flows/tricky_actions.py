"""Actions for tests/flows/tricky.flow."""

from __future__ import annotations


def echo(value: str) -> str:
    return value
