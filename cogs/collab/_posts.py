"""Where collaboration messages go on Discord: the request's post, its thread, the pair's thread
and direct messages, each with the fallback the hub's set-up calls for."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

import discord

from bot.collab.model import CollabRequest
from bot.collab.rules import moved_on_refusal
from bot.collab.store.requests import get_request, record_thread
from bot.errors import Refusal
from bot.i18n import Locale
from bot.skills.store import hub_taxonomy
from cogs._people import is_member
from cogs._readback import custom_ids_of, own_forum_post_since, own_message_since
from cogs.collab._embeds import language, request_embed, thread_name

if TYPE_CHECKING:
    from bot.app import Mozaik

log = logging.getLogger(__name__)

CollabChannel = discord.TextChannel | discord.ForumChannel
Interaction = discord.Interaction["Mozaik"]


def only_pinging(*user_ids: int) -> discord.AllowedMentions:
    return discord.AllowedMentions(
        everyone=False, roles=False, users=[discord.Object(user_id) for user_id in user_ids]
    )


async def collab_channel(bot: Mozaik, guild_id: int, channel_id: int | None) -> CollabChannel:
    """The hub's collaboration (or queue) channel, refused politely when it is gone."""
    if channel_id is None:
        raise Refusal("collab.no_channel")
    channel = bot.get_channel(channel_id)
    if channel is None:
        try:
            channel = await bot.fetch_channel(channel_id)
        except (discord.NotFound, discord.Forbidden):
            raise Refusal("collab.channel_gone") from None
    if not isinstance(channel, CollabChannel) or channel.guild.id != guild_id:
        raise Refusal("collab.channel_gone")
    return channel


Placement = tuple[int, int, int | None]
"""Where a message lives: (channel, message, thread); a forum post is its own channel."""


async def publish(channel: CollabChannel, name: str, nonce: str, **message: Any) -> Placement:
    """Post a message, as a forum post in a forum (which takes no nonce: see `published_since`)."""
    try:
        if isinstance(channel, discord.ForumChannel):
            created = await channel.create_thread(name=name, **message)
            return created.thread.id, created.message.id, created.thread.id
        sent = await channel.send(nonce=nonce, **message)
    except discord.Forbidden:
        raise Refusal("collab.cannot_post", channel=channel.mention) from None
    return channel.id, sent.id, None


async def made_once(
    bot: Mozaik,
    guild_id: int,
    channel_id: int | None,
    *,
    marked_by: str,
    interrupted_at: datetime | None,
    make: Callable[[CollabChannel], Awaitable[Placement]],
    release: Callable[[], Awaitable[None]],
) -> Placement:
    """A message made under the claim its caller holds: after a run that died while making it
    (`interrupted_at`), the one that run made (found by its button `marked_by`), else one made
    now by `make` (with a nonce). Discord saying no releases the claim and is raised."""
    try:
        channel = await collab_channel(bot, guild_id, channel_id)
        placed = None
        if interrupted_at is not None:
            placed = await _published_since(bot, channel, interrupted_at, marked_by)
        return placed or await make(channel)
    except (Refusal, discord.HTTPException):
        await release()
        raise


async def _published_since(
    bot: Mozaik, channel: CollabChannel, since: datetime, custom_id: str
) -> Placement | None:
    """The message (or forum post) with the button `custom_id` that a run which died after
    `since` made before it could record it; None when it made none."""

    def is_ours(message: discord.Message) -> bool:
        return custom_id in custom_ids_of(message)

    if isinstance(channel, discord.ForumChannel):
        found = await own_forum_post_since(bot, channel, since, is_ours)
        return None if found is None else (found[0].id, found[1].id, found[0].id)
    message = await own_message_since(bot, channel, since, is_ours)
    return None if message is None else (channel.id, message.id, None)


