"""Where a digest goes, as the publisher sees it: Discord for the digest cog, a list for a test.

Subscribers' own messages go through the outbox (bot/outbox), not here."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from bot.digest.compose import DigestMessage
from bot.digest.recognition import PostedMessage
from bot.hubs.model import HubSettings


class Outbox(Protocol):
    """Where digests go: Discord, for the bot; a list, for a test."""

    async def post(
        self, channel_id: int, message: DigestMessage, chart: bytes | None, nonce: str
    ) -> int:
        """Send one message to the channel, asking Discord to enforce the nonce; its id.

        Raises ChannelRefused when the channel does not let Mozaik post."""
        ...

    async def report_refused(self, hub: HubSettings, channel_id: int, iso_week: str) -> None:
        """Tell the hub's moderators the week's digest could not be posted in the channel."""
        ...

    async def channel_history(self, channel_id: int, since: datetime) -> list[PostedMessage]:
        """The channel's first messages after `since`, oldest first; none if they cannot be read."""
        ...

    def hub_name(self, guild_id: int) -> str: ...


class ChannelRefused(Exception):
    """The digest channel refused a message: Mozaik may not see it or post there."""
