"""What Mozaik writes about gigs in Discord: queue messages, published posts, notes to the
poster, the hub's audit log and the gig's discussion thread.

Each function does one Discord write and survives Discord saying no (a deleted channel, a
missing permission, closed DMs): it logs and reports failure instead of raising, because the
gig's state in the store is already decided and must not be undone by a message that failed.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import TYPE_CHECKING

import discord

from bot.gigs.model import Engagement, Gig, GigStatus, LocationType
from bot.i18n import LOCALES, t
from bot.skills import Taxonomy
from bot.store.gigs import (
    Publication,
    claim_publication,
    record_publication,
    record_queue_message,
    record_thread,
    release_publication,
)
from bot.store.hubs import HubSettings
from bot.store.skills import hub_taxonomy
from cogs._limits import CONTENT_MAX, THREAD_NAME_MAX, fit
from cogs.gigs._buttons import post_buttons, queue_buttons, report_buttons
from cogs.gigs._embeds import gig_embed, post_embed

if TYPE_CHECKING:
    from bot.app import Mozaik

log = logging.getLogger(__name__)

NO_PINGS = discord.AllowedMentions.none()
DMS_CLOSED = 50007  # Discord: "Cannot send messages to this user"
THREAD_ARCHIVED = 50083
MAX_FORUM_TAGS = 5


def poster_locale(gig: Gig, hub: HubSettings) -> str:
    return gig.poster_locale or hub.locale


async def taxonomy_of(bot: Mozaik, guild_id: int) -> Taxonomy:
    """The hub's skills: the one place gigs read them from."""
    return await hub_taxonomy(bot.store, guild_id)


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


# The moderation queue.


async def send_to_queue(bot: Mozaik, gig: Gig, hub: HubSettings, note: str) -> bool:
    """One message per pending gig in the queue channel, with the moderators' buttons."""
    channel = await channel_by_id(bot, hub.queue_channel_id)
    if not isinstance(channel, discord.TextChannel):
        log.warning("hub %s has no usable queue channel for gig %s", hub.guild_id, gig.id)
        return False
    embed = gig_embed(gig, hub.locale, await taxonomy_of(bot, gig.guild_id), bot.clock.now())
    try:
        message = await channel.send(
            fit(note, CONTENT_MAX),
            embed=embed,
            view=queue_buttons(gig.id, hub.locale, decided=False),
            allowed_mentions=NO_PINGS,
        )
    except discord.HTTPException:
        log.warning("could not post gig %s to the queue", gig.id, exc_info=True)
        return False
    await record_queue_message(bot.store, gig.id, channel.id, message.id)
    return True


async def refresh_queue_message(bot: Mozaik, gig: Gig, hub: HubSettings, note: str) -> None:
    """Show on the gig's queue message what happened to it; its buttons only while pending."""
    if gig.queue_channel_id is None or gig.queue_message_id is None:
        return
    message = bot.get_partial_messageable(gig.queue_channel_id).get_partial_message(
        gig.queue_message_id
    )
    embed = gig_embed(gig, hub.locale, await taxonomy_of(bot, gig.guild_id), bot.clock.now())
    try:
        await message.edit(
            content=fit(note, CONTENT_MAX),
            embed=embed,
            view=queue_buttons(gig.id, hub.locale, decided=gig.status is not GigStatus.PENDING),
            allowed_mentions=NO_PINGS,
        )
    except discord.HTTPException:
        log.warning("could not update the queue message of gig %s", gig.id, exc_info=True)


# The published post.


async def publish(bot: Mozaik, gig: Gig, hub: HubSettings) -> bool:
    """Create the gig's post, or bring it up to date if it exists; True when it shows the gig."""
    if gig.message_id is not None:
        if await refresh_post(bot, gig, hub):
            return True
        gig = await _forget_post(bot, gig)
    now = bot.clock.now()
    if not await claim_publication(bot.store, gig.id, now):
        return False  # someone else is creating it right now
    channel = await channel_by_id(bot, hub.gigs_channel_id)
    try:
        post = await _create_post(bot, gig, hub, channel)
    except discord.HTTPException:
        log.warning("could not publish gig %s", gig.id, exc_info=True)
        post = None
    if post is None:
        await release_publication(bot.store, gig.id)
        return False
    await record_publication(bot.store, gig.id, post)
    return True


