"""`dflow lsp`: the language server, over stdio, serving `dflow.editor`'s analysis to any editor.

`server.py` wires the protocol (pygls); `positions.py` turns dflow's
positions (lines and columns from 1, in characters) into LSP's (from 0, in
UTF-16 code units) and back; `project.py` finds and probes the actions
modules a flow calls, in a separate process.
"""
