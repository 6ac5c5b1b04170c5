"""A member's reputation on their card: completed work, endorsed skills, the latest testimonial,
and the pages of /intro show that go through all their testimonials."""

from __future__ import annotations

import discord

from bot.i18n import Locale, t
from bot.reputation.model import TESTIMONIAL_MAX, CardReputation, Testimonial
from cogs._limits import FIELD_VALUE_MAX, fit
from cogs._markup import quoted


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
