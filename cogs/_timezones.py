"""The time-zone option every command with one shares: autocomplete over the zones Mozaik knows."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands

from bot.hubs.rules import matching_timezones


async def timezone_choices(
    interaction: discord.Interaction[Any], current: str
) -> list[app_commands.Choice[str]]:
    return [app_commands.Choice(name=name, value=name) for name in matching_timezones(current)]
