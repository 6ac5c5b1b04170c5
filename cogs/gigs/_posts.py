"""What Mozaik writes about gigs in Discord: queue messages, published posts, notes to the
poster, the hub's audit log and the gig's discussion thread.

Each function does one Discord write and survives Discord saying no (a deleted channel, a
missing permission, closed DMs): it logs and reports failure instead of raising, because the
gig's state in the store is already decided and must not be undone by a message that failed.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

import discord

from bot.gigs.model import Engagement, Gig, GigStatus, LocationType
from bot.gigs.store.claims import (
    Publication,
    claim_publication,
    forget_publication,
    record_publication,
    record_queue_message,
    release_publication,
    release_queueing,
)
from bot.hubs.model import HubSettings
from bot.i18n import LOCALES, t
from bot.links import posted_link
from bot.skills import Taxonomy
from bot.skills.store import hub_taxonomy
from cogs._channels import channel_by_id
from cogs._letters import OUTBOX_FILLED
from cogs._limits import CONTENT_MAX, THREAD_NAME_MAX, fit
from cogs._readback import IsOurs, custom_ids_of, own_forum_post_since, own_message_since
from cogs._readback import message_nonce as nonce_of
from cogs.gigs._buttons import (
    Click,
    is_message_of_gig,
    post_buttons,
    queue_buttons,
    report_buttons,
)
from cogs.gigs._embeds import gig_embed, post_embed
from cogs.gigs._lookup import require_gig

if TYPE_CHECKING:
    from bot.app import Mozaik

log = logging.getLogger(__name__)

NO_PINGS = discord.AllowedMentions.none()
THREAD_ARCHIVED = 50083
MAX_FORUM_TAGS = 5
POST_CLICKS = frozenset({Click.INTEREST, Click.REPORT})
QUEUE_CLICKS = frozenset({Click.APPROVE})
# What Mozaik needs in the gigs channel to publish, by the catalog's names for them.
POST_PERMISSIONS = ("view_channel", "send_messages", "embed_links")
# Discord renames a channel twice per 10 minutes; discord.py would wait out the rest of those
# minutes inside the moderator's click. Its own bound, max_ratelimit_timeout, is the client's
# (30 s at least) and refuses every request of a bucket whose window ends later, so archiving the
# thread after one rename too: the rename alone is bounded here.
RENAME_WAIT_SECONDS = 2.0


def message_nonce(kind: str, *parts: int) -> str:
    """The nonce of one message about a gig (see cogs/_readback.py)."""
    return nonce_of("gig", kind, *parts)


def queue_entry(gig: Gig) -> int:
    """When the gig last entered the queue, to the microsecond: in the nonce of a message sent
    once per entry (a held gig comes back with the revision it had)."""
    return int(gig.submitted_at.timestamp() * 1_000_000)


@dataclass(frozen=True)
class ChannelRefusal:
    """Why the gigs channel did not take a post: the permissions Mozaik lacks there (catalog
    names), or none when the channel is missing or cannot hold gigs."""

    channel_id: int | None
    missing: tuple[str, ...] = ()


@dataclass(frozen=True)
class Publishing:
    """What became of a publication: whether the post shows the gig, and if the channel
    refused it, why. Neither: somebody else is publishing it, or Discord failed for now."""

    shown: bool
    refused: ChannelRefusal | None = None


def poster_locale(gig: Gig, hub: HubSettings) -> str:
    return gig.poster_locale or hub.locale


async def taxonomy_of(bot: Mozaik, guild_id: int) -> Taxonomy:
    """The hub's skills: the one place gigs read them from."""
    return await hub_taxonomy(bot.store, guild_id)


# The moderation queue.


