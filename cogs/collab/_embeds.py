"""How requests, answers and lists of requests look: embeds and the words around them.

Text members typed goes into embeds (where nothing pings) or through `plain` first.
"""

from __future__ import annotations

from collections.abc import Sequence

import discord

from bot.collab.drafts import hours_per_week
from bot.collab.model import CollabRequest, Status
from bot.i18n import FALLBACK, Locale, as_locale, t
from bot.intros.model import Profile
from bot.links import posted_link
from bot.skills import Taxonomy
from cogs._limits import EMBED_DESCRIPTION_MAX, FIELD_VALUE_MAX, THREAD_NAME_MAX, fit
from cogs._markup import isolated, literal
from cogs.intros._embeds import profile_card as introduction_card

_COLOURS = {
    Status.PENDING: discord.Colour.light_grey(),
    Status.OPEN: discord.Colour.teal(),
    Status.MATCHED: discord.Colour.green(),
    Status.CLOSED: discord.Colour.dark_grey(),
    Status.EXPIRED: discord.Colour.dark_grey(),
    Status.REJECTED: discord.Colour.dark_grey(),
}


def language(code: str) -> Locale:
    """A member's or hub's language code as one Mozaik writes in."""
    return as_locale(code) or FALLBACK


def plain(text: str) -> str:
    """Member-typed text made safe for message content: read literally, pinging nobody, in its
    own direction (see cogs._markup)."""
    return isolated(discord.utils.escape_mentions(literal(text)))


def requester_note(request: CollabRequest, key: str, **params: object) -> str:
    """A note to the requester about their request, in their language, naming it."""
    return t(request.requester_locale, key, number=request.id, title=plain(request.title), **params)


def request_link(request: CollabRequest) -> str | None:
    return posted_link(request.guild_id, request.channel_id, request.message_id)


def commitment_text(commitment: str, locale: Locale) -> str:
    hours = hours_per_week(commitment)
    return commitment if hours is None else t(locale, "collab.hours_per_week", count=hours)


def status_text(request: CollabRequest, locale: Locale) -> str:
    if request.status is Status.OPEN:
        until = discord.utils.format_dt(request.expires_at, "D")
        return t(locale, "collab.status_open", until=until)
    return t(locale, f"collab.status_{request.status.value}")


def partners_text(request: CollabRequest, locale: Locale) -> str:
    return t(
        locale,
        "collab.partners_found",
        found=request.partners_found,
        count=request.partners_wanted,
    )


def request_embed(request: CollabRequest, taxonomy: Taxonomy, locale: Locale) -> discord.Embed:
    """The request as members see it in the collaboration channel (and moderators in the queue)."""
    embed = discord.Embed(
        title=f"#{request.id} · {isolated(request.title)}",
        description=request.description,
        colour=_COLOURS[request.status],
    )
    embed.add_field(name=t(locale, "collab.field_requester"), value=f"<@{request.requester_id}>")
    embed.add_field(
        name=t(locale, "collab.field_kind"), value=t(locale, f"collab.kind_{request.kind.value}")
    )
    embed.add_field(
        name=t(locale, "collab.field_compensation"),
        value=t(locale, f"collab.compensation_{request.compensation.value}"),
    )
    embed.add_field(
        name=t(locale, "collab.field_skills"),
        value=fit(" · ".join(taxonomy.display_names(request.skills, locale)), FIELD_VALUE_MAX),
        inline=False,
    )
    embed.add_field(
        name=t(locale, "collab.field_commitment"),
        value=commitment_text(request.commitment, locale),
    )
    embed.add_field(name=t(locale, "collab.field_partners"), value=partners_text(request, locale))
    embed.add_field(name=t(locale, "collab.field_status"), value=status_text(request, locale))
    return embed


def request_line(request: CollabRequest, taxonomy: Taxonomy, locale: Locale) -> str:
    """One request in a list: number and title (linked once published), then its essentials."""
    title = plain(fit(request.title, 100))
    link = request_link(request)
    head = f"**#{request.id} [{title}]({link})**" if link else f"**#{request.id} {title}**"
    skills = fit(" · ".join(taxonomy.display_names(request.skills, locale)), 200)
    return (
        f"{head}\n{t(locale, f'collab.kind_{request.kind.value}')} · {plain(skills)}"
        f" · {partners_text(request, locale)} · {status_text(request, locale)}"
    )


def list_embed(
    title: str, requests: Sequence[CollabRequest], taxonomy: Taxonomy, locale: Locale
) -> discord.Embed:
    """As many requests as fit one embed, with a note saying how many did not."""
    lines: list[str] = []
    used = 0
    for request in requests:
        line = request_line(request, taxonomy, locale)
        if used + len(line) + 2 > EMBED_DESCRIPTION_MAX - 100:
            break
        lines.append(line)
        used += len(line) + 2
    left_out = len(requests) - len(lines)
    embed = discord.Embed(title=title, description="\n\n".join(lines))
    if left_out:
        embed.set_footer(text=t(locale, "collab.list_more", count=left_out))
    return embed


def answer_card(
    profile: Profile | None, member: discord.abc.User, taxonomy: Taxonomy, locale: Locale
) -> discord.Embed:
    """Who answered: their introduction card when they wrote one, else only their name."""
    if profile is not None:
        return introduction_card(
            profile,
            name=member.display_name,
            avatar_url=member.display_avatar.url,
            taxonomy=taxonomy,
            locale=locale,
        )
    embed = discord.Embed(
        title=fit(member.display_name, 256), description=t(locale, "collab.no_profile")
    )
    embed.set_thumbnail(url=member.display_avatar.url)
    return embed


def thread_name(request: CollabRequest) -> str:
    return fit(f"#{request.id} · {request.title}", THREAD_NAME_MAX)


def pair_thread_name(request: CollabRequest, requester: str, partner: str) -> str:
    """The pair's thread: who they are, then the request (a thread's name shows no markdown)."""
    return fit(f"{requester} & {partner} · #{request.id} {request.title}", THREAD_NAME_MAX)
