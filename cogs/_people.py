"""Reaching members: how they are named, by direct message, and whether they are still in the
hub's server; shared by the cogs that write to members outside a channel."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import discord

if TYPE_CHECKING:
    from bot.app import Mozaik

log = logging.getLogger(__name__)


async def member_name(bot: Mozaik, guild_id: int, user_id: int) -> str:
    """How the member is shown in the hub, for texts that must not ping them."""
    member = await hub_member(bot, guild_id, user_id)
    if member is not None:
        return member.display_name
    user = bot.get_user(user_id) or await bot.fetch_user(user_id)
    return user.display_name


async def send_dm(bot: Mozaik, user_id: int, **message: Any) -> discord.Message | None:
    """A direct message, or None when the member does not accept them."""
    user = bot.get_user(user_id) or await bot.fetch_user(user_id)
    try:
        return await user.send(**message)
    except discord.Forbidden:
        log.info("member %s does not accept direct messages", user_id)
        return None


async def hub_member(bot: Mozaik, guild_id: int, user_id: int) -> discord.Member | None:
    """The user as a member of the hub's server, or None when they are not (or no longer) one."""
    guild = bot.get_guild(guild_id)
    if guild is None:
        return None
    member = guild.get_member(user_id)
    if member is not None:
        return member
    try:
        return await guild.fetch_member(user_id)
    except discord.NotFound:
        return None


async def is_member(bot: Mozaik, guild_id: int, user_id: int) -> bool:
    """Whether the user is (still) a member of the hub's server."""
    return await hub_member(bot, guild_id, user_id) is not None
