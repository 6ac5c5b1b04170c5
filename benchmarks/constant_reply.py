"""The end-to-end floor: commands that do no work, loaded into the bot only by the benchmark.

`/bench constant` answers a fixed text at once: what the interaction round trip alone costs.
`/bench deferred` defers and then sends a fixed follow-up, the shape of Mozaik's own commands
that defer first (the board, search, /intro find): the floor for their complete answer.
"""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands


class ConstantReply(commands.GroupCog, group_name="bench", group_description="Benchmark floor"):
    @app_commands.command(name="constant", description="Answer a constant text")
    async def constant(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message("ok", ephemeral=True)

    @app_commands.command(name="deferred", description="Defer, then follow up with a constant")
    async def deferred(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        await interaction.followup.send("ok", ephemeral=True)


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(ConstantReply())
