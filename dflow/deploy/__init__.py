"""From flows to a deployable SAM application: project settings, `dflow new` and `dflow build`.

`settings.py` reads the `[tool.dflow]` table of a project's `pyproject.toml`;
`scaffold.py` writes a new project from `skeleton/`; `application.py` turns
compiled flows into the SAM template's resources; `merge.py` updates a
template a person may have edited, touching only what dflow owns; `code.py`
assembles the folders Lambda runs; `callbacks.py` is the callback endpoint's
own code, copied as it is into every build that has a `wait for`.
"""
