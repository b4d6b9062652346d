"""Who may talk to the studio: the person who started it, from its own page, and nobody else.

Before any routing, every request must
- carry the token (`?token=` once, which sets a cookie; then the cookie, or
  the `X-Dflow-Token` header for tools), compared in constant time;
- name the server itself as `Host` (`127.0.0.1:PORT` or `localhost:PORT`,
  or the `--host` it was told to bind), so a DNS-rebinding page cannot reach
  it under another name;
- when it has an `Origin`, come from the server's own origin (`null` and other
  ports are foreign), so another site in the same browser cannot use the cookie.
Anything else is answered 403 and goes no further.

The cookie is named after the port (`dflow_studio_token_PORT`): cookies ignore
ports, so one name would let a second studio lock the first one's page out,
and send each token to every other local port. Opening the page with
`?token=` sets the cookie and sends the browser to the same address without
the token, so it stays out of the history and of screenshots. A request body
over `MAX_BODY` bytes is refused with 413 before it is read.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Awaitable, Callable, MutableMapping
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qs

COOKIE = "dflow_studio_token"
HEADER = b"x-dflow-token"
# A flow, a scenario or a run's input: far below this.
MAX_BODY = 2 * 1024 * 1024
TOO_LARGE = "the request is larger than the studio takes"

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]


class Guard:
    """ASGI middleware: the token, the Host and the Origin, checked before the app sees anything."""

    def __init__(self, app: App, token: str, port: int, host: str = "127.0.0.1") -> None:
        self.app = app
        self.token = token.encode()
        self.cookie = f"{COOKIE}_{port}"
        names = {"127.0.0.1", "localhost", host_in_url(host)}
        self.hosts = {f"{name}:{port}".encode() for name in names}
        self.origins = {b"http://" + name for name in self.hosts}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = {name.lower(): value for name, value in scope.get("headers", [])}
        from_query = self._query_token(scope)
        given = from_query or headers.get(HEADER) or self._cookie_token(headers.get(b"cookie", b""), self.cookie)
        origin = headers.get(b"origin")
        allowed = (
            given is not None
            and hmac.compare_digest(given, self.token)
            and headers.get(b"host") in self.hosts
            and (origin is None or origin in self.origins)
        )
        if not allowed:
            await _forbidden(scope, receive, send)
            return
        if scope["type"] == "http" and _declared_length(headers) > MAX_BODY:
            await _too_large(send)
            return
        receive = _limited(receive, send)
        if from_query is None:
            await self.app(scope, receive, send)
            return
        cookie = f"{self.cookie}={self.token.decode()}; Path=/; HttpOnly; SameSite=Strict".encode()
        if scope["type"] == "http" and scope.get("method") == "GET" and scope.get("path") == "/":
            # The page itself: set the cookie and go to the same address without the token.
            await send({"type": "http.response.start", "status": 303,
                        "headers": [(b"location", b"/"), (b"set-cookie", cookie), (b"content-length", b"0")]})
            await send({"type": "http.response.body", "body": b""})
            return

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), (b"set-cookie", cookie)]
            await send(message)

        await self.app(scope, receive, send_with_cookie)

    @staticmethod
    def _query_token(scope: Scope) -> bytes | None:
        values = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("token")
        return values[0].encode() if values else None

    @staticmethod
    def _cookie_token(header: bytes, name: str) -> bytes | None:
        cookie: SimpleCookie = SimpleCookie()
        try:
            cookie.load(header.decode("latin-1"))
        except Exception:  # noqa: BLE001 - a malformed cookie is no token
            return None
        morsel = cookie.get(name)
        return morsel.value.encode() if morsel is not None else None


def host_in_url(host: str) -> str:
    """A host as it appears in a URL and a `Host` header: an IPv6 address in brackets."""
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def _declared_length(headers: dict[bytes, bytes]) -> int:
    try:
        return int(headers.get(b"content-length", b"0"))
    except ValueError:
        return 0


def _limited(receive: Receive, send: Send) -> Receive:
    """`receive`, refusing a body (sent in chunks, without a length) that grows past MAX_BODY."""
    received = 0

    async def limited() -> Message:
        nonlocal received
        message = await receive()
        if message["type"] == "http.request":
            received += len(message.get("body", b""))
            if received > MAX_BODY:
                raise BodyTooLarge()
        return message

    return limited


class BodyTooLarge(Exception):
    """A request body past MAX_BODY, found while it was being read."""


async def _too_large(send: Send) -> None:
    await _respond(send, 413, b"application/json", json.dumps({"error": TOO_LARGE}).encode())


async def _forbidden(scope: Scope, receive: Receive, send: Send) -> None:
    if scope["type"] == "websocket":
        await send({"type": "websocket.close", "code": 1008})
        return
    body = b"403 Forbidden: open the address dflow studio printed, with its token\n"
    await _respond(send, 403, b"text/plain; charset=utf-8", body)


async def _respond(send: Send, status: int, content_type: bytes, body: bytes) -> None:
    """A whole response from the guard itself, before the app sees the request."""
    await send({
        "type": "http.response.start",
        "status": status,
        "headers": [(b"content-type", content_type), (b"content-length", str(len(body)).encode())],
    })
    await send({"type": "http.response.body", "body": body})
