"""What a member's card and their public portfolio page show of their reputation, each read
together for one card or page."""

from __future__ import annotations

from bot.reputation.model import CardReputation, PortfolioReputation, TestimonialStatus
from bot.reputation.store.endorsements import endorsed_skills
from bot.reputation.store.engagements import completed_count
from bot.reputation.store.testimonials import received_testimonials
from bot.store import Store


async def card_reputation(store: Store, guild_id: int, user_id: int) -> CardReputation:
    shown, total = await received_testimonials(
        store, guild_id, user_id, (TestimonialStatus.SHOWN,), limit=1
    )
    return CardReputation(
        completed=await completed_count(store, guild_id, user_id),
        latest=shown[0] if shown else None,
        shown=total,
        endorsed=await endorsed_skills(store, guild_id, user_id),
    )


async def portfolio_reputation(
    store: Store, guild_id: int, user_id: int, *, limit: int
) -> PortfolioReputation:
    """The member's latest approved testimonials (hidden, waiting and removed ones never) and
    their endorsed skills."""
    shown, total = await received_testimonials(
        store, guild_id, user_id, (TestimonialStatus.SHOWN,), limit=limit
    )
    return PortfolioReputation(
        testimonials=shown,
        shown=total,
        endorsed=await endorsed_skills(store, guild_id, user_id),
    )
