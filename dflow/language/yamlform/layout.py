"""The one layout of every YAML file dflow writes: SAM snippets, templates, YAML flows."""

from __future__ import annotations

from ruamel.yaml import YAML


def round_trip_yaml() -> YAML:
    """ruamel's round-trip YAML: comments and quotes kept when read back, block style,
    two-space mappings with indented dashes, and lines never wrapped."""
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.default_flow_style = False
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096
    return yaml
