"""Noticing members who left, without the privileged members intent.

Discord tells a bot about departures only with that intent. Without it, a member who left shows
up as "Unknown Member" when Mozaik looks them up (to show them in a search, or to alert them),
and that is when their profile is hidden; the daily clean-up removes it 30 days later.

Discord allows 50 requests a second to a whole bot, and a page of /intro find shows ten people:
each member found present is trusted for `PRESENT_FOR` before being asked about again, and
members asked about at the same moment by several searches are asked about once. A departure
Mozaik hears of (the member's "Unknown Member", or the event when the intent is granted) ends
that trust at once.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable
from datetime import datetime, timedelta

import discord

from bot.app import Mozaik
from bot.intros.store.profiles import mark_departed

log = logging.getLogger(__name__)

UNKNOWN_MEMBER = 10007
UNKNOWN_USER = 10013  # the account itself was deleted
# How long a member Discord said was in the server is shown without asking again: as long as a
# search's results stay on screen, so turning its pages asks nothing twice.
PRESENT_FOR = timedelta(minutes=10)
# Members remembered at most; the longest unasked are forgotten first.
REMEMBERED = 10_000

_Key = tuple[int, int]  # guild id, user id
_Found = discord.Member | bool | None  # the member; False when they left; None when unknown


class MemberLookups:
    """Who of a list of people is still in the server, asking Discord as little as it can."""

    def __init__(self, bot: Mozaik) -> None:
        self._bot = bot
        self._present: dict[_Key, tuple[datetime, discord.Member]] = {}
        self._asking: dict[_Key, asyncio.Task[_Found]] = {}

    async def look_up(
        self, guild: discord.Guild, user_ids: Iterable[int]
    ) -> tuple[dict[int, discord.Member], set[int]]:
        """The members still in the server, and the ids of those who left (now marked departed).

        Someone Discord could not be asked about right now is in neither: they are shown as
        stored.
        """
        wanted = list(dict.fromkeys(user_ids))
        found = await asyncio.gather(*(self._member(guild, user_id) for user_id in wanted))
        present = {member.id: member for member in found if isinstance(member, discord.Member)}
        departed = {
            user_id for user_id, member in zip(wanted, found, strict=True) if member is False
        }
        return present, departed

    def forget(self, guild_id: int, user_id: int) -> None:
        """The member left: ask Discord again before showing them."""
        self._present.pop((guild_id, user_id), None)

    async def _member(self, guild: discord.Guild, user_id: int) -> _Found:
        member = guild.get_member(user_id)
        if member is not None:
            return member
        key = guild.id, user_id
        now = self._bot.clock.now()
        remembered = self._present.get(key)
        if remembered is not None and now - remembered[0] < PRESENT_FOR:
            return remembered[1]
        asking = self._asking.get(key)
        if asking is None:
            asking = asyncio.create_task(self._ask(guild, user_id))
            self._asking[key] = asking
            asking.add_done_callback(lambda _: self._asking.pop(key, None))
        return await asyncio.shield(asking)  # one search giving up does not cancel the others'

    async def _ask(self, guild: discord.Guild, user_id: int) -> _Found:
        key = guild.id, user_id
        try:
            member = await guild.fetch_member(user_id)
        except discord.NotFound as error:
            if error.code not in (UNKNOWN_MEMBER, UNKNOWN_USER):
                raise
        except discord.HTTPException:
            log.warning("could not look up member %d of guild %d", user_id, guild.id, exc_info=True)
            return None
        else:
            self._present.pop(key, None)  # re-inserted last: the dict is in order of asking
            self._present[key] = self._bot.clock.now(), member
            while len(self._present) > REMEMBERED:
                del self._present[next(iter(self._present))]
            return member
        self.forget(guild.id, user_id)
        if await mark_departed(self._bot.store, guild.id, user_id, self._bot.clock.now()):
            log.info("member %d has left guild %d: their profile is hidden", user_id, guild.id)
        return False