async def _create_post(
    bot: Mozaik,
    gig: Gig,
    hub: HubSettings,
    channel: discord.abc.GuildChannel | discord.Thread | None,
) -> Publication | None:
    embed = post_embed(gig, hub.locale, await taxonomy_of(bot, gig.guild_id), bot.clock.now())
    view = post_buttons(gig, hub.locale)
    if isinstance(channel, discord.ForumChannel):
        created = await channel.create_thread(
            name=thread_name(gig),
            embed=embed,
            view=view,
            applied_tags=forum_tags(channel, gig),
            allowed_mentions=NO_PINGS,
        )
        return Publication(channel.id, created.thread.id, created.message.id, created.thread.id)
    if isinstance(channel, discord.TextChannel):
        message = await channel.send(embed=embed, view=view, allowed_mentions=NO_PINGS)
        return Publication(channel.id, channel.id, message.id, None)
    log.warning("hub %s has no usable gigs channel for gig %s", hub.guild_id, gig.id)
    return None


def forum_tags(forum: discord.ForumChannel, gig: Gig) -> list[discord.ForumTag]:
    """The forum's tags named like the gig's engagement or location, in either language."""
    wanted = _tag_names(gig.terms.engagement) | _tag_names(gig.terms.location)
    return [tag for tag in forum.available_tags if _tag_key(tag.name) in wanted][:MAX_FORUM_TAGS]


def _tag_names(choice: Engagement | LocationType) -> set[str]:
    area = "engagement" if isinstance(choice, Engagement) else "location"
    names = {choice.value} | {t(locale, f"gig.{area}_{choice.value}") for locale in LOCALES}
    return {_tag_key(name) for name in names}


def _tag_key(name: str) -> str:
    return "".join(char for char in name.casefold() if char.isalnum())


async def refresh_post(bot: Mozaik, gig: Gig, hub: HubSettings) -> bool:
    """Bring the published post up to date with the gig: under review, closed, renewed...

    A closed gig's forum thread is archived and locked once its post says so.
    """
    if gig.message_id is None or gig.message_channel_id is None:
        return False
    message = bot.get_partial_messageable(gig.message_channel_id).get_partial_message(
        gig.message_id
    )
    embed = post_embed(gig, hub.locale, await taxonomy_of(bot, gig.guild_id), bot.clock.now())
    view = post_buttons(gig, hub.locale)
    try:
        await message.edit(embed=embed, view=view, allowed_mentions=NO_PINGS)
    except discord.NotFound:
        return False
    except discord.HTTPException as error:
        if error.code != THREAD_ARCHIVED or not await _reopen_thread(bot, gig):
            log.warning("could not update the post of gig %s", gig.id, exc_info=True)
            return True  # it exists; creating a second one would be worse
        await message.edit(embed=embed, view=view, allowed_mentions=NO_PINGS)
    if gig.status is GigStatus.CLOSED:
        await _close_thread(bot, gig)
    elif gig.status is GigStatus.APPROVED and gig.thread_id == gig.message_channel_id:
        await _rename_forum_post(bot, gig)  # an approved edit may have changed the title
    return True


def thread_name(gig: Gig) -> str:
    return fit(f"#{gig.id} · {gig.title}", THREAD_NAME_MAX)


async def _rename_forum_post(bot: Mozaik, gig: Gig) -> None:
    thread = await channel_by_id(bot, gig.thread_id)
    if not isinstance(thread, discord.Thread) or thread.name == thread_name(gig):
        return
    try:
        await thread.edit(name=thread_name(gig))
    except discord.HTTPException:
        log.warning("could not rename the forum post of gig %s", gig.id, exc_info=True)


async def _forget_post(bot: Mozaik, gig: Gig) -> Gig:
    await record_publication(bot.store, gig.id, Publication())
    return replace(gig, channel_id=None, message_channel_id=None, message_id=None, thread_id=None)


