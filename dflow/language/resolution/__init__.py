"""Resolution, the stage between reading a flow and checking it: what each name refers to.

`resolve_flow(flow)` walks the flow's scopes once and gives its resolved view
(`Resolution`): for every reference its definition, for every definition its
uses, the names that clash, and which statements can never run. The checks
read it to report unknown and clashing names; editors read it for hover, go
to definition, references, rename and completion. Nothing here reports a
diagnostic: it says what is, and the checks say what is wrong.
"""

from dflow.language.resolution.scopes import resolve_flow as resolve_flow
from dflow.language.resolution.view import Clash as Clash
from dflow.language.resolution.view import Defined as Defined
from dflow.language.resolution.view import Resolution as Resolution
from dflow.language.resolution.view import Used as Used
