"""The bot itself: one composition root that owns the store, the scheduler and the extensions."""

from __future__ import annotations

import asyncio
import hashlib
import importlib.util
import json
import logging
import pkgutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import discord
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from discord import app_commands
from discord.ext import commands

from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.connection import MozaikConnectionState
from bot.hubs.model import HubSettings
from bot.hubs.store import get_hub
from bot.i18n.mentions import use_command_ids
from bot.instance import THIS_RUN, held_database
from bot.scheduler import build_scheduler
from bot.store import Store
from bot.store.bot_state import read_state, write_state
from bot.translator import CatalogTranslator
from bot.ui import answer_error

log = logging.getLogger(__name__)

# The names discord.py gives the tasks that run event listeners, commands and component callbacks.
HANDLER_TASK_PREFIXES = ("discord.py: ", "CommandTree-invoker", "discord-ui-view-dispatch")
HANDLER_GRACE_SECONDS = 5.0


# The extensions are found and loaded by name, so the core imports no cog.
EXTENSIONS_PACKAGE = "cogs"


def extension_names() -> list[str]:
    """Every module or package in cogs/ whose name does not start with an underscore."""
    package = importlib.util.find_spec(EXTENSIONS_PACKAGE)
    assert package is not None and package.submodule_search_locations is not None
    return sorted(
        f"{EXTENSIONS_PACKAGE}.{module.name}"
        for module in pkgutil.iter_modules(package.submodule_search_locations)
        if not module.name.startswith("_")
    )


class MozaikTree(app_commands.CommandTree["Mozaik"]):
    async def on_error(
        self, interaction: discord.Interaction[Mozaik], error: app_commands.AppCommandError
    ) -> None:
        await answer_error(interaction, error)


class Mozaik(commands.Bot):
    def __init__(self, settings: Settings, store: Store, clock: Clock) -> None:
        intents = discord.Intents.default()
        # The members intent is privileged: used only where the hub's admin has enabled it.
        intents.members = settings.members_intent
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents,
            tree_cls=MozaikTree,
            allowed_mentions=discord.AllowedMentions.none(),
            help_command=None,
        )
        self.settings = settings
        self.store = store
        self.clock = clock
        self.scheduler: AsyncIOScheduler = build_scheduler()
        self.command_ids: dict[str, int] = {}
        """Each top-level command's id as Discord registered it, for clickable mentions."""

    def _get_state(self, **options: Any) -> MozaikConnectionState:
        return MozaikConnectionState(
            dispatch=self.dispatch,
            handlers=self._handlers,
            hooks=self._hooks,
            http=self.http,
            **options,
        )

    async def hub(self, guild_id: int) -> HubSettings:
        return await get_hub(self.store, guild_id, self.settings.hub_defaults)

    async def setup_hook(self) -> None:
        use_command_ids(self.command_ids)  # every task the bot starts from here sees the ids
        await self.tree.set_translator(CatalogTranslator())
        for name in extension_names():
            await self.load_extension(name)
        self.scheduler.start()
        await self.sync_commands()

    async def close(self) -> None:
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        await self._let_handlers_finish()
        await super().close()

    async def _let_handlers_finish(self) -> None:
        """Give interactions and events being handled a moment to finish their writes.

        Closing the store under a running handler would lose what its member was just shown.
        """
        running = [
            task
            for task in asyncio.all_tasks()
            if task is not asyncio.current_task()
            and not task.done()
            and task.get_name().startswith(HANDLER_TASK_PREFIXES)
        ]
        if running:
            await asyncio.wait(running, timeout=HANDLER_GRACE_SECONDS)

    async def sync_commands(self) -> None:
        """Register the commands with Discord, but only when they changed since the last sync.

        Syncing on every start hits Discord's rate limits; the hash of the payload says whether
        anything changed. Either way the registered commands' ids are kept for mentions.
        """
        targets: list[discord.Object | None] = [
            discord.Object(guild_id) for guild_id in self.settings.dev_guild_ids
        ] or [None]
        for guild in targets:
            if guild is not None:
                self.tree.copy_global_to(guild=guild)
            digest = await self._command_payload_hash(guild)
            key = f"commands:{self.application_id}:{'global' if guild is None else guild.id}"
            if await read_state(self.store, key) == digest:
                log.info("commands unchanged since the last sync (%s)", key)
                registered = await self.tree.fetch_commands(guild=guild)
            else:
                registered = await self.tree.sync(guild=guild)
                await write_state(self.store, key, digest)
                log.info("synced %d commands (%s)", len(registered), key)
            self.command_ids.update({command.name: command.id for command in registered})

    async def _command_payload_hash(self, guild: discord.Object | None) -> str:
        translator = self.tree.translator
        assert translator is not None
        payload: list[dict[str, Any]] = [
            await command.get_translated_payload(self.tree, translator)
            for command in self.tree.get_commands(guild=guild)
        ]
        encoded = json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()
        return hashlib.sha256(encoded).hexdigest()


@asynccontextmanager
async def open_bot(settings: Settings, *, clock: Clock | None = None) -> AsyncIterator[Mozaik]:
    """Open the store and build the bot around it, holding the database for this run (another
    live run holding it raises DatabaseInUse); all closed and let go on the way out."""
    clock = clock or SystemClock()
    async with (
        Store.open(settings.database) as store,
        held_database(store, settings.database, THIS_RUN, clock) as lease,
    ):
        bot = Mozaik(settings, store, clock)
        lease.on_lost = bot.close
        try:
            yield bot
        finally:
            if not bot.is_closed():
                await bot.close()
