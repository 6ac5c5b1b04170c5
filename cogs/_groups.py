"""The shape every Mozaik slash-command group shares: one cog per group, in servers only.

`class GigCog(FeatureGroup, **group_texts("gigs"))` is `/gigs`, its name and description read
from the catalog keys `gigs.cmd.name` and `gigs.cmd.description`.
"""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import Mozaik
from bot.translator import command_text
from bot.ui import OnlySome
from cogs._access import guild_id_of, moderates
from cogs._background import Background, BackgroundCog


def group_texts(key: str) -> dict[str, app_commands.locale_str]:
    return {
        "group_name": command_text(f"{key}.cmd.name"),
        "group_description": command_text(f"{key}.cmd.description"),
    }


@app_commands.guild_only()
class FeatureGroup(commands.GroupCog, BackgroundCog):
    def __init__(self, bot: Mozaik, background: Background | None = None) -> None:
        self.bot = bot
        self.background = background or Background(bot)


# Hidden from members in the picker (a server admin can change who sees it in Server Settings ->
# Integrations); the hub's moderator roles are still checked on every command.
@app_commands.default_permissions(manage_messages=True)
class ModeratorGroup(FeatureGroup):
    """Moderators only: the hub's moderator roles, or Manage Server; checked on every command
    (a check decorator on a group class is never run)."""

    def refusal(self) -> OnlySome:
        """What everyone else is told."""
        raise NotImplementedError

    async def interaction_check(self, interaction: discord.Interaction[Any], /) -> bool:
        guild_id = guild_id_of(interaction)
        if not moderates(interaction.user, await self.bot.hub(guild_id)):
            raise self.refusal()
        return True
