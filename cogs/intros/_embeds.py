"""How introductions look: the posted card, the search results and the skill alert DM."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import discord
from babel.numbers import format_decimal

from bot.gigs.pay import pay_text
from bot.i18n import Locale, t, t_plain
from bot.intros.model import HEADLINE_MAX, Availability, Profile
from bot.intros.search import PAGE_SIZE, Page
from bot.page_totals import COUNT_CAP
from bot.reputation.model import CardReputation
from bot.skills import Taxonomy
from cogs._markup import isolated, quoted
from cogs.reputation._cards import add_reputation, endorsed_name

AVAILABILITY_COLOURS = {
    Availability.OPEN_TO_WORK: discord.Colour.green(),
    Availability.OPEN_TO_COLLABORATE: discord.Colour.blurple(),
    Availability.NOT_AVAILABLE: discord.Colour.light_grey(),
}
NAME_SHOWN = 100  # above the 32 characters of a Discord display name: nothing real is cut


def availability_text(availability: Availability, locale: Locale) -> str:
    return t(locale, f"intros.availability_{availability.value}")


def profile_card(
    profile: Profile,
    *,
    name: str,
    avatar_url: str | None,
    taxonomy: Taxonomy,
    locale: Locale,
    reputation: CardReputation | None = None,
) -> discord.Embed:
    """The introduction as posted and shown: names no one but its author, pings no one.
    `reputation`: the confirmed work, endorsements and latest testimonial, shown where there
    are some."""
    content = profile.content
    description = f"<@{profile.user_id}>"
    if content.about:
        description += "\n\n" + content.about
    embed = discord.Embed(
        title=isolated(content.headline),
        description=description,
        colour=AVAILABILITY_COLOURS[content.availability],
        timestamp=profile.updated_at,
    )
    embed.set_author(name=name, icon_url=avatar_url)
    endorsed = reputation.endorsed if reputation is not None else {}
    named: dict[str, int] = {}  # a merged skill answers for two slugs: shown once
    for slug in content.skills:
        name = taxonomy.display_names([slug], locale)[0]
        named[name] = max(named.get(name, 0), endorsed.get(slug, 0))
    embed.add_field(
        name=t(locale, "intros.card_skills"),
        value=" · ".join(endorsed_name(name, count, locale) for name, count in named.items()),
        inline=False,
    )
    embed.add_field(
        name=t(locale, "intros.card_availability"),
        value=availability_text(content.availability, locale),
    )
    if content.rate is not None:
        embed.add_field(name=t(locale, "intros.card_rate"), value=pay_text(content.rate, locale))
    if content.location:
        embed.add_field(name=t(locale, "intros.card_location"), value=content.location)
    if content.languages:
        embed.add_field(name=t(locale, "intros.card_languages"), value=", ".join(content.languages))
    if content.links:
        embed.add_field(
            name=t(locale, "intros.card_links"), value="\n".join(content.links), inline=False
        )
    if reputation is not None:
        add_reputation(embed, reputation, locale)
    embed.set_footer(text=t(locale, "intros.card_updated"))
    return embed


def find_results(
    page: Page,
    asked: Sequence[str],
    names: Mapping[int, str],
    taxonomy: Taxonomy,
    locale: Locale,
) -> discord.Embed:
    """One page of people, best match first, each by display name: no mentions, no pings."""
    asked_names = ", ".join(taxonomy.display_names(asked, locale))
    embed = discord.Embed(title=t(locale, "intros.find_title", skills=asked_names))
    if not page.people:
        embed.description = t(locale, "intros.find_empty", skills=asked_names)
        return embed
    lines = []
    for rank, person in enumerate(page.people, start=page.number * PAGE_SIZE + 1):
        name = quoted(names.get(person.user_id, person.display_name), NAME_SHOWN)
        matched = ", ".join(taxonomy.display_names(person.matched_skills, locale))
        lines.append(
            f"**{rank}. {name}** — {quoted(person.headline, HEADLINE_MAX)}\n"
            f"{availability_text(person.availability, locale)} · {matched}"
        )
    embed.description = "\n\n".join(lines)
    if page.capped:
        cap = format_decimal(COUNT_CAP, locale=locale)
        footer = t(locale, "intros.find_page_many", page=page.number + 1, cap=cap)
    else:
        footer = t(
            locale, "intros.find_page", page=page.number + 1, pages=page.count, total=page.total
        )
    embed.set_footer(text=footer)
    return embed


def skill_alert(
    *, title: str, hub: str, matched: Sequence[str], taxonomy: Taxonomy, locale: Locale
) -> discord.Embed:
    embed = discord.Embed(
        title=t(locale, "intros.alert_title", title=title),
        description=t(
            locale,
            "intros.alert_body",
            hub=hub,
            skills=", ".join(taxonomy.display_names(matched, locale)),
        ),
        colour=discord.Colour.green(),
    )
    embed.set_footer(text=t_plain(locale, "intros.alert_footer"))  # footers render no mentions
    return embed
