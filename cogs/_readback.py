"""Messages Mozaik makes once however often a crash makes it try again.

Each is claimed first (`bot/store/claims.py`), then sent with a nonce: Discord makes a message
once per nonce, but only within its nonce memory (a few minutes). A run that takes over the claim
of one that died reads back what that run made, from a little before its claim, before sending
again: the read-back is what prevents a second message once Discord has forgotten the nonce.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import discord

if TYPE_CHECKING:
    from bot.app import Mozaik

log = logging.getLogger(__name__)

# Mozaik's clock and Discord's differ a little: look from a little before the claim, a page of
# messages at most.
CLOCK_SKEW = timedelta(minutes=1)
LOOKBACK = 100

IsOurs = Callable[[discord.Message], bool]
"""Whether a message of Mozaik's is the one it was making (its buttons, its embed)."""


def message_nonce(feature: str, kind: str, *parts: int | str) -> str:
    """The same nonce each time Mozaik sends one message, so Discord makes it once however
    often a retry sends it (Discord takes up to 25 characters)."""
    seed = ":".join((f"mozaik-{feature}", kind, *map(str, parts))).encode()
    return feature[0] + hashlib.sha256(seed).hexdigest()[:24]


def custom_ids_of(message: discord.Message) -> list[str]:
    """The custom ids of the message's buttons and menus."""
    found = []
    for row in message.components:
        for child in getattr(row, "children", ()):
            custom_id = getattr(child, "custom_id", None)
            if custom_id:
                found.append(custom_id)
    return found


async def own_message_since(
    bot: Mozaik,
    channel: discord.abc.Messageable,
    since: datetime,
    is_ours: IsOurs,
) -> discord.Message | None:
    """Mozaik's message in the channel made after `since` (see CLOCK_SKEW) that `is_ours`; None
    when there is none, or Discord could not say."""
    me = bot.user
    if me is None:
        return None
    try:
        async for message in channel.history(limit=LOOKBACK, after=since - CLOCK_SKEW):
            if message.author.id == me.id and is_ours(message):
                return message
    except discord.HTTPException:
        log.warning("could not read back Mozaik's messages in %s", channel, exc_info=True)
    return None


async def own_forum_post_since(
    bot: Mozaik, forum: discord.ForumChannel, since: datetime, is_ours: IsOurs
) -> tuple[discord.Thread, discord.Message] | None:
    """Mozaik's post in the forum made after `since` whose first message `is_ours`: Discord
    takes no nonce for a forum post, so this alone keeps a retry from making a second one."""
    me = bot.user
    if me is None:
        return None
    try:
        for thread in await forum.guild.active_threads():
            made = discord.utils.snowflake_time(thread.id)
            if thread.parent_id != forum.id or thread.owner_id != me.id:
                continue
            if made < since - CLOCK_SKEW:
                continue
            starter = await thread.fetch_message(thread.id)  # a forum post's first message
            if starter.author.id == me.id and is_ours(starter):
                return thread, starter
    except discord.HTTPException:
        log.warning("could not read back forum %s", forum.id, exc_info=True)
    return None
