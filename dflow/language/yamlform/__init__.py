"""The YAML form of a flow: its document schema, loader and writer."""