async def _reopen_thread(bot: Mozaik, gig: Gig) -> bool:
    thread = await channel_by_id(bot, gig.thread_id)
    if not isinstance(thread, discord.Thread):
        return False
    try:
        await thread.edit(archived=False)
    except discord.HTTPException:
        return False
    return True


async def _close_thread(bot: Mozaik, gig: Gig) -> None:
    thread = await channel_by_id(bot, gig.thread_id)
    if not isinstance(thread, discord.Thread):
        return
    try:
        await thread.edit(archived=True, locked=True)
    except discord.HTTPException:
        log.warning("could not archive the thread of gig %s", gig.id, exc_info=True)


def post_link(gig: Gig) -> str | None:
    if gig.message_id is None or gig.message_channel_id is None:
        return None
    return f"https://discord.com/channels/{gig.guild_id}/{gig.message_channel_id}/{gig.message_id}"


# Talking to people.


async def tell_poster(
    bot: Mozaik, gig: Gig, text: str, view: discord.ui.View | None = None
) -> bool:
    """A direct message to the gig's poster; False when it could not be delivered."""
    try:
        user = bot.get_user(gig.poster_id) or await bot.fetch_user(gig.poster_id)
        if view is None:
            await user.send(fit(text, CONTENT_MAX), allowed_mentions=NO_PINGS)
        else:
            await user.send(fit(text, CONTENT_MAX), view=view, allowed_mentions=NO_PINGS)
    except discord.HTTPException as error:
        if error.code != DMS_CLOSED:
            log.warning("could not message the poster of gig %s", gig.id, exc_info=True)
        return False
    return True


async def audit(bot: Mozaik, hub: HubSettings, text: str) -> None:
    """A line in the hub's audit-log channel, if it has one."""
    channel = await channel_by_id(bot, hub.audit_channel_id)
    if not isinstance(channel, discord.TextChannel):
        return
    try:
        await channel.send(fit(text, CONTENT_MAX), allowed_mentions=NO_PINGS)
    except discord.HTTPException:
        log.warning("could not write to the audit log of hub %s", hub.guild_id, exc_info=True)


async def say_in_thread(bot: Mozaik, gig: Gig, text: str, ping: int) -> bool:
    """Write in the gig's discussion thread (started on its post if needed), pinging only
    the member `ping`."""
    thread = await _discussion_thread(bot, gig)
    if thread is None:
        return False
    try:
        await thread.send(
            fit(text, CONTENT_MAX),
            allowed_mentions=discord.AllowedMentions(
                everyone=False, roles=False, users=[discord.Object(ping)]
            ),
        )
    except discord.HTTPException:
        log.warning("could not write in the thread of gig %s", gig.id, exc_info=True)
        return False
    return True


async def _discussion_thread(bot: Mozaik, gig: Gig) -> discord.Thread | None:
    if gig.thread_id is not None:
        thread = await channel_by_id(bot, gig.thread_id)
        return thread if isinstance(thread, discord.Thread) else None
    channel = await channel_by_id(bot, gig.message_channel_id)
    if not isinstance(channel, discord.TextChannel) or gig.message_id is None:
        return None
    try:
        thread = await channel.get_partial_message(gig.message_id).create_thread(
            name=thread_name(gig)
        )
    except discord.HTTPException:
        log.warning("could not start a thread on gig %s", gig.id, exc_info=True)
        return None
    await record_thread(bot.store, gig.id, thread.id)
    return thread


async def mark_report_handled(
    bot: Mozaik, message: discord.Message | None, gig_id: int, hub: HubSettings, note: str
) -> None:
    """Say on a report's queue message who handled it; its buttons are then disabled."""
    if message is None:
        return
    try:
        await message.edit(
            content=fit(f"{message.content}\n{note}", CONTENT_MAX),
            view=report_buttons(gig_id, hub.locale, handled=True),
            allowed_mentions=NO_PINGS,
        )
    except discord.HTTPException:
        log.warning("could not mark the report on gig %s handled", gig_id, exc_info=True)
