"""The REST side: routing `/api/v10/...`, reading JSON and multipart bodies, and the checks every
request goes through before a handler sees it.

Order, as on Discord: an injected fault (if one is due), authorisation, the rate limits
(`bot.sandbox.ratelimits`), the body against the request schema of its path and method
(`ApiSpec.check_request`), then the handler, which applies the documented message rules and the
stateful ones. Every refusal becomes Discord's error body and a `Violation`; a 429 is Discord's
answer to pace the bot, recorded but not a violation unless invalid requests pile up.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple, TypeVar

from aiohttp import BodyPartReader, web

from bot.sandbox import rules
from bot.sandbox.errors import (
    INVALID_FORM_BODY,
    METHOD_NOT_ALLOWED,
    NOT_FOUND,
    UNAUTHORIZED,
    ApiError,
    KnownError,
)
from bot.sandbox.faults import FaultPlan
from bot.sandbox.ledger import Exchange, Ledger, Violation
from bot.sandbox.ratelimits import INVALID_REQUEST_BAN, Admission, RateLimits
from bot.sandbox.spec import ApiSpec

log = logging.getLogger(__name__)

API_PREFIX = "/api/v10"
SANDBOX_FAILURE = KnownError(400, 0, "The sandbox could not handle this request")


@dataclass(frozen=True)
class UploadedFile:
    index: int
    filename: str
    content_type: str | None
    data: bytes


@dataclass
class ApiRequest:
    method: str
    path: str
    params: dict[str, str]
    query: Mapping[str, str]
    body: Any
    files: list[UploadedFile] = field(default_factory=list)

    def json_object(self) -> dict[str, Any]:
        """The body as an object (Discord answers anything else with a form error)."""
        if self.body is None:
            return {}
        if not isinstance(self.body, dict):
            problem = {"code": "DICT_TYPE_CONVERT", "message": "Only dictionaries may be used"}
            raise ApiError(INVALID_FORM_BODY, {"_errors": [problem]})
        return self.body

    def flag(self, name: str) -> bool:
        return self.query.get(name, "").lower() in ("1", "true")

    def snowflake(self, name: str) -> int:
        value = self.params[name]
        if not value.isdigit():
            raise ApiError(NOT_FOUND)
        return int(value)


@dataclass
class ApiResponse:
    status: int = 200
    body: Any = None


Handler = Callable[[ApiRequest], Awaitable[ApiResponse]]
_Method = TypeVar("_Method", bound=Callable[..., Awaitable[ApiResponse]])

_SERVES = "_sandbox_serves"  # where @serves leaves a handler's routes for Router.mount


def serves(method: str, template: str, *, bot_auth: bool = True) -> Callable[[_Method], _Method]:
    """Marks a resource's handler as the one for `method template`; `Router.mount` serves it."""

    def mark(handler: _Method) -> _Method:
        setattr(handler, _SERVES, (*getattr(handler, _SERVES, ()), (method, template, bot_auth)))
        return handler

    return mark


@dataclass(frozen=True)
class Route:
    method: str
    template: str
    pattern: re.Pattern[str]
    handler: Handler
    bot_auth: bool


class Router:
    def __init__(self) -> None:
        self._routes: list[Route] = []

    def add(self, method: str, template: str, handler: Handler, *, bot_auth: bool = True) -> None:
        """Serve `template` (e.g. "/channels/{channel_id}/messages"); literal segments win."""
        regex = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(template))
        route = Route(method, template, re.compile(regex), handler, bot_auth)
        self._routes.append(route)
        # Literal segments such as "@me" must be tried before a placeholder in the same place.
        self._routes.sort(key=lambda r: r.template.count("{"))

    def mount(self, resource: object) -> None:
        """Serve each of `resource`'s handlers on the routes it is marked with (`@serves`)."""
        for name in dir(type(resource)):
            for method, template, bot_auth in getattr(getattr(type(resource), name), _SERVES, ()):
                self.add(method, template, getattr(resource, name), bot_auth=bot_auth)

    def match(self, method: str, path: str) -> tuple[Route, dict[str, str]]:
        allowed = False
        for route in self._routes:
            found = route.pattern.fullmatch(path)
            if found is None:
                continue
            if route.method == method:
                return route, found.groupdict()
            allowed = True
        raise ApiError(METHOD_NOT_ALLOWED if allowed else NOT_FOUND)


class RequestChecks:
    """The stateless checks: Discord's request schemas and its documented message rules."""

    def __init__(self, spec: ApiSpec | None) -> None:
        self.spec = spec

    def schema(self, method: str, path: str, body: Any) -> None:
        if self.spec is None or body is None:
            return
        errors = self.spec.check_request(method, path, body)
        if errors:
            raise ApiError(INVALID_FORM_BODY, errors)

    @staticmethod
    def message(message: Mapping[str, Any], *, at: str | None = None) -> None:
        """Refuse a message payload (found at key `at` of the body) that breaks Discord's limits."""
        errors = rules.check_message_rules(message)
        if errors:
            raise ApiError(INVALID_FORM_BODY, {at: errors} if at else errors)


