"""Discord's rate limits as the sandbox enforces them: per-route buckets, the global limit, and
the invalid-request count that earns a Cloudflare ban.

A bucket is keyed as Discord keys it: the route's limit (method and path template) plus its
top-level resource, the channel, the guild, or the webhook id and token (for an interaction's
callback, the interaction's id and token). Each window opens with the first request and closes
`seconds` later; every answer carries Discord's headers, so discord.py paces itself by them, and a
request past a limit gets Discord's 429 (scope `user`, or `global` for the 50 requests per second
every bot has). Interaction endpoints are exempt from the global limit,
as Discord documents.

`scale` shortens (or stretches) every window by one factor, for a test that needs volume; the
counts stay Discord's. Limits are never off.
"""

from __future__ import annotations

import hashlib
import math
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Final

from bot.sandbox.clock import SandboxClock


@dataclass(frozen=True)
class Limit:
    """At most `requests` in a window of `seconds` (Discord's figure, before any scale)."""

    name: str
    requests: int
    seconds: float


def _renames(body: Any) -> bool:
    return isinstance(body, Mapping) and ("name" in body or "topic" in body)


@dataclass(frozen=True)
class RouteLimit:
    method: str
    template: str
    limit: Limit
    applies: Callable[[Any], bool] | None = None
    """For a limit on some requests of a route only (channel renames): whether the body is one."""


# Discord publishes few figures and asks bots to read the headers; the ones below are what its
# documentation states or what bots observe in those headers, each with its source.
LIMITS: Final = (
    # Observed: X-RateLimit-Limit 5, Reset-After 5 per channel (discord/discord-api-docs#20 and
    # every library's logs since); DMs are channels too.
    RouteLimit("POST", "/channels/{channel_id}/messages", Limit("message-create", 5, 5.0)),
    # Observed: 5 per second per channel.
    RouteLimit(
        "DELETE", "/channels/{channel_id}/messages/{message_id}", Limit("message-delete", 5, 1.0)
    ),
    # Announced by Discord staff in 2020 and observed since: a channel's (or thread's) name or
    # topic changes twice per 10 minutes (discord/discord-api-docs#1900, #2208; discord.py
    # #9073); other edits of the channel are not counted.
    RouteLimit("PATCH", "/channels/{channel_id}", Limit("channel-rename", 2, 600.0), _renames),
    # Observed: one reaction per quarter second per channel, adding and removing alike.
    RouteLimit(
        "PUT",
        "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me",
        Limit("reaction", 1, 0.25),
    ),
    RouteLimit(
        "DELETE",
        "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me",
        Limit("reaction", 1, 0.25),
    ),
    # No published figure for opening DMs, but a bot fanning out DMs is stopped ("You are opening
    # direct messages too fast", DasWolke/SnowTransfer#43): taken as the usual 5 per 5 s.
    RouteLimit("POST", "/users/@me/channels", Limit("dm-open", 5, 5.0)),
    # Observed: webhook executions (interaction follow-ups included) 5 per 2 s per webhook + token.
    RouteLimit("POST", "/webhooks/{application_id}/{token}", Limit("webhook-execute", 5, 2.0)),
)
# Discord limits every route, but publishes no figure for the rest; the global limit binds them.
DEFAULT_LIMIT: Final = Limit("route", 50, 1.0)
# Documented: "All bots can make up to 50 requests per second to our API."
GLOBAL_LIMIT: Final = Limit("global", 50, 1.0)
# Documented: 10,000 invalid requests (401, 403, 429 except scope shared) per 10 minutes.
INVALID_REQUESTS: Final = Limit("invalid", 10_000, 600.0)
INVALID_STATUSES: Final = frozenset({401, 403, 429})
INVALID_REQUEST_BAN: Final = (
    "Too many invalid requests (401, 403, 429): Discord's Cloudflare would ban the bot's address"
)
# A share of INVALID_REQUESTS that already means a bot is looping on refusals.
DEFAULT_INVALID_SHARE: Final = 0.01

_RESOURCE_PARAMS: Final = ("channel_id", "guild_id")
# Webhooks are top-level resources by id and token, and an interaction's callback is a webhook of
# the interaction's own (discord.py keys it so): each interaction is answered in its own bucket.
_WEBHOOK_PARAMS: Final = {
    "/webhooks/": ("application_id", "token"),
    "/interactions/": ("interaction_id", "token"),
}


@dataclass(frozen=True)
class Refusal:
    """Why a request gets 429: Discord's scope (`user` or `global`) and how long to wait."""

    scope: str
    retry_after: float

    @property
    def is_global(self) -> bool:
        return self.scope == "global"

    def body(self) -> dict[str, Any]:
        return {
            "message": "You are being rate limited.",
            "retry_after": round(self.retry_after, 3),
            "global": self.is_global,
            "code": 0,
        }


