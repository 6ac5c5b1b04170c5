"""A minimal discord.py bot for the sandbox's own tests: commands are added by each test."""

from __future__ import annotations

import discord
from discord import app_commands


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
