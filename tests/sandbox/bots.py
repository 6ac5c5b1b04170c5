"""A minimal discord.py bot for the sandbox's own tests, commands added by each test, and a way to
run one on an event loop of its own."""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import AsyncIterator

import discord
from discord import app_commands

from bot.sandbox import Sandbox
from bot.sandbox.redirect import discord_py_redirected, shorten_ready_wait


class MinimalBot(discord.Client):
    def __init__(
        self,
        *,
        intents: discord.Intents | None = None,
        allowed_mentions: discord.AllowedMentions | None = None,
    ) -> None:
        super().__init__(
            intents=intents or discord.Intents.default(),
            allowed_mentions=allowed_mentions or discord.AllowedMentions.none(),
        )
        self.tree = app_commands.CommandTree(self)
        self.seen_messages: list[int] = []
        self.resumes = 0
        self.readies = 0

    async def setup_hook(self) -> None:
        await self.tree.sync()

    async def on_ready(self) -> None:
        self.readies += 1

    async def on_resumed(self) -> None:
        self.resumes += 1

    async def on_message(self, message: discord.Message) -> None:
        self.seen_messages.append(message.id)


class ShardBot(discord.AutoShardedClient):
    """A sharded client whose `/where` answers with the shards of the process it reached."""

    def __init__(self, shard_ids: list[int] | None = None, shard_count: int | None = None) -> None:
        super().__init__(
            intents=discord.Intents.default(),
            allowed_mentions=discord.AllowedMentions.none(),
            shard_ids=shard_ids,
            shard_count=shard_count,
        )
        self.tree = app_commands.CommandTree(self)
        self.seen_messages: list[int] = []
        self.resumed_shards: list[int] = []

        @self.tree.command(name="where", description="Which shard answers")
        @app_commands.allowed_contexts(guilds=True, dms=True, private_channels=True)
        async def where(interaction: discord.Interaction) -> None:
            await interaction.response.send_message(f"shards {self.shard_ids}")

    async def setup_hook(self) -> None:
        await self.tree.sync()

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        """The sandbox does not pace session starts: no five seconds between shards."""

    async def on_shard_resumed(self, shard_id: int) -> None:
        self.resumed_shards.append(shard_id)

    async def on_message(self, message: discord.Message) -> None:
        self.seen_messages.append(message.id)


@contextlib.asynccontextmanager
async def on_a_loop_of_its_own(sandbox: Sandbox, bot: discord.Client) -> AsyncIterator[None]:
    """Run `bot` on an event loop in another thread, as a bot in a process of its own is to the
    sandbox: it answers while the sandbox's loop is held up."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, name="bot-loop", daemon=True)
    thread.start()
    try:
        with discord_py_redirected(sandbox.api_base, sandbox.gateway_url):
            shorten_ready_wait(bot)
            running = asyncio.run_coroutine_threadsafe(bot.start(sandbox.token), loop)
            try:
                await sandbox.wait_until(lambda: bot.is_ready() or running.done())
                if running.done():
                    running.result()  # raises what stopped the bot before it was ready
                yield
            finally:
                await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(bot.close(), loop))
                await asyncio.wrap_future(running)
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join(5)
        loop.close()
