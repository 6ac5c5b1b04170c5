"""The introduction's one message in the introductions channel: posted once, then edited in place.

If someone deleted it (or the hub moved its introductions channel), the next update posts a new
one and remembers it. Posting is claimed as the introduction is saved, sent with a nonce, and
after a run that died while posting it, read back before posting again (cogs/_readback.py).
A post to delete is remembered first and forgotten once Discord says it is gone.
"""

from __future__ import annotations

import logging
from datetime import datetime
from enum import StrEnum

import discord

from bot.app import Mozaik
from bot.hubs.model import HubSettings
from bot.i18n import FALLBACK, as_locale
from bot.intros.model import Profile
from bot.intros.store.posts import (
    Removal,
    add_removal,
    forget_post,
    pending_removals,
    release_posting,
    removal_done,
    removal_failed,
)
from bot.intros.store.profiles import get_profile, record_post
from bot.reputation.store.cards import card_reputation
from bot.skills.store import hub_taxonomy
from cogs._people import hub_member
from cogs._readback import IsOurs, message_nonce, own_message_since
from cogs.intros._embeds import profile_card

log = logging.getLogger(__name__)


class PostOutcome(StrEnum):
    # Values are the catalog keys that tell the member.
    POSTED = "intros.posted"
    UPDATED = "intros.updated"
    UNPOSTED = "intros.saved_unposted"
    FAILED = "intros.post_failed"
    PENDING = "intros.post_pending"  # being posted by the catch-up, or an earlier submission


async def publish_intro(
    bot: Mozaik,
    profile: Profile,
    hub: HubSettings,
    member: discord.Member,
    *,
    interrupted_at: datetime | None = None,
) -> PostOutcome:
    """Post or update the introduction, under the claim its caller holds (taken as it was
    saved, or by the catch-up; `interrupted_at`: a run that died was posting it then). The
    claim ends either way."""
    outcome = await _publish(bot, profile, hub, member, interrupted_at)
    if outcome in (PostOutcome.UNPOSTED, PostOutcome.FAILED):
        await release_posting(bot.store, profile.guild_id, profile.user_id)
    return outcome


async def _publish(
    bot: Mozaik,
    profile: Profile,
    hub: HubSettings,
    member: discord.Member,
    interrupted_at: datetime | None,
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
    lost = profile.posts_lost
    if profile.post_message_id is not None and profile.post_channel_id == channel_id:
        try:
            await channel.get_partial_message(profile.post_message_id).edit(embed=embed)
        except discord.NotFound:
            log.info("introduction of %d was deleted; posting it again", profile.user_id)
            await forget_post(bot.store, profile, bot.clock.now())
            lost += 1
        except discord.HTTPException:
            log.warning("could not edit the introduction of %d", profile.user_id, exc_info=True)
            return PostOutcome.FAILED
        else:
            await _record(bot, profile, channel_id, profile.post_message_id)
            return PostOutcome.UPDATED
    elif profile.post_message_id is not None:
        # The hub moved its introductions channel: the old post goes, a new one is made.
        await forget_post(bot.store, profile, bot.clock.now(), to_delete=True)
        await delete_posts(bot, profile)
        lost += 1
    message = None
    if interrupted_at is not None:
        message = await own_message_since(bot, channel, interrupted_at, _of(profile.user_id))
    if message is None:
        nonce = message_nonce(
            "intro", "post", profile.guild_id, profile.user_id, profile.created_at.isoformat(), lost
        )
        try:
            message = await channel.send(embed=embed, nonce=nonce)
        except discord.HTTPException:
            log.warning("could not post the introduction of %d", profile.user_id, exc_info=True)
            return PostOutcome.FAILED
    await _record(bot, profile, channel_id, message.id)
    return PostOutcome.POSTED


def _of(user_id: int) -> IsOurs:
    """Whether one of Mozaik's messages is this member's introduction: its card names them first."""

    def is_ours(message: discord.Message) -> bool:
        described = message.embeds[0].description if message.embeds else None
        return (described or "").split("\n", 1)[0] == f"<@{user_id}>"

    return is_ours


async def _record(bot: Mozaik, profile: Profile, channel_id: int, message_id: int) -> None:
    recorded = await record_post(
        bot.store, profile.guild_id, profile.user_id, channel_id, message_id, profile.revision
    )
    if not recorded:
        # The member removed their introduction while it was being posted: the post goes too.
        removal = Removal(profile.guild_id, profile.user_id, channel_id, message_id)
        await add_removal(bot.store, removal, bot.clock.now())
        await delete_posts(bot, profile)


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


async def delete_posts(bot: Mozaik, of: Profile | None = None) -> bool:
    """Delete the posts of removed introductions (only those of `of`'s member in its hub, if
    given); whether all of them are gone. Those Discord did not delete are tried again by the
    catch-up."""
    gone = True
    for removal in await pending_removals(bot.store):
        if of is not None and (removal.guild_id, removal.user_id) != (of.guild_id, of.user_id):
            continue
        if await _delete(bot, removal):
            await removal_done(bot.store, removal)
        else:
            await removal_failed(bot.store, removal)
            gone = False
    return gone


async def _delete(bot: Mozaik, removal: Removal) -> bool:
    channel = bot.get_partial_messageable(removal.channel_id, guild_id=removal.guild_id)
    try:
        await channel.get_partial_message(removal.message_id).delete()
    except discord.NotFound:
        pass  # someone deleted it already, or its channel
    except discord.HTTPException:
        log.warning("could not delete the introduction of %d", removal.user_id, exc_info=True)
        return False
    return True