async def send_to_queue(
    bot: Mozaik, gig: Gig, hub: HubSettings, note: str, *, interrupted_at: datetime | None = None
) -> bool:
    """The gig's message in the queue channel, with the moderators' buttons (live while it is
    pending). `interrupted_at`: a run that died was sending it then, so it may be there already.
    The claim to queue the gig ends either way."""
    channel = await channel_by_id(bot, hub.queue_channel_id)
    message = None
    if not isinstance(channel, discord.TextChannel):
        log.warning("hub %s has no usable queue channel for gig %s", hub.guild_id, gig.id)
    else:
        if interrupted_at is not None:
            message = await own_message_since(
                bot, channel, interrupted_at, _of_gig(gig.id, QUEUE_CLICKS)
            )
        if message is None:
            message = await _send_queue_message(bot, gig, hub, note, channel)
    if message is None:
        await release_queueing(bot.store, gig.id)
        return False
    await record_queue_message(bot.store, gig.id, message.channel.id, message.id)
    return True


async def _send_queue_message(
    bot: Mozaik, gig: Gig, hub: HubSettings, note: str, channel: discord.TextChannel
) -> discord.Message | None:
    decided = gig.status is not GigStatus.PENDING
    return await _send_gig_card(
        bot,
        gig,
        hub,
        note,
        channel,
        view=queue_buttons(gig.id, hub.locale, disabled=decided),
        nonce=message_nonce("queue", gig.id, gig.revision, queue_entry(gig)),
    )


async def send_report_note(bot: Mozaik, gig: Gig, hub: HubSettings, note: str, nonce: str) -> None:
    """A member's report of the gig, in the queue channel with the moderators' buttons for it."""
    channel = await channel_by_id(bot, hub.queue_channel_id)
    if isinstance(channel, discord.TextChannel):
        view = report_buttons(gig.id, hub.locale)
        await _send_gig_card(bot, gig, hub, note, channel, view=view, nonce=nonce)


async def _send_gig_card(
    bot: Mozaik,
    gig: Gig,
    hub: HubSettings,
    note: str,
    channel: discord.TextChannel,
    *,
    view: discord.ui.View,
    nonce: str,
) -> discord.Message | None:
    """The moderators' note above the gig as it reads, in the hub's language."""
    embed = gig_embed(gig, hub.locale, await taxonomy_of(bot, gig.guild_id), bot.clock.now())
    try:
        return await channel.send(
            fit(note, CONTENT_MAX),
            embed=embed,
            view=view,
            allowed_mentions=NO_PINGS,
            nonce=nonce,
        )
    except discord.HTTPException:
        log.warning("could not put gig %s in the queue channel", gig.id, exc_info=True)
        return None


def _of_gig(gig_id: int, clicks: Collection[Click]) -> IsOurs:
    """Whether one of Mozaik's messages is its message for the gig (see is_message_of_gig)."""

    def is_ours(message: discord.Message) -> bool:
        return is_message_of_gig(
            gig_id,
            clicks,
            author_id=message.author.id,
            custom_ids=custom_ids_of(message),
            bot_id=message.author.id,  # own_message_since only shows Mozaik's own
        )

    return is_ours


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
            view=queue_buttons(gig.id, hub.locale, disabled=gig.status is not GigStatus.PENDING),
            allowed_mentions=NO_PINGS,
        )
    except discord.HTTPException:
        log.warning("could not update the queue message of gig %s", gig.id, exc_info=True)


# The published post.


async def publish(bot: Mozaik, gig: Gig, hub: HubSettings) -> Publishing:
    """Create the approved gig's post, or bring it up to date if it exists.

    Created once: under a claim, with a nonce, and after a run that died while creating it,
    only once its post is not found in the channel."""
    if gig.message_id is not None:
        if await refresh_post(bot, gig, hub):
            return Publishing(shown=True)
        await forget_publication(bot.store, gig.id)
        gig = await require_gig(bot, gig.id)
    claim = await claim_publication(bot.store, gig.id, bot.clock.now())
    if claim is None:
        return Publishing(shown=False)  # published meanwhile, or being published right now
    channel = await channel_by_id(bot, hub.gigs_channel_id)
    post: Publication | None = None
    refused: ChannelRefusal | None = None
    if not isinstance(channel, discord.TextChannel | discord.ForumChannel):
        log.warning("hub %s has no usable gigs channel for gig %s", hub.guild_id, gig.id)
        refused = ChannelRefusal(hub.gigs_channel_id)
    else:
        if claim.interrupted_at is not None:
            post = await _post_made_since(bot, gig, channel, claim.interrupted_at)
        try:
            post = post or await _create_post(bot, gig, hub, channel)
        except discord.Forbidden as error:
            log.warning(
                "the gigs channel of hub %s refused gig %s: %s", hub.guild_id, gig.id, error
            )
            refused = ChannelRefusal(channel.id, missing_permissions(channel))
        except discord.HTTPException:
            log.warning("could not publish gig %s", gig.id, exc_info=True)
    if post is None:
        await release_publication(bot.store, gig.id)
        return Publishing(shown=False, refused=refused)
    await record_publication(bot.store, gig.id, post, bot.clock.now())
    bot.dispatch(OUTBOX_FILLED)  # the skill alerts it owes
    return Publishing(shown=True)


