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
from typing import Any, TypeVar

import discord
import yarl
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from discord import app_commands
from discord.ext import commands

from bot.clock import Clock, SystemClock
from bot.config import Settings, database_password
from bot.connection import MozaikConnectionState, ShardedConnectionState
from bot.hubs.model import HubSettings
from bot.hubs.store import get_hub, list_configured_hubs
from bot.i18n.mentions import use_command_ids
from bot.instance import THIS_RUN, held_database
from bot.scheduler import build_scheduler
from bot.shards import Shards
from bot.store import Store
from bot.store.bot_state import read_state, write_state
from bot.translator import CatalogTranslator
from bot.ui import answer_error

log = logging.getLogger(__name__)

# The names discord.py gives the tasks that run event listeners, commands and component callbacks.
HANDLER_TASK_PREFIXES = ("discord.py: ", "CommandTree-invoker", "discord-ui-view-dispatch")
HANDLER_GRACE_SECONDS = 5.0
IDENTIFY_INTERVAL_SECONDS = 5.0  # Discord's pace of session starts per rate-limit bucket


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


State = TypeVar("State", bound=MozaikConnectionState)


class MozaikTree(app_commands.CommandTree["Mozaik"]):
    async def on_error(
        self, interaction: discord.Interaction[Mozaik], error: app_commands.AppCommandError
    ) -> None:
        await answer_error(interaction, error)


class Mozaik(commands.Bot):
    def __init__(self, settings: Settings, store: Store, clock: Clock, **sharding: Any) -> None:
        intents = discord.Intents.default()
        # The members intent is privileged: used only where the hub's admin has enabled it.
        intents.members = settings.members_intent
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents,
            tree_cls=MozaikTree,
            allowed_mentions=discord.AllowedMentions.none(),
            help_command=None,
            **sharding,
        )
        self.settings = settings
        self.shards_owned: Shards = settings.shard_plan
        """The shards this process serves: timed work runs only for their guilds."""
        self.store = store
        self.clock = clock
        self.scheduler: AsyncIOScheduler = build_scheduler()
        self.command_ids: dict[str, int] = {}
        """Each top-level command's id as Discord registered it, for clickable mentions."""

    def _get_state(self, **options: Any) -> MozaikConnectionState:
        return self._state_of(MozaikConnectionState, options)

    def _state_of(self, kind: type[State], options: dict[str, Any]) -> State:
        """The connection state discord.py would make, of Mozaik's `kind`."""
        return kind(
            dispatch=self.dispatch,
            handlers=self._handlers,
            hooks=self._hooks,
            http=self.http,
            **options,
        )

    async def hub(self, guild_id: int) -> HubSettings:
        return await get_hub(self.store, guild_id, self.settings.hub_defaults)

    def serves(self, guild_id: int) -> bool:
        """Whether this process runs the timed work of `guild_id`: its shard is one it owns."""
        return self.shards_owned.owns(guild_id)

    async def served_hubs(self) -> list[HubSettings]:
        """The configured hubs whose timed work (digests, sweeps, expiry) is this process's."""
        hubs = await list_configured_hubs(self.store, self.settings.hub_defaults)
        return [hub for hub in hubs if self.serves(hub.guild_id)]

    async def served_hub_ids(self) -> list[int] | None:
        """The ids of `served_hubs`, or None when unsharded: every hub, without listing them."""
        if not self.shards_owned.sharded:
            return None
        return [hub.guild_id for hub in await self.served_hubs()]

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
        anything changed. Either way the registered commands' ids are kept for mentions. Of
        several sharded processes only the one holding shard 0 syncs; the others read the ids.
        """
        targets: list[discord.Object | None] = [
            discord.Object(guild_id) for guild_id in self.settings.dev_guild_ids
        ] or [None]
        for guild in targets:
            if guild is not None:
                self.tree.copy_global_to(guild=guild)
            digest = await self._command_payload_hash(guild)
            key = f"commands:{self.application_id}:{'global' if guild is None else guild.id}"
            if not self.shards_owned.holds_dm_shard:
                registered = await self.tree.fetch_commands(guild=guild)
            elif await read_state(self.store, key) == digest:
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


class ShardedMozaik(Mozaik, commands.AutoShardedBot):
    """Mozaik serving some shards of many (`shards`, `shard_count` in the settings)."""

    def __init__(self, settings: Settings, store: Store, clock: Clock) -> None:
        plan = settings.shard_plan
        super().__init__(settings, store, clock, shard_ids=list(plan.ids), shard_count=plan.count)
        self._identify_buckets = 1
        self._identified_at: dict[int, float] = {}

    def _get_state(self, **options: Any) -> ShardedConnectionState:
        return self._state_of(ShardedConnectionState, options)

    async def setup_hook(self) -> None:
        limits = await self.fetch_session_start_limits()
        self._identify_buckets = max(1, limits.max_concurrency)
        await super().setup_hook()

    async def launch_shard(
        self, gateway: yarl.URL, shard_id: int, *, initial: bool = False
    ) -> None:
        # discord.py retries a shard that failed to connect forever, even once the bot was
        # closed (stopped while its shards were still starting): a closed bot starts no shard.
        if not self.is_closed():
            await super().launch_shard(gateway, shard_id, initial=initial)

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        """Discord allows one IDENTIFY per 5 s in each of `max_concurrency` buckets (a shard's
        bucket is its id modulo that): wait only for the shard's own bucket."""
        bucket = (shard_id or 0) % self._identify_buckets
        loop = asyncio.get_running_loop()
        last = self._identified_at.get(bucket)
        if last is not None:
            await asyncio.sleep(max(0.0, last + IDENTIFY_INTERVAL_SECONDS - loop.time()))
        self._identified_at[bucket] = loop.time()


def build_bot(settings: Settings, store: Store, clock: Clock) -> Mozaik:
    """Mozaik as the settings ask: sharded (AutoShardedBot underneath) or, by default, not."""
    if settings.shard_plan.sharded:
        return ShardedMozaik(settings, store, clock)
    return Mozaik(settings, store, clock)


@asynccontextmanager
async def open_bot(settings: Settings, *, clock: Clock | None = None) -> AsyncIterator[Mozaik]:
    """Open the store and build the bot around it, holding the database for this run (another
    live run holding it raises DatabaseInUse); all closed and let go on the way out."""
    clock = clock or SystemClock()
    async with (
        Store.open(settings.database, password=database_password(settings)) as store,
        held_database(store, settings.database, THIS_RUN, clock, settings.shard_plan) as lease,
    ):
        bot = build_bot(settings, store, clock)
        lease.on_lost = bot.close
        try:
            yield bot
        finally:
            if not bot.is_closed():
                await bot.close()
