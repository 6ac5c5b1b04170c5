"""What a member's card shows of their reputation, read together for one card."""

from __future__ import annotations

from bot.reputation.model import CardReputation, TestimonialStatus
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
