"""The introduction's one message in the introductions channel: posted once, then edited in place.

If someone deleted it (or the hub moved its introductions channel), the next update posts a new
one and remembers it.
"""

from __future__ import annotations

import logging
from enum import StrEnum

import discord

from bot.app import Mozaik
from bot.hubs.model import HubSettings
from bot.i18n import FALLBACK, as_locale
from bot.intros.model import Profile
from bot.intros.store.profiles import get_profile, record_post
from bot.reputation.store.cards import card_reputation
from bot.skills.store import hub_taxonomy
from cogs._people import hub_member
from cogs.intros._embeds import profile_card

log = logging.getLogger(__name__)


class PostOutcome(StrEnum):
    # Values are the catalog keys that tell the member.
    POSTED = "intros.posted"
    UPDATED = "intros.updated"
    UNPOSTED = "intros.saved_unposted"
    FAILED = "intros.post_failed"


async def publish_intro(
    bot: Mozaik, profile: Profile, hub: HubSettings, member: discord.Member
) -> PostOutcome:
    channel_id = hub.intros_channel_id
    if channel_id is None:
        return PostOutcome.UNPOSTED
    embed = profile_card(
        profile,
        name=member.display_name,
        avatar_url=member.display_avatar.url,
        taxonomy=await hub_taxonomy(bot.store, profile.guild_id),
        locale=as_locale(hub.locale) or FALLBACK,  # a public post speaks the hub's language
        reputation=await card_reputation(bot.store, profile.guild_id, profile.user_id),
    )
    channel = bot.get_partial_messageable(channel_id, guild_id=profile.guild_id)
    if profile.post_message_id is not None and profile.post_channel_id == channel_id:
        try:
            await channel.get_partial_message(profile.post_message_id).edit(embed=embed)
            return PostOutcome.UPDATED
        except discord.NotFound:
            log.info("introduction of %d was deleted; posting it again", profile.user_id)
        except discord.HTTPException:
            log.warning("could not edit the introduction of %d", profile.user_id, exc_info=True)
            return PostOutcome.FAILED
    elif profile.post_message_id is not None:
        await delete_intro_post(bot, profile)
    try:
        message = await channel.send(embed=embed)
    except discord.HTTPException:
        log.warning("could not post the introduction of %d", profile.user_id, exc_info=True)
        return PostOutcome.FAILED
    await record_post(bot.store, profile.guild_id, profile.user_id, channel_id, message.id)
    return PostOutcome.POSTED


async def refresh_intro_post(bot: Mozaik, guild_id: int, user_id: int) -> None:
    """The member's posted introduction shown again, if they have one and are still here: what
    others wrote of them or confirmed with them changed."""
    profile = await get_profile(bot.store, guild_id, user_id)
    guild = bot.get_guild(guild_id)
    if profile is None or profile.post_message_id is None or guild is None:
        return
    member = await hub_member(bot, guild_id, user_id)
    if member is not None:
        await publish_intro(bot, profile, await bot.hub(guild_id), member)


async def delete_intro_post(bot: Mozaik, profile: Profile) -> None:
    if profile.post_channel_id is None or profile.post_message_id is None:
        return
    channel = bot.get_partial_messageable(profile.post_channel_id, guild_id=profile.guild_id)
    try:
        await channel.get_partial_message(profile.post_message_id).delete()
    except discord.NotFound:
        pass  # someone deleted it already
    except discord.HTTPException:
        log.warning("could not delete the introduction of %d", profile.user_id, exc_info=True)
