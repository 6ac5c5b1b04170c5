"""A member's reputation on their card: completed work, endorsed skills, the latest testimonial,
and the pages of /intro show that go through all their testimonials."""

from __future__ import annotations

from typing import Self

import discord

from bot.app import Mozaik
from bot.errors import Refusal
from bot.i18n import Locale, t
from bot.reputation.model import TESTIMONIAL_MAX, CardReputation, Testimonial, TestimonialStatus
from bot.reputation.store.testimonials import received_testimonials
from bot.ui import IdParts, PersistentButton, interaction_locale, send_private
from cogs._access import guild_id_of
from cogs._limits import BUTTON_LABEL_MAX, EMBED_DESCRIPTION_MAX, FIELD_VALUE_MAX, fit
from cogs._markup import quoted

NO_PINGS = discord.AllowedMentions.none()
# bot.dispatch(REPUTATION_CHANGED, guild_id, user_id): what a member's card shows of their
# reputation changed; the intros cog shows their posted introduction again.
REPUTATION_CHANGED = "reputation_changed"


def reputation_changed(bot: Mozaik, guild_id: int, *user_ids: int) -> None:
    for user_id in user_ids:
        bot.dispatch(REPUTATION_CHANGED, guild_id, user_id)


def endorsed_name(skill: str, endorsements: int, locale: Locale) -> str:
    """A skill on the card, with how many confirmed counterparts endorsed it, if any."""
    if not endorsements:
        return skill
    return t(locale, "reputation.skill_endorsed", skill=skill, count=endorsements)


def testimonial_text(testimonial: Testimonial, locale: Locale) -> str:
    return fit(
        t(
            locale,
            "reputation.card_testimonial_text",
            testimonial=quoted(testimonial.body, TESTIMONIAL_MAX),
            author=f"<@{testimonial.author_id}>",
        ),
        FIELD_VALUE_MAX,
    )


def add_reputation(embed: discord.Embed, reputation: CardReputation, locale: Locale) -> None:
    if reputation.completed:
        embed.add_field(
            name=t(locale, "reputation.card_completed"),
            value=t(locale, "reputation.card_completed_count", count=reputation.completed),
            inline=False,
        )
    if reputation.latest is not None:
        embed.add_field(
            name=t(locale, "reputation.card_testimonial", count=reputation.shown),
            value=testimonial_text(reputation.latest, locale),
            inline=False,
        )


PAGE_SIZE = 5  # testimonials a page of /intro show's testimonials holds


def testimonials_button(member_id: int, shown: int, locale: Locale) -> discord.ui.View:
    """Under a card with more than one testimonial: the button that pages through them."""
    view = discord.ui.View(timeout=None)
    view.add_item(
        TestimonialPage(member_id, 0, t(locale, "reputation.button_all_testimonials", count=shown))
    )
    view.stop()  # answered by the registered dynamic item, not kept in memory
    return view


class TestimonialPage(
    PersistentButton, template=r"rep:page:(?P<member>\d{1,19}):(?P<page>\d{1,6})"
):
    """A page of the testimonials a member shows: readable by anyone in the hub, as the card."""

    def __init__(self, member_id: int, page: int, label: str = "") -> None:
        super().__init__(f"rep:page:{member_id}:{page}", label=fit(label, BUTTON_LABEL_MAX) or None)
        self.member_id = member_id
        self.page = page

    @classmethod
    def from_parts(cls, parts: IdParts, label: str) -> Self:
        return cls(parts.number("member"), int(parts.text("page")), label)

    async def clicked(self, interaction: discord.Interaction[Mozaik]) -> None:
        bot = interaction.client
        guild_id = guild_id_of(interaction)
        locale = await interaction_locale(interaction)
        shown, total = await received_testimonials(
            bot.store,
            guild_id,
            self.member_id,
            (TestimonialStatus.SHOWN,),
            limit=PAGE_SIZE,
            offset=self.page * PAGE_SIZE,
        )
        if not shown:
            raise Refusal("reputation.no_testimonials")
        pages = -(-total // PAGE_SIZE)
        embed = discord.Embed(
            title=t(locale, "reputation.page_title", count=total),
            description=fit(
                "\n\n".join(testimonial_text(each, locale) for each in shown),
                EMBED_DESCRIPTION_MAX,
            ),
        )
        embed.set_footer(text=t(locale, "reputation.page_footer", page=self.page + 1, pages=pages))
        view = discord.ui.View(timeout=None)
        for page, key in ((self.page - 1, "previous"), (self.page + 1, "next")):
            button = TestimonialPage(
                self.member_id, max(page, 0), t(locale, f"reputation.button_{key}")
            )
            button.item.disabled = not 0 <= page < pages
            view.add_item(button)
        view.stop()
        if interaction.message is not None and interaction.message.flags.ephemeral:
            await interaction.response.edit_message(embed=embed, view=view)
        else:
            await send_private(interaction, embed=embed, view=view, allowed_mentions=NO_PINGS)
