"""The short guide pinned in each feature channel (gigs, introductions, collaboration): what a
member can do there, each command a click away, in the hub's language.

Posted once and edited in place on every later /hub setup, so it follows the hub's settings
(its language first) and is never there twice: each channel's guide is claimed before it is
posted, sent with a nonce (a retry soon after is the same message), and looked for in the
channel when the run that was posting it died before it could record where it went. In a forum
the guide is a post of its own, pinned to the top of the forum.
"""

from __future__ import annotations

import logging
from datetime import datetime

import discord

from bot.app import Mozaik
from bot.hubs.guides_store import claim_guide, record_guide, release_guide
from bot.hubs.model import GUIDED_PURPOSES, HubSettings
from bot.i18n import LOCALES, t, t_plain
from cogs._channels import channel_by_id
from cogs._limits import CONTENT_MAX, THREAD_NAME_MAX, fit
from cogs._readback import message_nonce, own_forum_post_since, own_message_since

log = logging.getLogger(__name__)

NO_PINGS = discord.AllowedMentions.none()

GuidedChannel = discord.TextChannel | discord.ForumChannel


def guide_text(locale: str, purpose: str) -> str:
    """The guide, naming the buttons members press as their labels read."""
    labels = {
        "interested": t(locale, "gigs.button_interested"),
        "report": t(locale, "gigs.button_report"),
        "answer": t(locale, "collab.answer_button"),
    }
    return fit(t(locale, f"hubs.guide_{purpose}", **labels), CONTENT_MAX)


def is_guide(content: str, purpose: str) -> bool:
    """Whether a message of Mozaik's is its guide for `purpose`, in whichever language it was
    posted: its first line is the guide's."""
    first = content.split("\n", 1)[0]
    return any(first == guide_text(locale, purpose).split("\n", 1)[0] for locale in LOCALES)


def guide_nonce(guild_id: int, purpose: str, channel_id: int, replacing: int | None) -> str:
    """The same for every try at one posting; another for the guide that replaces one deleted
    (Discord would answer a nonce it remembers with the deleted message)."""
    return message_nonce("hubs", "guide", guild_id, purpose, channel_id, str(replacing))


async def keep_guides(bot: Mozaik, hub: HubSettings) -> None:
    """Post or update the guide in each feature channel the hub has (when it wants guides)."""
    if not hub.guides:
        return
    for purpose in GUIDED_PURPOSES:
        channel = await channel_by_id(bot, hub.channel_id(purpose))
        if isinstance(channel, GuidedChannel) and channel.guild.id == hub.guild_id:
            await _keep_guide(bot, hub, purpose, channel)


async def _keep_guide(bot: Mozaik, hub: HubSettings, purpose: str, channel: GuidedChannel) -> None:
    claim = await claim_guide(bot.store, hub.guild_id, purpose, bot.clock.now())
    if claim is None:
        return  # another run is posting it right now
    placed: discord.Message | None = None
    try:
        content = guide_text(hub.locale, purpose)
        if claim.channel_id == channel.id and claim.message_id is not None:
            placed = await _updated(bot, channel, claim.message_id, content)
        if placed is None and claim.interrupted_at is not None:
            placed = await _posted_since(bot, channel, purpose, claim.interrupted_at)
        if placed is None:
            replacing = claim.message_id if claim.channel_id == channel.id else None
            placed = await _post(hub, purpose, channel, content, replacing)
        if placed is not None:
            await _pin(channel, placed)
    except discord.HTTPException:
        log.warning("could not keep the %s guide of hub %s", purpose, hub.guild_id, exc_info=True)
    finally:
        if placed is None:
            await release_guide(bot.store, hub.guild_id, purpose)
        else:
            await record_guide(bot.store, hub.guild_id, purpose, channel.id, placed.id)


async def _updated(
    bot: Mozaik, channel: GuidedChannel, message_id: int, content: str
) -> discord.Message | None:
    """The guide edited to `content`; None when it is gone (deleted by an admin)."""
    # A forum post's first message has the post's id, and is edited in the post.
    where = message_id if isinstance(channel, discord.ForumChannel) else channel.id
    try:
        if isinstance(channel, discord.ForumChannel):
            post = await bot.fetch_channel(message_id)
            if isinstance(post, discord.Thread) and post.archived and not post.locked:
                await post.edit(archived=False)
        message = bot.get_partial_messageable(where, guild_id=channel.guild.id)
        return await message.get_partial_message(message_id).edit(
            content=content, allowed_mentions=NO_PINGS
        )
    except discord.NotFound:
        return None


async def _posted_since(
    bot: Mozaik, channel: GuidedChannel, purpose: str, since: datetime
) -> discord.Message | None:
    """The guide a run that died posted after `since`, if it got that far."""

    def is_ours(message: discord.Message) -> bool:
        return is_guide(message.content, purpose)

    if isinstance(channel, discord.ForumChannel):
        found = await own_forum_post_since(bot, channel, since, is_ours)
        return None if found is None else found[1]
    return await own_message_since(bot, channel, since, is_ours)


async def _post(
    hub: HubSettings, purpose: str, channel: GuidedChannel, content: str, replacing: int | None
) -> discord.Message:
    if isinstance(channel, discord.ForumChannel):
        name = fit(t_plain(hub.locale, f"hubs.guide_{purpose}_title"), THREAD_NAME_MAX)
        created = await channel.create_thread(name=name, content=content, allowed_mentions=NO_PINGS)
        return created.message
    return await channel.send(
        content,
        allowed_mentions=NO_PINGS,
        nonce=guide_nonce(hub.guild_id, purpose, channel.id, replacing),
    )


async def _pin(channel: GuidedChannel, guide: discord.Message) -> None:
    """Pinned (again: an admin may have unpinned it); kept unpinned, and said so in /hub show,
    where Mozaik may not pin."""
    try:
        if isinstance(channel, discord.ForumChannel):
            post = channel.get_thread(guide.id) or await channel.guild.fetch_channel(guide.id)
            if isinstance(post, discord.Thread) and not post.flags.pinned:
                await post.edit(pinned=True)
        elif not guide.pinned:
            await guide.pin()
    except discord.Forbidden:
        log.info("may not pin the guide in channel %s", channel.id)