class RestApi:
    def __init__(
        self,
        *,
        token: str,
        ledger: Ledger,
        faults: FaultPlan,
        checks: RequestChecks,
        limits: RateLimits,
    ) -> None:
        self.router = Router()
        self.checks = checks
        self.limits = limits
        self._token = token
        self._ledger = ledger
        self._faults = faults

    async def handle(self, request: web.Request) -> web.StreamResponse:
        method = request.method
        path = "/" + request.match_info["tail"]
        arrived = _Arrival(self.limits.clock.now(), self.limits.clock.monotonic())
        fault = self._faults.take(method, path)
        if fault is not None and fault.delay:
            await asyncio.sleep(fault.delay)
        if fault is not None and fault.status is not None:
            sent, _ = await _read_body(request)
            scope = fault.headers.get("X-RateLimit-Scope")
            self._record(
                Exchange(
                    method,
                    path,
                    fault.status,
                    sent,
                    fault.body,
                    *arrived,
                    fault=fault.name,
                    scope=scope,
                )
            )
            return json_response(fault.body, fault.status, fault.headers)

        body: Any = None
        admission: Admission | None = None
        try:
            route, params = self.router.match(method, path)
            if route.bot_auth and request.headers.get("Authorization") != f"Bot {self._token}":
                raise ApiError(UNAUTHORIZED)
            body, files = await _read_body(request)
            admission = self.limits.admit(method, route.template, params, body)
            if admission.refusal is not None:
                return self._rate_limited(method, path, body, arrived, admission)
            self.checks.schema(method, path, body)
            api_request = ApiRequest(method, path, params, request.query, body, files)
            response = await route.handler(api_request)
        except ApiError as refusal:
            status = refusal.error.status
            return self._refuse(
                method,
                path,
                body,
                arrived,
                admission,
                status,
                refusal.body(),
                refusal.errors,
                note=refusal.note,
            )
        # A sandbox bug must fail the test at once, not as a 500 that discord.py retries for long.
        except Exception as failure:
            log.exception("sandbox failed on %s %s", method, path)
            answer = {"message": f"{SANDBOX_FAILURE.message}: {failure!r}", "code": 0}
            return self._refuse(
                method, path, body, arrived, admission, SANDBOX_FAILURE.status, answer, None
            )

        self._record(
            Exchange(
                method,
                path,
                response.status,
                body,
                response.body,
                *arrived,
                bucket=admission.bucket,
                global_limit=admission.global_limit,
            )
        )
        if response.status == 204:
            return web.Response(status=204, headers=admission.headers)
        return json_response(response.body, response.status, admission.headers)

    def _rate_limited(
        self, method: str, path: str, sent: Any, arrived: _Arrival, admission: Admission
    ) -> web.Response:
        assert admission.refusal is not None
        answer = admission.refusal.body()
        self._record(
            Exchange(
                method,
                path,
                429,
                sent,
                answer,
                *arrived,
                bucket=admission.bucket,
                global_limit=admission.global_limit,
                scope=admission.refusal.scope,
            )
        )
        return json_response(answer, 429, admission.refusal_headers())

    def _refuse(
        self,
        method: str,
        path: str,
        sent: Any,
        arrived: _Arrival,
        admission: Admission | None,
        status: int,
        answer: dict[str, Any],
        errors: dict[str, Any] | None,
        *,
        note: str | None = None,
    ) -> web.Response:
        bucket = admission.bucket if admission is not None else None
        bound = admission is not None and admission.global_limit
        self._record(
            Exchange(
                method, path, status, sent, answer, *arrived, bucket=bucket, global_limit=bound
            )
        )
        self._ledger.refuse(Violation(method, path, status, answer, errors, sent, note))
        return json_response(answer, status, admission.headers if admission is not None else None)

    def _record(self, exchange: Exchange) -> None:
        self._ledger.exchanges.append(exchange)
        if self.limits.count_answer(exchange.status, exchange.scope):
            self._ledger.refuse(
                Violation(
                    "*",
                    "/",
                    exchange.status,
                    {"message": f"{INVALID_REQUEST_BAN} ({self.limits.describe()})", "code": 0},
                    None,
                )
            )


class _Arrival(NamedTuple):
    at: datetime
    monotonic: float


def json_response(body: Any, status: int, headers: Mapping[str, str] | None = None) -> web.Response:
    # discord.py decodes JSON only when the content type is exactly "application/json", as
    # Discord sends it; aiohttp's json_response would add a charset.
    return web.Response(
        body=json.dumps(body).encode(),
        status=status,
        headers={**(headers or {}), "Content-Type": "application/json"},
    )


async def _read_body(request: web.Request) -> tuple[Any, list[UploadedFile]]:
    if not request.can_read_body:
        return None, []
    if request.content_type != "multipart/form-data":
        text = await request.text()
        return (json.loads(text) if text else None), []
    body: Any = None
    files: list[UploadedFile] = []
    reader = await request.multipart()
    while (part := await reader.next()) is not None:
        if not isinstance(part, BodyPartReader):
            continue
        if part.name == "payload_json":
            body = json.loads(await part.text())
        elif part.name and (index := re.fullmatch(r"files\[(\d+)\]", part.name)):
            data = bytes(await part.read())
            content_type = part.headers.get("Content-Type")
            files.append(
                UploadedFile(int(index.group(1)), part.filename or "file", content_type, data)
            )
    return body, files
