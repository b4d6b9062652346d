"""Update a `template.yaml` a person may have edited, changing only what dflow owns.

dflow owns the keys it writes. Each build compares three things: the template
on disk, what dflow writes now, and what it wrote last time (kept beside the
template in `.dflow-template.json`). So:

- a key dflow writes gets dflow's value (a hand edit of it is reported, since
  the next build would undo it silently otherwise);
- in a list dflow writes (`Policies`, `Layers`), items a person added stay,
  after dflow's own;
- keys and resources a person added, and comments, stay as they are;
- what dflow wrote last time and no longer writes is taken out.

Without the record of the last build, nothing already in the template is
taken out.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from dflow.compiler.sam import TemplateError, load_template

HEADER = """\
# The SAM application of this project, written by `dflow build`.
# dflow owns the keys it writes and sets them again on every build; anything
# you add (a policy, an environment variable, an event, a resource, a comment)
# is kept. Deploy with: sam build -t build/template.yaml && sam deploy --guided
"""
# Written once, then left to the person who edits the template.
SEEDED = ("Description", "Transform")
WHOLE = (("Resources",), ("Outputs",), ("Parameters",))


@dataclass
class Merged:
    text: str
    notes: list[str] = field(default_factory=list)


def merge_template(current_text: str | None, generated: dict[str, Any], previous: dict[str, Any] | None) -> Merged:
    """The template with dflow's part brought up to date; raises `TemplateError` for one it cannot read."""
    yaml = _yaml()
    if current_text is None or not current_text.strip():
        stream = io.StringIO()
        yaml.dump(generated, stream)
        return Merged(HEADER + stream.getvalue())
    document = load_template(yaml, current_text)
    notes: list[str] = []
    owned = {key: value for key, value in generated.items() if key not in SEEDED}
    for key in SEEDED:
        if key in generated and key not in document:
            document[key] = generated[key]
    if not isinstance(document.get("Resources", {}), dict):
        raise TemplateError("`Resources:` must be a mapping of resource names")
    before = {key: value for key, value in (previous or {}).items() if key not in SEEDED}
    _merge_mapping(document, owned, before, (), notes)
    stream = io.StringIO()
    yaml.dump(document, stream)
    return Merged(stream.getvalue(), notes)


def _merge_mapping(current: Any, generated: dict[str, Any], previous: Any, path: tuple[str, ...], notes: list[str]) -> None:
    before_of = previous if isinstance(previous, dict) else {}
    for key, value in generated.items():
        before = before_of.get(key)
        if key not in current:
            current[key] = value
            continue
        existing = current[key]
        if _is_mapping(value) and _is_mapping(existing):
            _merge_mapping(existing, value, before, (*path, key), notes)
        elif isinstance(value, list) and isinstance(existing, list):
            _merge_list(existing, value, before)
        elif plain(existing) != value:
            if before is not None and plain(existing) != before:
                notes.append(_overwritten((*path, key), plain(existing), value))
            current[key] = value
    for key, before in before_of.items():
        if key in generated or key not in current:
            continue
        existing = current[key]
        if path == ("Resources",) and not _same_type(existing, before):
            # The record names a resource dflow never made (a copied or badly merged
            # record): what is in the template is a person's, and stays.
            notes.append(f"kept the resource {key}: the last build's record names one of another Type")
        elif path in WHOLE:
            # A resource, output or parameter dflow made and no longer makes goes
            # whole: what a person added to it means nothing without it.
            del current[key]
            if path == ("Resources",):
                notes.append(f"removed the resource {key}: dflow no longer makes it")
        elif isinstance(before, list) and isinstance(existing, list):
            _merge_list(existing, [], before)
            if not existing:
                del current[key]
        elif _is_mapping(before) and _is_mapping(existing):
            _merge_mapping(existing, {}, before, (*path, key), notes)
            if not existing:
                del current[key]
        else:
            del current[key]


def _same_type(existing: Any, recorded: Any) -> bool:
    """Whether a resource in the template is of the Type the last build's record says dflow made."""
    if not (isinstance(existing, dict) and isinstance(recorded, dict)):
        return False
    return bool(plain(existing.get("Type")) == recorded.get("Type"))


def _merge_list(existing: list[Any], generated: list[Any], before: Any) -> None:
    """dflow's items first, then those a person added, in place so their comments stay."""
    written_before = before if isinstance(before, list) else []
    added = [(index, item) for index, item in enumerate(existing)
             if plain(item) not in generated and plain(item) not in written_before]
    comments = getattr(existing, "ca", None)
    by_index = dict(comments.items) if comments is not None else {}
    existing[:] = [*generated, *(item for _, item in added)]
    if comments is not None:
        # ruamel keeps a list's comments by position: each added item keeps its own.
        comments.items.clear()
        for index, (was, _) in enumerate(added, start=len(generated)):
            if was in by_index:
                comments.items[index] = by_index[was]


def _is_mapping(value: Any) -> bool:
    """A mapping to merge into, not an intrinsic function (`Ref`, `Fn::Sub`) that is one value."""
    if not isinstance(value, dict):
        return False
    keys = list(value)
    return not (len(keys) == 1 and (keys[0] == "Ref" or str(keys[0]).startswith("Fn::")))


def _overwritten(path: tuple[str, ...], was: Any, now: Any) -> str:
    where = ".".join(path)
    advice = "set it in the flow or in [tool.dflow.functions.NAME] instead" if "Properties" in path else "dflow sets it"
    return f"{where} was changed by hand to {was!r}; dflow owns it and wrote {now!r} ({advice})"


def plain(value: Any) -> Any:
    """ruamel's loaded values as plain Python, to compare with what dflow generates."""
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    tag = getattr(value, "tag", None)
    if tag is not None and hasattr(value, "value") and getattr(tag, "value", None):
        return {str(tag.value): plain(value.value)}  # `!Ref X` stays distinct from "X"
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    return str(value)


def _yaml() -> Any:
    from dflow.language.yamlform.layout import round_trip_yaml

    return round_trip_yaml()
