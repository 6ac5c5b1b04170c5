"""Where the digest goes on Discord: the hub's digest channel (subscribers' own messages are
letters of the outbox, cogs/digest/_letters.py).

Nonces: discord.py 2.7's `Messageable.send(nonce=...)` puts the nonce in the body together with
`enforce_nonce: true` (discord/http.py, handle_message_parameters), so Discord answers a repeated
nonce from the same bot with the message it already created instead of making a second one.
Discord keeps nonces for a few minutes only, and returns none on a fetched message: after a
longer outage a part is found again in the channel's history (bot.digest.recognition).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

import discord

from bot.app import Mozaik
from bot.digest.compose import DigestMessage, week_of
from bot.digest.outbox import ChannelRefused
from bot.digest.recognition import PostedMessage
from bot.hubs.model import HubSettings
from bot.i18n import t
from cogs._channels import audit
from cogs.digest._render import chart_file, embeds_of

log = logging.getLogger(__name__)

NO_MENTIONS = discord.AllowedMentions.none()
# Reading back what a run that died may have sent: from a little before the run began (Mozaik's
# clock and Discord's differ a little), one page of messages, the oldest first.
CLOCK_SKEW = timedelta(minutes=1)
LOOKBACK = 100


class DiscordOutbox:
    def __init__(self, bot: Mozaik) -> None:
        self._bot = bot

    async def post(
        self, channel_id: int, message: DigestMessage, chart: bytes | None, nonce: str
    ) -> int:
        channel = self._bot.get_partial_messageable(channel_id)
        try:
            sent = await channel.send(
                embeds=embeds_of(message),
                files=discord.utils.MISSING if chart is None else [chart_file(chart)],
                nonce=nonce,
                allowed_mentions=NO_MENTIONS,
            )
        except discord.Forbidden as error:
            raise ChannelRefused(f"{error.code} {error.text}") from error
        return sent.id

    async def report_refused(self, hub: HubSettings, channel_id: int, iso_week: str) -> None:
        week = week_of(iso_week, hub.locale)
        text = t(hub.locale, "digest.audit_channel_refused", week=week, channel=f"<#{channel_id}>")
        await audit(self._bot, hub, text)

    async def channel_history(self, channel_id: int, since: datetime) -> list[PostedMessage]:
        return await self._history(self._bot.get_partial_messageable(channel_id), since)

    async def _history(
        self, where: discord.abc.Messageable, since: datetime
    ) -> list[PostedMessage]:
        assert self._bot.user is not None
        me = self._bot.user.id
        after = discord.Object(discord.utils.time_snowflake(since - CLOCK_SKEW))
        try:
            return [
                PostedMessage(
                    message.id,
                    message.author.id == me,
                    tuple(dict(embed.to_dict()) for embed in message.embeds),
                )
                async for message in where.history(limit=LOOKBACK, after=after)
            ]
        except discord.HTTPException:
            # Without the history only the nonce guards against a second post.
            log.warning("could not read back the digest's messages", exc_info=True)
            return []

    def hub_name(self, guild_id: int) -> str:
        guild = self._bot.get_guild(guild_id)
        return str(guild_id) if guild is None else guild.name
