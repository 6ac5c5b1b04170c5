"""The reputation letters of the outbox: the question to each side of an engagement, the news
that it is confirmed, and the request to approve a testimonial.

Each is written when it is sent, from the engagement or testimonial as it is then, and carries
that record's buttons (`rep:answer:12:yes`, `rep:write:12`, `rep:decide:7:show`), by which a
letter sent by a run that died is found again in the member's DMs.
"""

from __future__ import annotations

from bot.app import Mozaik
from bot.collab.model import TITLE_MAX as REQUEST_TITLE_MAX
from bot.collab.store.requests import get_request
from bot.gigs.model import TITLE_MAX as GIG_TITLE_MAX
from bot.gigs.store.records import get_gig
from bot.i18n import FALLBACK, Locale, as_locale, t
from bot.outbox.model import Letter
from bot.reputation.model import TESTIMONIAL_MAX, Engagement, EngagementKind, TestimonialStatus
from bot.reputation.store.engagements import get_engagement
from bot.reputation.store.testimonials import get_testimonial
from cogs._letters import Request, Written
from cogs._limits import CONTENT_MAX, fit
from cogs._markup import quoted
from cogs.reputation._asking import answer_buttons, confirmed_buttons
from cogs.reputation._testimonials import decide_buttons


def _locale(letter: Letter) -> Locale:
    return as_locale(letter.locale) or FALLBACK


async def write_work_question(bot: Mozaik, letter: Letter, request: Request) -> Written | None:
    """Did you work together? With Yes and No, while the side has not answered."""
    engagement = await get_engagement(bot.store, letter.item_id)
    if engagement is None or engagement.confirmed_at or engagement.declined_at:
        return None
    if letter.user_id not in engagement.sides or _has_answered(engagement, letter.user_id):
        return None
    locale = _locale(letter)
    question = await _question(bot, engagement, letter.user_id, locale)
    if question is None:
        return None
    return Written([], answer_buttons(engagement.id, locale), fit(question, CONTENT_MAX))


def _has_answered(engagement: Engagement, user_id: int) -> bool:
    said = engagement.asker_yes_at if user_id == engagement.asker_id else engagement.member_yes_at
    return said is not None


async def _question(
    bot: Mozaik, engagement: Engagement, user_id: int, locale: Locale
) -> str | None:
    if engagement.kind is EngagementKind.GIG:
        gig = await get_gig(bot.store, engagement.source_id)
        if gig is None:
            return None
        guild = bot.get_guild(gig.guild_id)
        return t(
            locale,
            "reputation.did_you_do_gig",
            poster=f"<@{gig.poster_id}>",
            number=gig.id,
            title=quoted(gig.title, GIG_TITLE_MAX),
            hub=quoted(guild.name if guild else "", 100),
        )
    collab = await get_request(bot.store, engagement.source_id)
    if collab is None:
        return None
    return t(
        locale,
        "reputation.did_you_work_together",
        member=f"<@{engagement.other_side(user_id)}>",
        number=collab.id,
        title=quoted(collab.title, REQUEST_TITLE_MAX),
    )


async def write_work_confirmed(bot: Mozaik, letter: Letter, request: Request) -> Written | None:
    """The other side confirmed: with the testimonial and endorsement buttons."""
    engagement = await get_engagement(bot.store, letter.item_id)
    if engagement is None or engagement.confirmed_at is None:
        return None
    locale = _locale(letter)
    by = engagement.other_side(letter.user_id)
    text = t(locale, "reputation.confirmed_by", member=f"<@{by}>")
    return Written([], confirmed_buttons(engagement.id, locale), fit(text, CONTENT_MAX))


async def write_testimonial_request(
    bot: Mozaik, letter: Letter, request: Request
) -> Written | None:
    """A testimonial waiting for its receiver: Approve and Hide, while it still waits."""
    testimonial = await get_testimonial(bot.store, letter.item_id)
    if testimonial is None or testimonial.status is not TestimonialStatus.WAITING:
        return None
    locale = _locale(letter)
    text = t(
        locale,
        "reputation.approve_question",
        author=f"<@{testimonial.author_id}>",
        testimonial=quoted(testimonial.body, TESTIMONIAL_MAX),
    )
    view = decide_buttons([testimonial], locale, waiting=True)
    return Written([], view, fit(text, CONTENT_MAX))
