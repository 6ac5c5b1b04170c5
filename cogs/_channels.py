"""The hub's channels as Mozaik reaches them: found by id, and the audit log written to."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import discord

from bot.hubs.model import HubSettings
from cogs._limits import CONTENT_MAX, fit

if TYPE_CHECKING:
    from bot.app import Mozaik

log = logging.getLogger(__name__)

# Looking for what a run that died sent before it could record so: messages from a little before
# it began (Mozaik's clock and Discord's differ a little), a page of them at most.
CLOCK_SKEW = timedelta(minutes=1)
LOOKBACK = 100


async def channel_by_id(
    bot: Mozaik, channel_id: int | None
) -> discord.abc.GuildChannel | discord.Thread | None:
    if channel_id is None:
        return None
    channel = bot.get_channel(channel_id)
    if channel is None:
        try:
            channel = await bot.fetch_channel(channel_id)
        except discord.HTTPException:
            log.warning("channel %s is gone or hidden from Mozaik", channel_id)
            return None
    if isinstance(channel, discord.abc.GuildChannel | discord.Thread):
        return channel
    return None


async def audit(bot: Mozaik, hub: HubSettings, text: str) -> None:
    """A line in the hub's audit-log channel, if it has one."""
    channel = await channel_by_id(bot, hub.audit_channel_id)
    if not isinstance(channel, discord.TextChannel):
        return
    try:
        await channel.send(fit(text, CONTENT_MAX), allowed_mentions=discord.AllowedMentions.none())
    except discord.HTTPException:
        log.warning("could not write to the audit log of hub %s", hub.guild_id, exc_info=True)


async def own_messages_since(
    bot: Mozaik, channel: discord.abc.Messageable, since: datetime
) -> AsyncIterator[discord.Message]:
    """Mozaik's messages in the channel (a DM channel too) made after `since` (see CLOCK_SKEW),
    oldest first; none more once the history cannot be read (logged)."""
    assert bot.user is not None
    try:
        async for message in channel.history(limit=LOOKBACK, after=since - CLOCK_SKEW):
            if message.author.id == bot.user.id:
                yield message
    except discord.HTTPException:
        log.warning("could not read back Mozaik's messages in %s", channel, exc_info=True)
