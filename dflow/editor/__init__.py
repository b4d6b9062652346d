"""What an editor shows of a flow, from the same analysis as `dflow check`: no editor protocol here.

`document.analyse` reads and checks a flow once; hover, completion,
definitions, references, renames, symbols and hints are functions of that
analysis and a position. `dflow lsp` serves them to any editor, and the
studio can ask for them over its API. Positions are dflow's: lines and
columns counted from 1, in characters.
"""
