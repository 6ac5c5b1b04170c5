"""The hourly upkeep of the board: expire gigs whose time is up, remind posters before that,
retry publications that failed (as the catch-up does every few minutes), and forget old
drafts. Safe to run twice."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from bot.errors import Refusal
from bot.gigs.curation import Actor
from bot.gigs.expiry import REMINDER_AHEAD, reminder_due
from bot.gigs.model import CloseReason, Gig
from bot.gigs.store.board import SWEEP_BATCH, expired_gigs, gigs_expiring_between
from bot.gigs.store.claims import owe_reminder
from bot.gigs.store.drafts import forget_drafts_before
from cogs._letters import OUTBOX_FILLED
from cogs.gigs._decisions import close
from cogs.gigs._delivery import publish_approved_gigs
from cogs.gigs._posts import poster_locale

if TYPE_CHECKING:
    from bot.app import Mozaik

log = logging.getLogger(__name__)

DRAFTS_KEPT = timedelta(days=14)


async def upkeep(bot: Mozaik) -> None:
    """Every hour: gigs past their time closed, posters reminded, late posts and old drafts."""
    now = bot.clock.now()
    expired = await expire_gigs(bot, now)
    reminded = await remind_posters(bot, now)
    published = await publish_approved_gigs(bot)
    # A member's drafts are begun from any hub; the process holding shard 0 forgets old ones.
    forgotten = (
        await forget_drafts_before(bot.store, now - DRAFTS_KEPT)
        if bot.shards_owned.holds_dm_shard
        else 0
    )
    log.info(
        "gig upkeep: %d expired, %d reminded, %d published late, %d drafts forgotten",
        expired,
        reminded,
        published,
        forgotten,
    )


async def _in_batches(read: Callable[[Gig | None], Awaitable[list[Gig]]]) -> AsyncIterator[Gig]:
    """Every gig `read` finds, a batch at a time, each batch read after the last one's end."""
    after = None
    while True:
        batch = await read(after)
        for gig in batch:
            yield gig
        if len(batch) < SWEEP_BATCH:
            return
        after = batch[-1]


async def expire_gigs(bot: Mozaik, now: datetime) -> int:
    """Close every published gig whose expiry (or apply-by day) has passed at `now`."""
    closed = 0
    async for gig in _in_batches(lambda after: expired_gigs(bot.store, now, after=after)):
        if not bot.serves(gig.guild_id):
            continue  # another process's shard
        try:
            await close(bot, gig.id, Actor.system(), CloseReason.EXPIRED)
        except Refusal:
            continue  # closed by its poster or a moderator meanwhile
        closed += 1
    return closed


async def remind_posters(bot: Mozaik, now: datetime) -> int:
    """Owe a DM with Renew and Close to each poster whose gig expires within three days (sent by
    the outbox: cogs/gigs/_reminders.py); how many were owed now."""
    reminded = 0
    async for gig in _in_batches(
        lambda after: gigs_expiring_between(bot.store, now, now + REMINDER_AHEAD, after=after)
    ):
        if not bot.serves(gig.guild_id) or not reminder_due(gig, now):
            continue
        locale = poster_locale(gig, await bot.hub(gig.guild_id))
        reminded += await owe_reminder(bot.store, gig, locale, now)
    if reminded:
        bot.dispatch(OUTBOX_FILLED)
    return reminded
