"""Links that Discord's client opens at a hub, one of its channels or a message: built here only."""

from __future__ import annotations

DISCORD_CHANNELS = "https://discord.com/channels"


def jump_link(guild_id: int, *channel_then_message: int) -> str:
    """The hub, a channel of it, or a message in that channel (a forum post's channel is its
    thread)."""
    return "/".join(str(part) for part in (DISCORD_CHANNELS, guild_id, *channel_then_message))


def posted_link(guild_id: int, channel_id: int | None, message_id: int | None) -> str | None:
    """The link to a post, or None while it is not posted."""
    if channel_id is None or message_id is None:
        return None
    return jump_link(guild_id, channel_id, message_id)
