"""Asking each side of an engagement: the Yes and No the DM carries (cogs/reputation/_letters),
and what a click on it does.

The buttons carry only the engagement's number (`rep:answer:12:yes`), so they work after a
restart; the click is forged until checked: the clicker must be one of the engagement's two
members and still a member of its hub, and must not have answered yet.
"""

from __future__ import annotations

import logging
from typing import Self

import discord

from bot.app import Mozaik
from bot.errors import Refusal
from bot.i18n import Locale, pick_locale, t
from bot.reputation.model import Answer, Engagement
from bot.reputation.rules import check_may_answer, is_confirmed_after
from bot.reputation.store.engagements import answer, get_engagement
from bot.ui import IdParts, PersistentButton
from cogs._letters import OUTBOX_FILLED
from cogs._limits import BUTTON_LABEL_MAX, CONTENT_MAX, fit
from cogs._people import is_member
from cogs.reputation._cards import reputation_changed
from cogs.reputation._endorsing import EndorseButton
from cogs.reputation._testimonials import WriteButton

log = logging.getLogger(__name__)

NO_PINGS = discord.AllowedMentions.none()


def answer_buttons(engagement_id: int, locale: Locale) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    for given in Answer:
        view.add_item(AnswerButton(engagement_id, given, t(locale, f"reputation.button_{given}")))
    view.stop()  # answered by the registered dynamic item, not kept in memory
    return view


def confirmed_buttons(engagement_id: int, locale: Locale) -> discord.ui.View:
    """What either side may do once the work is confirmed: a testimonial, endorsements."""
    view = discord.ui.View(timeout=None)
    view.add_item(WriteButton(engagement_id, t(locale, "reputation.button_write")))
    view.add_item(EndorseButton(engagement_id, t(locale, "reputation.button_endorse")))
    view.stop()  # answered by the registered dynamic items, not kept in memory
    return view


class AnswerButton(
    PersistentButton, template=r"rep:answer:(?P<engagement>\d{1,18}):(?P<answer>yes|no)"
):
    def __init__(self, engagement_id: int, given: Answer, label: str = "") -> None:
        style = (
            discord.ButtonStyle.success if given is Answer.YES else discord.ButtonStyle.secondary
        )
        super().__init__(
            f"rep:answer:{engagement_id}:{given.value}",
            label=fit(label, BUTTON_LABEL_MAX) or None,
            style=style,
        )
        self.engagement_id = engagement_id
        self.given = given

    @classmethod
    def from_parts(cls, parts: IdParts, label: str) -> Self:
        return cls(parts.number("engagement"), Answer(parts.text("answer")), label)

    async def clicked(self, interaction: discord.Interaction[Mozaik]) -> None:
        bot = interaction.client
        user_id = interaction.user.id
        engagement = check_may_answer(await get_engagement(bot.store, self.engagement_id), user_id)
        if not await is_member(bot, engagement.guild_id, user_id):
            raise Refusal("reputation.not_yours")
        confirms = is_confirmed_after(engagement, user_id, self.given)
        hub = await bot.hub(engagement.guild_id)
        after = await answer(
            bot.store,
            engagement,
            user_id,
            self.given,
            bot.clock.now(),
            confirms=confirms,
            locale=pick_locale(None, hub.locale),  # the other side's own language is not known
        )
        if after is None:  # the other side or another click got there first
            check_may_answer(await get_engagement(bot.store, self.engagement_id), user_id)
            raise Refusal("reputation.already_answered")
        locale = pick_locale(interaction.locale.value, hub.locale)
        confirmed = after.confirmed_at is not None
        await interaction.response.edit_message(
            content=fit(_answered_text(interaction, after, user_id, locale), CONTENT_MAX),
            view=confirmed_buttons(after.id, locale) if confirmed else None,
            allowed_mentions=NO_PINGS,
        )
        if confirmed:
            reputation_changed(bot, after.guild_id, *after.sides)
            bot.dispatch(OUTBOX_FILLED)  # the news for the side that said yes first


def _answered_text(
    interaction: discord.Interaction[Mozaik], after: Engagement, user_id: int, locale: Locale
) -> str:
    original = interaction.message.content if interaction.message else ""
    if after.declined_at is not None:
        said = t(locale, "reputation.you_declined")
    elif after.confirmed_at is not None:
        said = t(locale, "reputation.you_confirmed", member=f"<@{after.other_side(user_id)}>")
    else:
        said = t(locale, "reputation.you_said_yes", member=f"<@{after.other_side(user_id)}>")
    return f"{original}\n\n{said}".strip()
