"""Diagrams of flows: a graph model, and its Mermaid, DOT and SVG drawings."""
