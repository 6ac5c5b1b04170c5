"""Pinned messages: `/channels/{id}/messages/pins/{message_id}` (and the older `/pins/` path).

Pinning takes Pin Messages, which Discord split from Manage Messages in 2025, and can be done
only in a channel where the bot reads the history; a channel holds at most MAX_PINS pins. A
pin is announced as CHANNEL_PINS_UPDATE. (Discord also posts a "pinned a message" notice in the
channel; the sandbox does not.)

A forum has no pinned messages but one pinned post: the post's PINNED flag, set by editing the
thread (bot/sandbox/threads.py).
"""

from __future__ import annotations

from bot.sandbox import permissions as perms
from bot.sandbox.channels import Channel, Message
from bot.sandbox.clock import iso
from bot.sandbox.errors import MAX_PINS_REACHED, UNKNOWN_MESSAGE, ApiError
from bot.sandbox.intents import GUILDS_INTENT
from bot.sandbox.messages import ChannelMessages
from bot.sandbox.rest import ApiRequest, ApiResponse, RestApi, serves
from bot.sandbox.state import World

MAX_PINS = 250  # Discord raised it from 50 in 2025
_PATH = "/channels/{channel_id}/messages/pins/{message_id}"
_OLD_PATH = "/channels/{channel_id}/pins/{message_id}"


class Pins:
    def __init__(self, world: World, messages: ChannelMessages, api: RestApi) -> None:
        self.world = world
        self.messages = messages
        api.router.mount(self)

    @serves("PUT", _PATH)
    @serves("PUT", _OLD_PATH)
    async def pin(self, request: ApiRequest) -> ApiResponse:
        channel, message = self._target(request)
        if not message.pinned:
            if sum(m.pinned for m in channel.messages.values()) >= MAX_PINS:
                raise ApiError(MAX_PINS_REACHED)
            message.pinned = True
            self._announce(channel.id, channel.guild.id if channel.guild else None)
        return ApiResponse(204)

    @serves("DELETE", _PATH)
    @serves("DELETE", _OLD_PATH)
    async def unpin(self, request: ApiRequest) -> ApiResponse:
        channel, message = self._target(request)
        if message.pinned:
            message.pinned = False
            self._announce(channel.id, channel.guild.id if channel.guild else None)
        return ApiResponse(204)

    def _target(self, request: ApiRequest) -> tuple[Channel, Message]:
        channel, bits = self.messages.visible_channel(request)
        self.messages.require(bits, perms.PIN_MESSAGES | perms.READ_MESSAGE_HISTORY)
        message = self.messages.message(channel, request)
        if message.deleted:
            raise ApiError(UNKNOWN_MESSAGE)
        return channel, message

    def _announce(self, channel_id: int, guild_id: int | None) -> None:
        payload: dict[str, str | None] = {
            "channel_id": str(channel_id),
            "last_pin_timestamp": iso(self.world.clock.now()),
        }
        if guild_id is not None:
            payload["guild_id"] = str(guild_id)
        self.world.emit("CHANNEL_PINS_UPDATE", payload, intent=GUILDS_INTENT)
