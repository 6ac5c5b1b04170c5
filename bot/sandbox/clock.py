"""Discord's clock in the sandbox, the snowflake ids it stamps, and how far the sandbox's own
event loop falls behind."""

from __future__ import annotations

import asyncio
import contextlib
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


class LoopLag:
    """How far the sandbox's own event loop has fallen behind, in all: a task that sleeps a tick
    at a time and adds up how late it wakes. On a machine short of CPU the sandbox may read an
    answer seconds after it came; Discord is never that slow, so with the bot in a process of its
    own that time is the sandbox's, not the bot's."""

    TICK = 0.02

    def __init__(self) -> None:
        self._behind = 0.0
        self._due: float | None = None  # when the tick under way should wake
        self._task: asyncio.Task[None] | None = None

    @property
    def behind(self) -> float:
        """Seconds behind in all, the tick under way included: read just after a stall, before
        the tick has woken to count it."""
        late = 0.0 if self._due is None else asyncio.get_running_loop().time() - self._due
        return self._behind + max(0.0, late)

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._measure(), name="sandbox-lag")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _measure(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            self._due = loop.time() + self.TICK
            await asyncio.sleep(self.TICK)
            self._behind += max(0.0, loop.time() - self._due)


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
