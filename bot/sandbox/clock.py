"""Discord's clock in the sandbox, and the snowflake ids it stamps."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

from bot.shards import shard_of

DISCORD_EPOCH_MS = 1_420_070_400_000


def iso(instant: datetime | None) -> str | None:
    return None if instant is None else instant.isoformat()


class SandboxClock:
    """Real time plus an offset a test can push forward, so Discord's deadlines can be tested."""

    def __init__(self) -> None:
        self._offset = 0.0

    def now(self) -> datetime:
        return datetime.now(UTC) + timedelta(seconds=self._offset)

    def monotonic(self) -> float:
        return time.monotonic() + self._offset

    def elapse(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("time only moves forward")
        self._offset += seconds


class Snowflakes:
    """Discord-shaped ids: milliseconds since Discord's epoch, strictly increasing."""

    def __init__(self, clock: SandboxClock) -> None:
        self._clock = clock
        self._last = 0

    def next(self) -> int:
        millis = int(self._clock.now().timestamp() * 1000) - DISCORD_EPOCH_MS
        self._last = max(self._last + 1, millis << 22)
        return self._last

    def next_on_shard(self, shard: int, count: int) -> int:
        """The next id Discord's shard rule puts on `shard` of `count`: the next id, moved on a
        millisecond at a time (at most `count - 1` of them) until its shard is the one asked."""
        candidate = self.next()
        while shard_of(candidate, count) != shard:
            candidate = ((candidate >> 22) + 1) << 22
        self._last = candidate
        return candidate


def snowflake_time(snowflake: int) -> datetime:
    """When Discord made the object with this id (to the millisecond)."""
    return datetime.fromtimestamp(((snowflake >> 22) + DISCORD_EPOCH_MS) / 1000, UTC)
