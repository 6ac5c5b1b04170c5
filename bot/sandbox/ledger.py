"""What happened on the sandbox's Discord: every request answered, and every refusal."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class Violation:
    """A request (or gateway message) Discord would have refused.

    `body` is Discord's error body as the bot received it, `errors` its 50035 tree (if any),
    `sent` what the bot sent and `note` what the sandbox adds for the test's report.
    """

    method: str
    path: str
    status: int
    body: dict[str, Any]
    errors: dict[str, Any] | None
    sent: Any = None
    note: str | None = None

    @property
    def code(self) -> int:
        return int(self.body.get("code", 0))

    def __str__(self) -> str:
        detail = f" {json.dumps(self.errors, ensure_ascii=False)}" if self.errors else ""
        note = f" ({self.note})" if self.note else ""
        return (
            f"{self.method} {self.path} -> {self.status} {self.code} "
            f"{self.body.get('message', '')}{detail}{note}"
        )


@dataclass(frozen=True)
class Exchange:
    """One REST request and the sandbox's answer; `fault` is set when the answer was injected.

    `at` is when it reached Discord by Discord's clock, `monotonic` the same instant on the
    sandbox's monotonic clock (which `elapse` moves too); `bucket` is its rate-limit bucket and
    `scope` the scope of a 429.
    """

    method: str
    path: str
    status: int
    sent: Any
    answer: Any
    at: datetime
    monotonic: float
    fault: str | None = None
    bucket: str | None = None
    global_limit: bool = False
    """Whether it counted against the global limit (interaction endpoints do not)."""
    scope: str | None = None

    @property
    def rate_limited(self) -> bool:
        """A 429 from Discord's limits (not one a test injected)."""
        return self.status == 429 and self.fault is None


@dataclass(frozen=True)
class Traffic:
    """One sandbox's traffic: requests answered, 429s from Discord's limits, the most requests
    in any one second (of all, and of those the global limit counts), and the limits in force."""

    requests: int
    rate_limited: int
    busiest_second: int
    busiest_global_second: int
    limits: str


class Ledger:
    def __init__(self) -> None:
        self.violations: list[Violation] = []
        self.exchanges: list[Exchange] = []

    def refuse(self, violation: Violation) -> None:
        self.violations.append(violation)

    def busiest(
        self, window: float = 1.0, *, bucket: str | None = None, global_limit: bool = False
    ) -> int:
        """The most requests in any `window` seconds: of all, of one bucket's, or of those the
        global limit counts."""
        return most_within(
            window,
            (
                e.monotonic
                for e in self.exchanges
                if (bucket is None or e.bucket == bucket) and (e.global_limit or not global_limit)
            ),
        )

    def traffic(self, since: int, limits: str) -> Traffic:
        """The traffic of the exchanges from index `since` on, under `limits`."""
        exchanges = self.exchanges[since:]
        return Traffic(
            requests=len(exchanges),
            rate_limited=sum(e.rate_limited for e in exchanges),
            busiest_second=most_within(1.0, (e.monotonic for e in exchanges)),
            busiest_global_second=most_within(
                1.0, (e.monotonic for e in exchanges if e.global_limit)
            ),
            limits=limits,
        )

    def busiest_buckets(self, window: float = 1.0) -> dict[str, int]:
        """The most requests in any `window` seconds, per bucket."""
        buckets = {e.bucket for e in self.exchanges if e.bucket is not None}
        return {bucket: self.busiest(window, bucket=bucket) for bucket in sorted(buckets)}

    def rate_limited(self) -> list[Exchange]:
        """The 429s Discord's limits gave, in order."""
        return [exchange for exchange in self.exchanges if exchange.rate_limited]

    def take_violations(self) -> list[Violation]:
        taken = list(self.violations)
        self.violations.clear()
        return taken


def most_within(window: float, instants: Iterable[float]) -> int:
    """The most instants that fall in any half-open span of `window` seconds."""
    ordered = sorted(instants)
    most = start = 0
    for end, instant in enumerate(ordered):
        while ordered[start] <= instant - window:
            start += 1
        most = max(most, end - start + 1)
    return most