@dataclass(frozen=True)
class Admission:
    """A request's place in its bucket: the headers for its answer, and a refusal if any."""

    bucket: str
    headers: dict[str, str]
    global_limit: bool
    """Whether it counts against the global limit (interaction endpoints do not)."""
    refusal: Refusal | None = None

    def refusal_headers(self) -> dict[str, str]:
        assert self.refusal is not None
        headers = dict(self.headers) if not self.refusal.is_global else {}
        headers["Retry-After"] = str(max(1, math.ceil(self.refusal.retry_after)))
        headers["X-RateLimit-Scope"] = self.refusal.scope
        if self.refusal.is_global:
            headers["X-RateLimit-Global"] = "true"
        # discord.py reads a 429 without Via as a Cloudflare ban rather than a rate limit.
        headers["Via"] = "1.1 google"
        return headers


class _Window:
    """One fixed window: opened by its first request, closed `seconds` later."""

    def __init__(self) -> None:
        self.opened = -math.inf
        self.used = 0

    def remaining(self, limit: Limit, seconds: float, now: float) -> int:
        if now >= self.opened + seconds:
            self.opened, self.used = now, 0
        return limit.requests - self.used

    def resets_in(self, seconds: float, now: float) -> float:
        return max(0.0, self.opened + seconds - now)


class RateLimits:
    """Admits or refuses each request, and counts the invalid ones."""

    def __init__(
        self,
        clock: SandboxClock,
        *,
        scale: float = 1.0,
        invalid_share: float = DEFAULT_INVALID_SHARE,
    ) -> None:
        if scale <= 0:
            raise ValueError("the rate-limit scale shortens windows; it must be positive")
        self.clock = clock
        self.scale = scale
        self.invalid_threshold = max(1, math.ceil(INVALID_REQUESTS.requests * invalid_share))
        self._windows: dict[tuple[str, str], _Window] = {}
        self._global = _Window()
        self._invalid: deque[float] = deque()
        self._table = {(rule.method, rule.template): rule for rule in LIMITS}

    def admit(self, method: str, template: str, params: Mapping[str, str], body: Any) -> Admission:
        """Count the request against its bucket and the global limit, or refuse it."""
        now = self.clock.monotonic()
        limit = self._limit(method, template, body)
        seconds = limit.seconds * self.scale
        bucket = _bucket_hash(limit.name if limit is not DEFAULT_LIMIT else f"{method} {template}")
        window = self._windows.setdefault((bucket, _resource(template, params)), _Window())
        remaining = window.remaining(limit, seconds, now)
        bound = not _exempt_from_global(template)
        if bound:
            global_seconds = GLOBAL_LIMIT.seconds * self.scale
            if self._global.remaining(GLOBAL_LIMIT, global_seconds, now) <= 0:
                wait = self._global.resets_in(global_seconds, now)
                headers = self._headers(limit, bucket, remaining, window.resets_in(seconds, now))
                return Admission(bucket, headers, bound, Refusal("global", wait))
        if remaining <= 0:
            headers = self._headers(limit, bucket, 0, window.resets_in(seconds, now))
            return Admission(
                bucket, headers, bound, Refusal("user", window.resets_in(seconds, now))
            )
        window.used += 1
        if bound:
            self._global.used += 1
        headers = self._headers(limit, bucket, remaining - 1, window.resets_in(seconds, now))
        return Admission(bucket, headers, bound)

    def count_answer(self, status: int, scope: str | None) -> bool:
        """Note an answer; True when it takes the invalid requests past the threshold."""
        if status not in INVALID_STATUSES or scope == "shared":
            return False
        now = self.clock.monotonic()
        self._invalid.append(now)
        while self._invalid and self._invalid[0] <= now - INVALID_REQUESTS.seconds * self.scale:
            self._invalid.popleft()
        return len(self._invalid) == self.invalid_threshold

    def describe(self) -> str:
        """The limits in force, as a failure message states them."""
        return (
            f"Discord's rate limits, every window x {self.scale:g}; a violation at "
            f"{self.invalid_threshold} invalid requests in "
            f"{INVALID_REQUESTS.seconds * self.scale:g} s"
        )

    def _limit(self, method: str, template: str, body: Any) -> Limit:
        rule = self._table.get((method, template))
        if rule is None or (rule.applies is not None and not rule.applies(body)):
            return DEFAULT_LIMIT
        return rule.limit

    def _headers(
        self, limit: Limit, bucket: str, remaining: int, resets_in: float
    ) -> dict[str, str]:
        reset = self.clock.now().timestamp() + resets_in
        return {
            "X-RateLimit-Limit": str(limit.requests),
            "X-RateLimit-Remaining": str(max(0, remaining)),
            "X-RateLimit-Reset": f"{reset:.3f}",
            "X-RateLimit-Reset-After": f"{resets_in:.3f}",
            "X-RateLimit-Bucket": bucket,
        }


def _bucket_hash(name: str) -> str:
    # Discord's bucket ids are opaque and leave the top-level resource out, as this one does.
    return hashlib.blake2s(name.encode(), digest_size=8).hexdigest()


def _resource(template: str, params: Mapping[str, str]) -> str:
    for prefix, names in _WEBHOOK_PARAMS.items():
        if template.startswith(prefix):
            return "+".join(params.get(name, "") for name in names)
    return "+".join(params[name] for name in _RESOURCE_PARAMS if name in params)


def _exempt_from_global(template: str) -> bool:
    """Interaction endpoints: the callback and the interaction token's webhook routes."""
    return template.startswith(("/interactions/", "/webhooks/{application_id}/{token}"))
