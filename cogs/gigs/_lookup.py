"""Gigs as a member asks for them: what the store reports, told as the refusal they see."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from bot.app import Mozaik
from bot.gigs.curation import GigAction, found_in_hub, moved_on_refusal
from bot.gigs.model import Gig
from bot.gigs.store.records import GigMovedOn, get_gig


async def require_gig(bot: Mozaik, gig_id: int, guild_id: int | None = None) -> Gig:
    """The gig, or a refusal saying there is no such gig in this hub."""
    return found_in_hub(await get_gig(bot.store, gig_id), gig_id, guild_id)


@contextmanager
def refused_if_moved_on(action: GigAction) -> Iterator[None]:
    """Around the store's `act`: a gig that moved on since it was checked is refused as the
    curation rules say."""
    try:
        yield
    except GigMovedOn as moved:
        raise moved_on_refusal(moved.gig_id, action, moved.status) from None
