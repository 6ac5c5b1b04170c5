"""Reputation: work both sides confirmed, asked for by DM with buttons that outlive a restart.

The questions are asked from the gigs cog (a gig closed as filled through the hub) and the
collaboration cog (a matched request once it is over); this cog answers the clicks.
"""

from __future__ import annotations

from discord.ext import commands

from bot.app import Mozaik
from cogs.reputation._asking import AnswerButton
from cogs.reputation._naming import NameSelect

DYNAMIC_ITEMS = (AnswerButton, NameSelect)


class ReputationCog(commands.Cog):
    def __init__(self, bot: Mozaik) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(*DYNAMIC_ITEMS)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(*DYNAMIC_ITEMS)


async def setup(bot: Mozaik) -> None:
    await bot.add_cog(ReputationCog(bot))
