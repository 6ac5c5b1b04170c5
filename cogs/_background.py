"""What a cog keeps going while it is loaded: its persistent items registered, its timed jobs
scheduled and its catch-up running. Started in cog_load and stopped in cog_unload by
`BackgroundCog`, so what one starts the other always stops."""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import discord
from apscheduler.jobstores.base import JobLookupError
from apscheduler.triggers.cron import CronTrigger
from discord.ext import commands

from cogs._catch_up import CatchUp

if TYPE_CHECKING:
    from bot.app import Mozaik

PersistentItems = Iterable[type[discord.ui.DynamicItem[Any]]]


@dataclass(frozen=True)
class _Job:
    id: str
    trigger: CronTrigger
    run: Callable[..., Awaitable[None]]
    args: tuple[Any, ...]


class Background:
    def __init__(
        self, bot: Mozaik, items: PersistentItems = (), catching_up: CatchUp | None = None
    ) -> None:
        self.bot = bot
        self.items = tuple(items)
        self.catching_up = catching_up
        self._jobs: list[_Job] = []

    def schedule(
        self, job_id: str, trigger: CronTrigger, run: Callable[..., Awaitable[None]], *args: Any
    ) -> None:
        """`run(*args)` at each time of `trigger`, while the cog is loaded."""
        self._jobs.append(_Job(job_id, trigger, run, args))

    def start(self) -> None:
        self.bot.add_dynamic_items(*self.items)
        for job in self._jobs:
            self.bot.scheduler.add_job(
                job.run, job.trigger, args=job.args, id=job.id, replace_existing=True
            )
        if self.catching_up is not None:
            self.catching_up.start()

    async def stop(self) -> None:
        self.bot.remove_dynamic_items(*self.items)
        for job in self._jobs:
            # The scheduler may have been shut down first, taking its jobs with it.
            with contextlib.suppress(JobLookupError):
                self.bot.scheduler.remove_job(job.id)
        if self.catching_up is not None:
            await self.catching_up.stop()


class BackgroundCog(commands.Cog):
    """A cog whose `background` starts when it is loaded and stops when it is unloaded."""

    background: Background

    async def cog_load(self) -> None:
        self.background.start()

    async def cog_unload(self) -> None:
        await self.background.stop()
