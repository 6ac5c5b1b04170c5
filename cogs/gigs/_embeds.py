"""How gigs look in Discord: embeds and lines that fit Discord's limits whatever was typed.

Stored text stays whole; only what is shown is cut, with an ellipsis. Pay is written the
reader's way (bot.gigs.pay), times as Discord timestamps so every member sees their own clock.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

import discord
from babel.dates import format_timedelta
from babel.numbers import format_decimal, format_percent

from bot.gigs.model import Gig, GigKind, GigStatus
from bot.gigs.pay import pay_text
from bot.gigs.stats import completion_rate, median_wait
from bot.gigs.store.board import GigCounts, Page
from bot.gigs.store.responses import Interest
from bot.i18n import t
from bot.links import posted_link
from bot.page_totals import COUNT_CAP, is_capped
from bot.skills import Taxonomy
from cogs._limits import (
    EMBED_DESCRIPTION_MAX,
    EMBED_TITLE_MAX,
    EMBED_TOTAL_MAX,
    FIELD_NAME_MAX,
    FIELD_VALUE_MAX,
    FOOTER_MAX,
    fit,
)
from cogs._markup import isolated, quoted

_COLOURS = {
    GigKind.HIRING: discord.Colour.blurple(),
    GigKind.OFFERING: discord.Colour.green(),
}
_MUTED = discord.Colour.light_grey()


def timestamp(instant: datetime, style: str = "R") -> str:
    return f"<t:{int(instant.timestamp())}:{style}>"


def gig_heading(gig: Gig) -> str:
    return fit(f"#{gig.id} · {isolated(gig.title)}", EMBED_TITLE_MAX)


def gig_embed(gig: Gig, locale: str, taxonomy: Taxonomy, now: datetime) -> discord.Embed:
    """Every field of a gig, as its post, its queue message and /gig show display it."""
    terms = gig.terms
    open_to_answers = gig.status is GigStatus.APPROVED
    embed = discord.Embed(
        title=gig_heading(gig),
        description=fit(terms.description, EMBED_DESCRIPTION_MAX),
        colour=_COLOURS[terms.kind] if open_to_answers else _MUTED,
    )
    embed.set_author(name=t(locale, f"gigs.kind_{terms.kind.value}"))
    where = t(locale, f"gigs.location_{terms.location.value}")
    if terms.city:
        where = f"{where} · {terms.city}"
    fields = [
        (t(locale, "gigs.field_pay"), pay_text(terms.compensation, locale)),
        (
            t(locale, "gigs.field_engagement"),
            t(locale, f"gigs.engagement_{terms.engagement.value}"),
        ),
        (t(locale, "gigs.field_location"), where),
        (t(locale, "gigs.field_level"), t(locale, f"gigs.level_{terms.level.value}")),
        (t(locale, "gigs.field_skills"), ", ".join(taxonomy.display_names(terms.skills, locale))),
    ]
    if terms.delivery_days is not None:
        fields.append(
            (t(locale, "gigs.field_delivery"), t(locale, "gigs.days", count=terms.delivery_days))
        )
    if terms.apply_by is not None:
        fields.append((t(locale, "gigs.field_apply_by"), terms.apply_by.isoformat()))
    if terms.apply_url is not None:
        fields.append((t(locale, "gigs.field_apply"), terms.apply_url))
    fields.append((t(locale, "gigs.field_poster"), f"<@{gig.poster_id}>"))
    if open_to_answers and gig.expires_at is not None:
        fields.append((t(locale, "gigs.field_open_until"), timestamp(gig.expires_at, "D")))
    for name, value in fields:
        embed.add_field(name=fit(name, FIELD_NAME_MAX), value=fit(value, FIELD_VALUE_MAX))
    embed.set_footer(text=fit(_footer(gig, locale, now), FOOTER_MAX))
    excess = len(embed) - EMBED_TOTAL_MAX
    if excess > 0:  # only a description far beyond the form's limit could get here
        embed.description = fit(terms.description, len(terms.description) - excess)
    return embed


def with_decision_reason(embed: discord.Embed, gig: Gig, locale: str) -> discord.Embed:
    """The gig as its poster and moderators see it: with the reason it was not approved."""
    if gig.decision_reason and gig.status in (GigStatus.REJECTED, GigStatus.CHANGES_REQUESTED):
        embed.add_field(
            name=fit(t(locale, "gigs.field_reason"), FIELD_NAME_MAX),
            value=fit(gig.decision_reason, FIELD_VALUE_MAX),
            inline=False,
        )
    return embed


def post_embed(gig: Gig, locale: str, taxonomy: Taxonomy, now: datetime) -> discord.Embed:
    """The published post: the gig as approved, or, while an edit waits for a moderator (or if
    it was closed before one saw it), no text a moderator has not reviewed."""
    if gig.text_reviewed:
        return gig_embed(gig, locale, taxonomy, now)
    closed = gig.status is GigStatus.CLOSED
    embed = discord.Embed(
        title=t(locale, "gigs.number", number=gig.id),
        description=t(locale, "gigs.post_closed" if closed else "gigs.post_under_review"),
        colour=_MUTED,
    )
    embed.set_footer(text=fit(_footer(gig, locale, now), FOOTER_MAX))
    return embed


def status_line(gig: Gig, locale: str, now: datetime) -> str:
    """One short line on where the gig stands."""
    if gig.status is GigStatus.APPROVED:
        if gig.is_featured(now):
            return t(locale, "gigs.status_featured")
        return t(locale, "gigs.status_approved")
    if gig.status is GigStatus.CLOSED and gig.close_reason is not None:
        return t(locale, f"gigs.status_closed_{gig.close_reason.value}")
    return t(locale, f"gigs.status_{gig.status.value}")


def _footer(gig: Gig, locale: str, now: datetime) -> str:
    return f"{t(locale, 'gigs.number', number=gig.id)} · {status_line(gig, locale, now)}"


def gig_line(gig: Gig, locale: str, now: datetime, *, with_status: bool = False) -> str:
    """A gig in a list: number, title (linked to its post), pay and where it stands."""
    title = quoted(gig.title, 80)
    link = posted_link(gig.guild_id, gig.message_channel_id, gig.message_id)
    if link is not None:
        title = f"[{title}]({link})"
    line = f"**#{gig.id}** {title} · {pay_text(gig.terms.compensation, locale)}"
    if with_status:
        line += f" · {status_line(gig, locale, now)}"
    elif gig.is_featured(now):
        line = f"⭐ {line}"
    return line


def list_embed(
    heading: str, lines: Sequence[str], locale: str, footer: str | None = None
) -> discord.Embed:
    """A list of lines in one embed, cut to fit with a note of how many were left out."""
    shown: list[str] = []
    used = 0
    budget = EMBED_DESCRIPTION_MAX - 100  # room for the note
    for line in lines:
        if used + len(line) + 1 > budget:
            break
        shown.append(line)
        used += len(line) + 1
    if len(shown) < len(lines):
        shown.append(t(locale, "gigs.more_not_shown", count=len(lines) - len(shown)))
    embed = discord.Embed(title=fit(heading, EMBED_TITLE_MAX), description="\n".join(shown))
    if footer:
        embed.set_footer(text=fit(footer, FOOTER_MAX))
    return embed


def board_embed(
    heading: str, page: Page, page_number: int, page_size: int, locale: str, now: datetime
) -> discord.Embed:
    pages = max(1, -(-page.total // page_size))
    if not page.gigs:
        return discord.Embed(
            title=fit(heading, EMBED_TITLE_MAX), description=t(locale, "gigs.none_found")
        )
    if is_capped(page.total):
        cap = format_decimal(COUNT_CAP, locale=locale)
        footer = t(locale, "gigs.page_of_many", page=page_number + 1, cap=cap)
    else:
        footer = t(locale, "gigs.page_of", page=page_number + 1, pages=pages, count=page.total)
    return list_embed(heading, [gig_line(gig, locale, now) for gig in page.gigs], locale, footer)


def applicants_embed(
    gig: Gig, interests: Sequence[Interest], headlines: Mapping[int, str], locale: str
) -> discord.Embed:
    lines = []
    for interest in interests:
        status = t(locale, f"gigs.applicant_status_{interest.status.value}")
        line = f"<@{interest.user_id}> · {timestamp(interest.at)} · {status}"
        headline = headlines.get(interest.user_id)
        if headline:
            line += f"\n> {quoted(headline, 150)}"
        lines.append(line)
    heading = t(locale, "gigs.applicants_title", number=gig.id, title=quoted(gig.title, 100))
    if not lines:
        lines = [t(locale, "gigs.applicants_none")]
    return list_embed(heading, lines, locale)


def stats_embed(counts: GigCounts, days: int, locale: str) -> discord.Embed:
    embed = discord.Embed(title=t(locale, "gigmod.stats_title", count=days))
    rows = [
        ("gigmod.stats_submitted", counts.submitted),
        ("gigmod.stats_published", counts.published),
        ("gigmod.stats_rejected", counts.rejected),
        ("gigmod.stats_interests", counts.interests),
        ("gigmod.stats_filled_via_hub", counts.filled_via_hub),
        ("gigmod.stats_pending_now", counts.pending_now),
        ("gigmod.stats_open_now", counts.open_now),
    ]
    for key, value in rows:
        embed.add_field(name=t(locale, key), value=str(value))
    closed = ", ".join(
        f"{t(locale, f'gigs.close_{reason.value}')}: {count}"
        for reason, count in sorted(counts.closed.items())
    )
    embed.add_field(name=t(locale, "gigmod.stats_closed"), value=closed or "0", inline=False)
    closed_total = sum(counts.closed.values())
    rate = completion_rate(counts.filled_via_hub, closed_total)
    embed.add_field(
        name=t(locale, "gigmod.stats_completion"),
        value=t(locale, "gigmod.stats_none")
        if rate is None
        else t(
            locale,
            "gigmod.stats_completion_text",
            rate=format_percent(rate, locale=locale),
            filled=counts.filled_via_hub,
            closed=closed_total,
        ),
    )
    wait = median_wait(counts.waits)
    embed.add_field(
        name=t(locale, "gigmod.stats_decision_wait"),
        value=t(locale, "gigmod.stats_none")
        if wait is None
        else format_timedelta(wait, locale=locale, threshold=1.5),
    )
    return embed
