"""Faults on demand: the next N requests of a route answered with an error, or late.

A route is "METHOD /path" where `{name}` or `*` stands for one path segment, e.g.
"POST /channels/{channel_id}/messages" or "PATCH /webhooks/*/*/messages/@original". Injected faults
are the test's doing, so they are logged as exchanges but are not violations.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Fault:
    """An answer to give instead of the real one (`status` None: the real one, after `delay`)."""

    name: str
    status: int | None = None
    body: dict[str, Any] | None = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


def rate_limited(retry_after: float = 0.05, *, is_global: bool = False) -> Fault:
    """429 with the body and headers discord.py reads to wait and retry."""
    headers = {
        "Retry-After": str(max(1, math.ceil(retry_after))),
        "X-RateLimit-Limit": "5",
        "X-RateLimit-Remaining": "0",
        "X-RateLimit-Reset-After": f"{retry_after:.3f}",
        "X-RateLimit-Bucket": "sandbox-fault",
        "X-RateLimit-Scope": "global" if is_global else "user",
        # discord.py treats a 429 without Via as a Cloudflare ban rather than a rate limit.
        "Via": "1.1 google",
    }
    if is_global:
        headers["X-RateLimit-Global"] = "true"
    body = {
        "message": "You are being rate limited.",
        "retry_after": retry_after,
        "global": is_global,
    }
    return Fault("rate limited", 429, body, headers)


def server_error(status: int = 500) -> Fault:
    if status not in (500, 502, 503, 504):
        raise ValueError("a server error is 500, 502, 503 or 504")
    return Fault(
        f"server error {status}", status, {"message": f"{status}: Server Error", "code": 0}
    )


def missing_permissions() -> Fault:
    return Fault("missing permissions", 403, {"message": "Missing Permissions", "code": 50013})


def cannot_message_user() -> Fault:
    return Fault(
        "cannot message user", 403, {"message": "Cannot send messages to this user", "code": 50007}
    )


def delay(seconds: float) -> Fault:
    """The real answer, `seconds` late (the request reaches Discord late, as on a slow network)."""
    return Fault(f"delayed {seconds} s", delay=seconds)


@dataclass
class Injection:
    method: str
    pattern: re.Pattern[str]
    fault: Fault
    remaining: int
    served: int = 0


def _route_pattern(path: str) -> re.Pattern[str]:
    parts = []
    for segment in path.strip("/").split("/"):
        if segment == "*" or (segment.startswith("{") and segment.endswith("}")):
            parts.append("[^/]+")
        else:
            parts.append(re.escape(segment))
    return re.compile("/" + "/".join(parts))


class FaultPlan:
    def __init__(self) -> None:
        self._injections: list[Injection] = []

    def inject(self, route: str, fault: Fault, times: int = 1) -> Injection:
        method, _, path = route.strip().partition(" ")
        if not path.startswith("/"):
            raise ValueError(f"route {route!r} should read like 'POST /channels/{{id}}/messages'")
        injection = Injection(method.upper(), _route_pattern(path), fault, times)
        self._injections.append(injection)
        return injection

    def take(self, method: str, path: str) -> Fault | None:
        for injection in self._injections:
            if (
                injection.remaining > 0
                and injection.method in (method, "*")
                and injection.pattern.fullmatch(path)
            ):
                injection.remaining -= 1
                injection.served += 1
                return injection.fault
        return None
