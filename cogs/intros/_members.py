"""Noticing members who left, without the privileged members intent.

Discord tells a bot about departures only with that intent. Without it, a member who left shows
up as "Unknown Member" when Mozaik looks them up (to show them in a search, or to alert them),
and that is when their profile is hidden; the daily clean-up removes it 30 days later.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable

import discord

from bot.app import Mozaik
from bot.intros.store.profiles import mark_departed

log = logging.getLogger(__name__)

UNKNOWN_MEMBER = 10007
UNKNOWN_USER = 10013  # the account itself was deleted


async def look_up_members(
    bot: Mozaik, guild: discord.Guild, user_ids: Iterable[int]
) -> tuple[dict[int, discord.Member], set[int]]:
    """The members still in the server, and the ids of those who left (now marked departed).

    Someone Discord could not be asked about right now is in neither: they are shown as stored.
    """
    wanted = list(dict.fromkeys(user_ids))
    found = await asyncio.gather(*(_member(bot, guild, user_id) for user_id in wanted))
    present = {member.id: member for member in found if isinstance(member, discord.Member)}
    departed = {user_id for user_id, member in zip(wanted, found, strict=True) if member is False}
    return present, departed


async def _member(bot: Mozaik, guild: discord.Guild, user_id: int) -> discord.Member | bool | None:
    """The member; False when they left; None when Discord could not say."""
    member = guild.get_member(user_id)
    if member is not None:
        return member
    try:
        return await guild.fetch_member(user_id)
    except discord.NotFound as error:
        if error.code not in (UNKNOWN_MEMBER, UNKNOWN_USER):
            raise
    except discord.HTTPException:
        log.warning("could not look up member %d of guild %d", user_id, guild.id, exc_info=True)
        return None
    if await mark_departed(bot.store, guild.id, user_id, bot.clock.now()):
        log.info("member %d has left guild %d: their profile is hidden", user_id, guild.id)
    return False
