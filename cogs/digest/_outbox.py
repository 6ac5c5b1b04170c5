"""Where the digest goes on Discord: the hub's digest channel, and subscribers' direct messages.

Nonces: discord.py 2.7's `Messageable.send(nonce=...)` puts the nonce in the body together with
`enforce_nonce: true` (discord/http.py, handle_message_parameters), so Discord answers a repeated
nonce from the same bot with the message it already created instead of making a second one.
Discord keeps nonces for a few minutes only; see bot.digest.publishing for what that means.
"""

from __future__ import annotations

import discord

from bot.app import Mozaik
from bot.digest.compose import DigestMessage
from bot.digest.publishing import DirectMessageFailed
from cogs.digest._render import chart_file, embeds_of

NO_MENTIONS = discord.AllowedMentions.none()


class DiscordOutbox:
    def __init__(self, bot: Mozaik) -> None:
        self._bot = bot

    async def post(
        self, channel_id: int, message: DigestMessage, chart: bytes | None, nonce: str
    ) -> int:
        channel = self._bot.get_partial_messageable(channel_id)
        sent = await channel.send(
            embeds=embeds_of(message),
            files=discord.utils.MISSING if chart is None else [chart_file(chart)],
            nonce=nonce,
            allowed_mentions=NO_MENTIONS,
        )
        return sent.id

    async def send_direct(self, user_id: int, message: DigestMessage, nonce: str) -> int | None:
        try:
            user = self._bot.get_user(user_id) or await self._bot.fetch_user(user_id)
            sent = await user.send(
                embeds=embeds_of(message), nonce=nonce, allowed_mentions=NO_MENTIONS
            )
        except discord.Forbidden:  # 50007: the member does not accept direct messages from us
            return None
        except discord.HTTPException as error:
            raise DirectMessageFailed(f"{error.status} {error.code} {error.text}") from error
        return sent.id

    def hub_name(self, guild_id: int) -> str:
        guild = self._bot.get_guild(guild_id)
        return str(guild_id) if guild is None else guild.name
