"""Endorsements: after confirmed work, each side picks up to three of the other's skills.

The button (`rep:endorse:12`) and the select it opens (`rep:endorsed:12`) carry only the
engagement's number; both are forged until checked: the endorser must be one side of that
confirmed engagement and still in its hub, and each skill must be on the other's profile.
"""

from __future__ import annotations

from typing import Any, Self

import discord

from bot.app import Mozaik
from bot.errors import Refusal
from bot.i18n import t
from bot.intros.store.profiles import get_profile
from bot.reputation.model import ENDORSED_MAX, Engagement
from bot.reputation.rules import check_may_endorse, skills_to_endorse
from bot.reputation.store.endorsements import endorse, endorsed_by
from bot.reputation.store.engagements import get_engagement
from bot.skills.store import hub_taxonomy
from bot.ui import IdParts, PersistentButton, PersistentSelect, interaction_locale, send_private
from cogs._limits import BUTTON_LABEL_MAX, fit
from cogs._people import is_member
from cogs.reputation._cards import reputation_changed

SELECT_OPTIONS_MAX = 25  # Discord's limit on a select's options


async def _endorsable(bot: Mozaik, engagement_id: int, endorser_id: int) -> Engagement:
    engagement = check_may_endorse(await get_engagement(bot.store, engagement_id), endorser_id)
    if not await is_member(bot, engagement.guild_id, endorser_id):
        raise Refusal("reputation.no_shared_work")
    return engagement


async def _their_skills(bot: Mozaik, engagement: Engagement, endorser_id: int) -> tuple[str, ...]:
    profile = await get_profile(bot.store, engagement.guild_id, engagement.other_side(endorser_id))
    if profile is None or profile.departed_at is not None:
        raise Refusal("reputation.endorse_no_profile")
    return profile.content.skills


class EndorseButton(PersistentButton, template=r"rep:endorse:(?P<engagement>\d{1,18})"):
    def __init__(self, engagement_id: int, label: str = "") -> None:
        super().__init__(f"rep:endorse:{engagement_id}", label=fit(label, BUTTON_LABEL_MAX) or None)
        self.engagement_id = engagement_id

    @classmethod
    def from_parts(cls, parts: IdParts, label: str) -> Self:
        return cls(parts.number("engagement"), label)

    async def clicked(self, interaction: discord.Interaction[Mozaik]) -> None:
        """A select of the other side's skills not endorsed by this member yet."""
        bot = interaction.client
        endorser = interaction.user.id
        engagement = await _endorsable(bot, self.engagement_id, endorser)
        skills = await _their_skills(bot, engagement, endorser)
        other = engagement.other_side(endorser)
        already = await endorsed_by(bot.store, engagement.guild_id, endorser, other)
        left = ENDORSED_MAX - len(already)
        open_skills = [skill for skill in skills if skill not in already][:SELECT_OPTIONS_MAX]
        if left <= 0 or not open_skills:
            raise Refusal("reputation.endorse_too_many", count=ENDORSED_MAX)
        locale = await interaction_locale(interaction)
        taxonomy = await hub_taxonomy(bot.store, engagement.guild_id)
        menu: discord.ui.Select[Any] = discord.ui.Select(
            custom_id=f"rep:endorsed:{engagement.id}",
            placeholder=t(locale, "reputation.endorse_placeholder", count=left),
            options=[
                discord.SelectOption(
                    label=fit(taxonomy.display_names([skill], locale)[0], 100), value=skill
                )
                for skill in open_skills
            ],
            max_values=min(left, len(open_skills)),
        )
        view = discord.ui.View(timeout=None)
        view.add_item(EndorseSelect(menu, engagement.id))
        view.stop()  # answered by the registered dynamic item, not kept in memory
        await send_private(
            interaction,
            t(locale, "reputation.endorse_question", member=f"<@{other}>"),
            view=view,
            allowed_mentions=discord.AllowedMentions.none(),
        )


class EndorseSelect(PersistentSelect, template=r"rep:endorsed:(?P<engagement>\d{1,18})"):
    def __init__(self, item: discord.ui.Item[Any], engagement_id: int) -> None:
        super().__init__(item)
        self.engagement_id = engagement_id

    @classmethod
    def from_parts(cls, parts: IdParts, item: discord.ui.Item[Any]) -> Self:
        return cls(item, parts.number("engagement"))

    async def chosen(self, interaction: discord.Interaction[Mozaik], values: list[str]) -> None:
        bot = interaction.client
        endorser = interaction.user.id
        engagement = await _endorsable(bot, self.engagement_id, endorser)
        other = engagement.other_side(endorser)
        already = await endorsed_by(bot.store, engagement.guild_id, endorser, other)
        adding = skills_to_endorse(values, await _their_skills(bot, engagement, endorser), already)
        await endorse(bot.store, engagement.guild_id, endorser, other, adding, bot.clock.now())
        reputation_changed(bot, engagement.guild_id, other)
        locale = await interaction_locale(interaction)
        taxonomy = await hub_taxonomy(bot.store, engagement.guild_id)
        names = ", ".join(taxonomy.display_names(adding, locale))
        await interaction.response.edit_message(
            content=t(locale, "reputation.endorsed", member=f"<@{other}>", skills=names),
            view=None,
            allowed_mentions=discord.AllowedMentions.none(),
        )
