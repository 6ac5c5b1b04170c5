"""The hub's channels as Mozaik reaches them: found by id, and the audit log written to."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord

from bot.hubs.model import HubSettings
from cogs._limits import CONTENT_MAX, fit

if TYPE_CHECKING:
    from bot.app import Mozaik

log = logging.getLogger(__name__)


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
