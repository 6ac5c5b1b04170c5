"""Reputation: work both sides confirmed, asked for by DM with buttons that outlive a restart.

The questions are asked from the gigs cog (a gig closed as filled through the hub), the
collaboration cog (a request that found partners, once closed or expired) and this cog's hourly
job (a matched request past its time); this cog answers the clicks and the testimonial form.
"""

from __future__ import annotations

import logging

import discord
from apscheduler.triggers.cron import CronTrigger
from discord.ext import commands

from bot.app import Mozaik
from cogs._background import Background, BackgroundCog
from cogs._forms import answer_form
from cogs.reputation._asking import AnswerButton
from cogs.reputation._cards import TestimonialPage
from cogs.reputation._endorsing import EndorseButton, EndorseSelect
from cogs.reputation._naming import NameSelect
from cogs.reputation._partners import ask_matched_pairs
from cogs.reputation._testimonials import (
    TESTIMONIAL_FORM,
    DecideButton,
    WriteButton,
    testimonial_submitted,
)

log = logging.getLogger(__name__)

DYNAMIC_ITEMS = (
    AnswerButton,
    NameSelect,
    WriteButton,
    DecideButton,
    EndorseButton,
    EndorseSelect,
    TestimonialPage,
)
ASKING_JOB = "reputation-ask-pairs"


class ReputationCog(BackgroundCog):
    def __init__(self, bot: Mozaik) -> None:
        self.bot = bot
        self.background = Background(bot, DYNAMIC_ITEMS)
        # hourly: a matched request past its time is asked within it
        self.background.schedule(ASKING_JOB, CronTrigger(minute=35), self._ask_now)

    @commands.Cog.listener()
    async def on_interaction(self, interaction: discord.Interaction[Mozaik]) -> None:
        await answer_form(interaction, {TESTIMONIAL_FORM: testimonial_submitted})

    async def _ask_now(self) -> None:
        asked = await ask_matched_pairs(self.bot, self.bot.clock.now())
        log.info("asked the pairs of %d matched collaboration requests", asked)


async def setup(bot: Mozaik) -> None:
    await bot.add_cog(ReputationCog(bot))
