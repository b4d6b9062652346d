"""Actions of the document pipeline: an in-memory converter, search index and summariser.

`SERVICE` holds their state: tests decide how many status checks a
conversion takes, whether it fails, and which calls break.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


class RateLimited(Exception):
    """The summariser asks us to slow down; worth retrying."""


class IndexUnavailable(Exception):
    """The search cluster is down."""


@dataclass
class Service:
    checks_until_done: int = 3
    conversion_fails: bool = False
    jobs: dict[str, int] = field(default_factory=dict)  # job id -> status checks so far
    index: dict[str, str] = field(default_factory=dict)
    published: dict[str, dict[str, Any]] = field(default_factory=dict)
    calls: list[str] = field(default_factory=list)
    faults: dict[str, list[Exception]] = field(default_factory=dict)

    def fail_next(self, action: str, *errors: Exception) -> None:
        self.faults.setdefault(action, []).extend(errors)

    def enter(self, action: str) -> None:
        self.calls.append(action)
        pending = self.faults.get(action)
        if pending:
            raise pending.pop(0)


SERVICE = Service()


def reset() -> Service:
    global SERVICE
    SERVICE = Service()
    return SERVICE


def start_conversion(document_id: str, source: str) -> dict[str, Any]:
    SERVICE.enter("start_conversion")
    job_id = f"job-{document_id}"
    SERVICE.jobs.setdefault(job_id, 0)
    return {"job_id": job_id, "source": source}


def conversion_status(job_id: str) -> dict[str, Any]:
    SERVICE.enter("conversion_status")
    SERVICE.jobs[job_id] += 1
    if SERVICE.jobs[job_id] < SERVICE.checks_until_done:
        return {"state": "running"}
    if SERVICE.conversion_fails:
        return {"state": "failed", "error": "unsupported font"}
    name = job_id.removeprefix("job-")
    return {"state": "done", "pages": 12, "text_uri": f"s3://out/{name}.txt", "pdf_uri": f"s3://out/{name}.pdf"}


def index_text(document_id: str, text_uri: str) -> dict[str, Any]:
    SERVICE.enter("index_text")
    SERVICE.index[document_id] = text_uri
    return {"indexed": True}


def summarise(document_id: str, text_uri: str) -> str:
    SERVICE.enter("summarise")
    return f"A 12-page document ({document_id})."


def publish(document_id: str, index: Any, thumbnail: Any, summary: Any) -> None:
    SERVICE.enter("publish")
    SERVICE.published[document_id] = {"index": index, "thumbnail": thumbnail, "summary": summary}


def thumbnailer(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """The `thumbnailer` Lambda function the flow invokes (registered on the test runner)."""
    return {"thumbnail_uri": event["pdf_uri"].replace(".pdf", ".png")}