async def wake_forum_post(bot: Mozaik, thread_id: int) -> None:
    """Unarchive a forum post so its starter message can be edited (Discord refuses edits in
    archived threads, and a quiet post archives itself after a few days)."""
    post = await bot.fetch_channel(thread_id)
    if isinstance(post, discord.Thread) and post.archived and not post.locked:
        await post.edit(archived=False)


async def shown_request(bot: Mozaik, request: CollabRequest) -> tuple[discord.Embed, Locale]:
    """The request's embed as its hub shows it, with its skills named the hub's way, and the
    hub's language."""
    hub = await bot.hub(request.guild_id)
    taxonomy = await hub_taxonomy(bot.store, request.guild_id)
    locale = language(hub.locale)
    return request_embed(request, taxonomy, locale), locale


def post_of(bot: Mozaik, guild_id: int, channel_id: int, message_id: int) -> discord.PartialMessage:
    channel = bot.get_partial_messageable(channel_id, guild_id=guild_id)
    return channel.get_partial_message(message_id)


async def request_thread(bot: Mozaik, request: CollabRequest) -> discord.Thread:
    """The request's own thread: its forum post, or a thread opened on its message once needed."""
    if request.thread_id is not None:
        existing = bot.get_channel(request.thread_id) or await bot.fetch_channel(request.thread_id)
        assert isinstance(existing, discord.Thread)
        return existing
    assert request.channel_id is not None and request.message_id is not None
    thread = await post_of(
        bot, request.guild_id, request.channel_id, request.message_id
    ).create_thread(name=thread_name(request))
    await record_thread(bot.store, request.id, thread.id)
    return thread


async def open_pair_thread(
    channel: CollabChannel, name: str, member_ids: tuple[int, int], opening: str
) -> discord.Thread:
    """A thread in the collaboration channel for the requester and their new partner.

    Private where the channel allows it; a forum only has public posts, and without the
    permission to create private threads a public one still brings the two together.
    """
    pinging = only_pinging(*member_ids)
    if isinstance(channel, discord.ForumChannel):
        post = await channel.create_thread(name=name, content=opening, allowed_mentions=pinging)
        await _add(post.thread, member_ids)
        return post.thread
    thread: discord.Thread | None = None
    if channel.permissions_for(channel.guild.me).create_private_threads:
        try:
            thread = await channel.create_thread(
                name=name, type=discord.ChannelType.private_thread, invitable=False
            )
        except discord.Forbidden:
            log.info("no private thread in %s; opening a public one", channel.id)
    if thread is None:
        thread = await channel.create_thread(name=name, type=discord.ChannelType.public_thread)
    await _add(thread, member_ids)
    await thread.send(opening, allowed_mentions=pinging)
    return thread


async def _add(thread: discord.Thread, member_ids: tuple[int, int]) -> None:
    for member_id in member_ids:
        await thread.add_user(discord.Object(member_id))


async def stored_request(bot: Mozaik, request_id: int, interaction: Interaction) -> CollabRequest:
    """The request a button or form names: from a server, only that server's own requests;
    from a DM, only a request of a hub the clicker is a member of (a custom id is anyone's to
    craft)."""
    request = await get_request(bot.store, request_id)
    here = interaction.guild_id
    if request is None or (here is not None and here != request.guild_id):
        raise Refusal("collab.not_found", number=request_id)
    if here is None and not await is_member(bot, request.guild_id, interaction.user.id):
        raise Refusal("collab.not_found", number=request_id)
    return request


async def numbered_request(bot: Mozaik, request_id: int) -> CollabRequest:
    """The request of that number, or a refusal saying there is none."""
    request = await get_request(bot.store, request_id)
    if request is None:
        raise Refusal("collab.not_found", number=request_id)
    return request


async def moved_on(
    bot: Mozaik, request_id: int, check: Callable[[CollabRequest], object]
) -> Refusal:
    """After the store made no change, the request having moved on since `check` let it
    through: the refusal the rules give it as it is now."""
    return moved_on_refusal(await get_request(bot.store, request_id), request_id, check)