def missing_permissions(channel: discord.TextChannel | discord.ForumChannel) -> tuple[str, ...]:
    """What Mozaik lacks to publish in the channel, as far as it knows; Send Messages (in a
    forum: Create Posts) if it seems to have everything."""
    granted = channel.permissions_for(channel.guild.me)
    missing = [name for name in POST_PERMISSIONS if not getattr(granted, name)] or ["send_messages"]
    if isinstance(channel, discord.ForumChannel):
        missing = ["create_posts" if name == "send_messages" else name for name in missing]
    return tuple(missing)


async def _post_made_since(
    bot: Mozaik,
    gig: Gig,
    channel: discord.TextChannel | discord.ForumChannel,
    since: datetime,
) -> Publication | None:
    """The gig's post, if a run that died made it after `since` without recording it."""
    if isinstance(channel, discord.TextChannel):
        message = await own_message_since(bot, channel, since, _of_gig(gig.id, POST_CLICKS))
        return None if message is None else Publication(channel.id, channel.id, message.id, None)
    found = await own_forum_post_since(bot, channel, since, _of_gig(gig.id, POST_CLICKS))
    if found is None:
        return None
    thread, starter = found
    return Publication(channel.id, thread.id, starter.id, thread.id)


async def _create_post(
    bot: Mozaik,
    gig: Gig,
    hub: HubSettings,
    channel: discord.TextChannel | discord.ForumChannel,
) -> Publication:
    embed = post_embed(gig, hub.locale, await taxonomy_of(bot, gig.guild_id), bot.clock.now())
    view = post_buttons(gig, hub.locale)
    if isinstance(channel, discord.ForumChannel):
        # Discord takes no nonce for a forum post: _post_made_since finds one made before.
        created = await channel.create_thread(
            name=thread_name(gig),
            embed=embed,
            view=view,
            applied_tags=forum_tags(channel, gig),
            allowed_mentions=NO_PINGS,
        )
        return Publication(channel.id, created.thread.id, created.message.id, created.thread.id)
    message = await channel.send(
        embed=embed,
        view=view,
        allowed_mentions=NO_PINGS,
        nonce=message_nonce("post", gig.id, gig.posts_lost),
    )
    return Publication(channel.id, channel.id, message.id, None)


def forum_tags(forum: discord.ForumChannel, gig: Gig) -> list[discord.ForumTag]:
    """The forum's tags named like the gig's engagement or location, in either language."""
    wanted = _tag_names(gig.terms.engagement) | _tag_names(gig.terms.location)
    return [tag for tag in forum.available_tags if _tag_key(tag.name) in wanted][:MAX_FORUM_TAGS]


def _tag_names(choice: Engagement | LocationType) -> set[str]:
    area = "engagement" if isinstance(choice, Engagement) else "location"
    names = {choice.value} | {t(locale, f"gigs.{area}_{choice.value}") for locale in LOCALES}
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
        await asyncio.wait_for(thread.edit(name=thread_name(gig)), RENAME_WAIT_SECONDS)
    except TimeoutError:
        # Renamed twice in 10 minutes already: the post's embed shows the new title meanwhile,
        # and the post's next change renames it.
        log.info("forum post of gig %s not renamed: Discord's rename limit", gig.id)
    except discord.HTTPException:
        log.warning("could not rename the forum post of gig %s", gig.id, exc_info=True)


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
    return posted_link(gig.guild_id, gig.message_channel_id, gig.message_id)
