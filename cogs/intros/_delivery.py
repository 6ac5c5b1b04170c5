"""What Mozaik still owes Discord about introductions, done once it is back and every few
minutes after (see cogs/_catch_up.py): introductions saved but not yet shown by their post (as
when Mozaik died in between, or the channel refused it), and posts of removed introductions
not yet deleted.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord

from bot.intros.store.posts import claim_posting, release_posting, unposted
from bot.intros.store.profiles import get_profile, mark_departed
from cogs._people import hub_member
from cogs.intros._posts import PostOutcome, delete_posts, publish_intro

if TYPE_CHECKING:
    from bot.app import Mozaik

log = logging.getLogger(__name__)


async def catch_up(bot: Mozaik) -> None:
    posted = 0
    for guild_id, user_id in await unposted(bot.store):
        if not bot.serves(guild_id):
            continue  # another process's shard
        claim = await claim_posting(bot.store, guild_id, user_id, bot.clock.now())
        if claim is None:
            continue  # its member's form is posting it right now
        member = await _member(bot, guild_id, user_id)
        profile = await get_profile(bot.store, guild_id, user_id)
        if member is None or profile is None:
            await release_posting(bot.store, guild_id, user_id)
            continue
        hub = await bot.hub(guild_id)
        outcome = await publish_intro(
            bot, profile, hub, member, interrupted_at=claim.interrupted_at
        )
        posted += outcome in (PostOutcome.POSTED, PostOutcome.UPDATED)
    all_gone = await delete_posts(bot)
    if posted or not all_gone:
        log.info("introductions caught up: %d posted; removals all done: %s", posted, all_gone)


async def _member(bot: Mozaik, guild_id: int, user_id: int) -> discord.Member | None:
    """The member, as their post shows them; None when they left (their profile is hidden)."""
    if bot.get_guild(guild_id) is None:
        return None
    try:
        member = await hub_member(bot, guild_id, user_id)
    except discord.HTTPException:
        log.warning("could not look up member %d of %d", user_id, guild_id, exc_info=True)
        return None
    if member is None:
        await mark_departed(bot.store, guild_id, user_id, bot.clock.now())
    return member
