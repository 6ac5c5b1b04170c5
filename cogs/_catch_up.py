"""Catching up with what a feature still owes Discord (posts a crash or a refusal left
unmade): once the bot is ready after a start, then every few minutes, one round at a time.

Each feature's round claims every piece of work before doing it (bot/store/claims.py), so a
round and a member's click never both do it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from datetime import timedelta
from typing import TYPE_CHECKING, Protocol, TypeVar

from apscheduler.jobstores.base import JobLookupError

from bot.scheduler import every

if TYPE_CHECKING:
    from bot.app import Mozaik
    from bot.hubs.model import HubSettings

log = logging.getLogger(__name__)

EVERY = timedelta(minutes=3)
GRACE_SECONDS = 10.0  # how long unloading waits for a round to finish its writes

Round = Callable[["Mozaik"], Awaitable[None]]


class OfGuild(Protocol):
    @property
    def guild_id(self) -> int: ...


Owed = TypeVar("Owed", bound=OfGuild)


async def in_served_hubs(
    bot: Mozaik, owed: Iterable[Owed]
) -> AsyncIterator[tuple[Owed, HubSettings]]:
    """Each piece of work owed in a hub this process serves, with its hub; another process's
    shards are that process's to catch up."""
    for work in owed:
        if bot.serves(work.guild_id):
            yield work, await bot.hub(work.guild_id)


class CatchUp:
    """A feature's catch-up: `start` in cog_load, `stop` in cog_unload."""

    def __init__(self, bot: Mozaik, name: str, catch_up: Round) -> None:
        self.bot = bot
        self.name = name
        self.job = f"{name}:catch-up"
        self._round = catch_up
        self.task: asyncio.Task[None] | None = None

    def start(self) -> None:
        every(self.bot.scheduler, EVERY, self.scheduled, self.job)
        self.now()  # what the last run left undone, once the bot is ready

    async def stop(self) -> None:
        # The scheduler may have been shut down first, taking its jobs with it.
        with contextlib.suppress(JobLookupError):
            self.bot.scheduler.remove_job(self.job)
        task = self.task
        if task is not None and not task.done():
            # Let it finish what it sent to Discord before the store closes under it.
            if self.bot.is_ready():
                await asyncio.wait({task}, timeout=GRACE_SECONDS)
            task.cancel()

    async def scheduled(self) -> None:
        """The job: a coroutine, so APScheduler runs it on the event loop, not in a thread."""
        self.now()

    def now(self) -> None:
        """Start a round, unless one is under way."""
        if self.task is None or self.task.done():
            self.task = asyncio.create_task(self._run(), name=f"{self.name} catch-up")

    async def _run(self) -> None:
        await self.bot.wait_until_ready()
        try:
            await self._round(self.bot)
        except Exception:  # the next round, a few minutes later, tries again
            log.exception("the %s catch-up failed", self.name)
