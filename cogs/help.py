"""/help: what the reader can do here, by what they are (member, poster, moderator, admin)."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import Mozaik
from bot.errors import Refusal
from bot.help import COMMANDS, readers
from bot.i18n import Locale, t
from bot.i18n.mentions import command_keys, fill_mentions
from bot.translator import slash_command
from bot.ui import interaction_locale, send_private
from cogs._access import moderates


def help_embed(hub_name: str, locale: Locale, *, moderator: bool, admin: bool) -> discord.Embed:
    lines = [t(locale, "help.intro")]
    for reader in readers(moderates=moderator, admin=admin):
        lines += ["", f"**{t(locale, f'help.section_{reader.value}')}**"]
        for name in COMMANDS[reader]:
            described = t(locale, f"{command_keys()[name]}.description")
            lines.append(fill_mentions(f"</{name}> · {described}", locale))
    return discord.Embed(
        title=t(locale, "help.title", hub=hub_name),
        description="\n".join(lines),
        colour=discord.Colour.blurple(),
    )


class HelpCog(commands.Cog):
    def __init__(self, bot: Mozaik) -> None:
        self.bot = bot

    @slash_command("help.cmd")
    @app_commands.guild_only()
    async def help(self, interaction: discord.Interaction[Mozaik]) -> None:
        if interaction.guild is None:
            raise Refusal("core.guild_only")
        hub = await self.bot.hub(interaction.guild.id)
        locale = await interaction_locale(interaction)
        embed = help_embed(
            interaction.guild.name,
            locale,
            moderator=moderates(interaction.user, hub),
            admin=interaction.permissions.manage_guild,
        )
        await send_private(interaction, embed=embed)


async def setup(bot: Mozaik) -> None:
    await bot.add_cog(HelpCog(bot))
