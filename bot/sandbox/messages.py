"""Messages: how they are written, edited and deleted (by the bot, its interaction answers or a
member), who they ping, and the channel-message and DM routes of the REST API.

Enforced nonces (Create Message's `enforce_nonce`): a message sent with `nonce` and
`enforce_nonce: true` is made once. Sent again by the same author in the same channel within
`NONCE_MEMORY` of Discord's clock, Discord answers 200 with the message it made first, and none
is created; if that message was deleted since, it answers 404 Unknown Message rather than make
it again (a safe retry, not a re-send). Webhooks and interaction follow-ups do not enforce nonces.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import Any, Final

from aiohttp import web

from bot.sandbox import components as component_kinds
from bot.sandbox import permissions as perms
from bot.sandbox.channels import EPHEMERAL, LOADING, Attachment, Channel, ChannelType, Message
from bot.sandbox.errors import (
    ARCHIVED_THREAD,
    CANNOT_MESSAGE_USER,
    EDIT_OTHERS_MESSAGE,
    EMPTY_MESSAGE,
    INVALID_FORM_BODY,
    MISSING_ACCESS,
    MISSING_PERMISSIONS,
    NOT_A_TEXT_CHANNEL,
    THREAD_LOCKED,
    UNKNOWN_CHANNEL,
    UNKNOWN_MESSAGE,
    UNKNOWN_USER,
    ApiError,
    field_error,
)
from bot.sandbox.intents import DIRECT_MESSAGES_INTENT, GUILD_MESSAGES_INTENT
from bot.sandbox.members import User
from bot.sandbox.mentions import NOBODY, Pings, compute_pings
from bot.sandbox.rest import ApiRequest, ApiResponse, RestApi, UploadedFile, serves
from bot.sandbox.rules import is_empty_message
from bot.sandbox.state import World

SUPPRESS_EMBEDS = 1 << 2
SUPPRESS_NOTIFICATIONS = 1 << 12
IS_COMPONENTS_V2 = 1 << 15
_EDITABLE_FLAGS = SUPPRESS_EMBEDS | IS_COMPONENTS_V2
SENDABLE_FLAGS = SUPPRESS_EMBEDS | SUPPRESS_NOTIFICATIONS | IS_COMPONENTS_V2
"""What a message sent to a channel may set; only interaction answers can also be ephemeral."""
INTERACTION_FLAGS = SENDABLE_FLAGS | EPHEMERAL
NONCE_MEMORY: Final = timedelta(minutes=3)
"""How long Discord remembers a nonce. Its documentation says "the past few minutes" and names
no number; the sandbox takes the short end of "a few", so a bot that counts on a longer memory
fails here rather than on Discord."""


class MessageWriter:
    """Creates and changes stored messages and announces them on the gateway."""

    def __init__(self, world: World) -> None:
        self.world = world

    def create(
        self,
        channel: Channel,
        author: User,
        body: Mapping[str, Any],
        files: Sequence[UploadedFile] = (),
        *,
        message_type: int = 0,
        webhook_id: int | None = None,
        interaction: dict[str, Any] | None = None,
        extra_flags: int = 0,
        message_id: int | None = None,
        settable_flags: int = SENDABLE_FLAGS,
        nonce: str | int | None = None,
    ) -> Message:
        reference = self._reference(channel, body.get("message_reference"))
        message = Message(
            id=message_id or self.world.ids.next(),
            channel=channel,
            author=author,
            type=19 if reference is not None and message_type == 0 else message_type,
            created_at=self.world.clock.now(),
            webhook_id=webhook_id,
            interaction=interaction,
            reference=reference,
            flags=(int(body.get("flags") or 0) & settable_flags) | extra_flags,
            nonce=nonce,
        )
        self._apply(message, body, files)
        if not message.ephemeral:
            channel.messages[message.id] = message
            channel.total_message_sent += 1
            if nonce is not None:
                channel.sent_with_nonce[(author.id, str(nonce))] = message
            self._announce("MESSAGE_CREATE", message)
        self.world.touch()
        return message

    def edit(
        self, message: Message, body: Mapping[str, Any], files: Sequence[UploadedFile] = ()
    ) -> Message:
        self._apply(message, body, files)
        if "flags" in body:
            # Only these flags can change after sending; ephemerality and the like cannot.
            edited = int(body["flags"] or 0) & _EDITABLE_FLAGS
            message.flags = (message.flags & ~_EDITABLE_FLAGS) | edited
        message.flags &= ~LOADING
        message.edited_at = self.world.clock.now()
        message.edits += 1
        if not message.ephemeral:
            self._announce("MESSAGE_UPDATE", message)
        self.world.touch()
        return message

    def delete(self, message: Message) -> None:
        message.deleted = True
        message.channel.messages.pop(message.id, None)
        if not message.ephemeral:
            payload: dict[str, Any] = {"id": str(message.id), "channel_id": str(message.channel.id)}
            if message.channel.guild is not None:
                payload["guild_id"] = str(message.channel.guild.id)
            self.world.emit("MESSAGE_DELETE", payload, intent=_intent_for(message.channel))
        self.world.touch()

    def _apply(
        self, message: Message, body: Mapping[str, Any], files: Sequence[UploadedFile]
    ) -> None:
        if "content" in body:
            message.content = body["content"] or ""
        if "embeds" in body:
            message.embeds = [dict(embed) for embed in body["embeds"] or []]
        if "components" in body:
            message.components = component_kinds.stored(body["components"] or [])
        if "attachments" in body or files:
            message.attachments = self._attachments(message, body.get("attachments") or [], files)
        if "allowed_mentions" in body:
            message.allowed_mentions = body["allowed_mentions"]
        message.pings = self._pings(message, body)

    def _attachments(
        self,
        message: Message,
        described: Sequence[Mapping[str, Any]],
        files: Sequence[UploadedFile],
    ) -> list[Attachment]:
        kept_ids = {int(item["id"]) for item in described if "id" in item}
        kept = [a for a in message.attachments if a.id in kept_ids]
        descriptions = {str(item.get("id")): item for item in described}
        for upload in sorted(files, key=lambda f: f.index):
            about = descriptions.get(str(upload.index), {})
            filename = about.get("filename") or upload.filename
            attachment_id = self.world.ids.next()
            kept.append(
                Attachment(
                    id=attachment_id,
                    filename=filename,
                    content_type=upload.content_type,
                    data=upload.data,
                    url=self.world.attachment_url(message.channel.id, attachment_id, filename),
                    description=about.get("description"),
                )
            )
        return kept

    def _pings(self, message: Message, body: Mapping[str, Any]) -> Pings:
        if message.ephemeral:
            return NOBODY
        guild = message.channel.guild
        mentionable: list[int] = []
        can_mention_everyone = False
        if guild is not None:
            mentionable = [role.id for role in guild.roles.values() if role.mentionable]
            author = guild.members.get(message.author.id)
            if author is not None:
                can_mention_everyone = bool(
                    author.permissions_in(message.channel) & perms.MENTION_EVERYONE
                )
        replied = message.reference.author.id if message.reference is not None else None
        allowed = body.get("allowed_mentions", message.allowed_mentions)
        return compute_pings(
            message.content,
            allowed,
            mentionable_role_ids=mentionable,
            can_mention_everyone=can_mention_everyone,
            replied_user_id=replied if replied != message.author.id else None,
        )

    def _reference(self, channel: Channel, reference: Any) -> Message | None:
        if not reference:
            return None
        target_channel = channel
        if reference.get("channel_id") is not None:
            target_channel = self.world.channel(int(reference["channel_id"])) or channel
        found = target_channel.messages.get(int(reference.get("message_id") or 0))
        if found is None and reference.get("fail_if_not_exists", True):
            raise ApiError(
                INVALID_FORM_BODY,
                field_error("message_reference", "REPLIES_UNKNOWN_MESSAGE", "Unknown message"),
            )
        return found

    def _announce(self, event: str, message: Message) -> None:
        payload = message.payload(with_nonce=event == "MESSAGE_CREATE")
        guild = message.channel.guild
        if guild is not None and (member := guild.members.get(message.author.id)) is not None:
            payload["member"] = member.payload(with_user=False)
        self.world.emit(event, payload, intent=_intent_for(message.channel))


def _intent_for(channel: Channel) -> int:
    return DIRECT_MESSAGES_INTENT if channel.type == ChannelType.DM else GUILD_MESSAGES_INTENT


class ChannelMessages:
    """`/channels/{id}/messages…`, `/users/@me/channels` and the attachment files."""

    def __init__(self, world: World, writer: MessageWriter, api: RestApi) -> None:
        self.world = world
        self.writer = writer
        self.checks = api.checks
        api.router.mount(self)

    # -- helpers shared with the thread routes -------------------------------------------------

    def channel(self, request: ApiRequest) -> Channel:
        channel = self.world.channel(request.snowflake("channel_id"))
        if channel is None:
            raise ApiError(UNKNOWN_CHANNEL)
        return channel

    def visible_channel(self, request: ApiRequest) -> tuple[Channel, int]:
        """The route's channel and what the bot may do in it (refused if it cannot see it)."""
        channel = self.channel(request)
        return channel, self.bot_permissions(channel)

    def bot_permissions(self, channel: Channel) -> int:
        """What the bot may do in a guild channel; refuses outright when it cannot even see it."""
        if channel.guild is None:
            return perms.ALL
        bits = channel.guild.me.permissions_in(channel)
        if not bits & perms.VIEW_CHANNEL:
            raise ApiError(MISSING_ACCESS)
        if (
            channel.type == ChannelType.PRIVATE_THREAD
            and self.world.bot_user.id not in channel.thread_members
            and not bits & perms.MANAGE_THREADS
        ):
            raise ApiError(MISSING_ACCESS)
        return bits

    def require(self, bits: int, needed: int) -> None:
        if bits & needed != needed:
            raise ApiError(MISSING_PERMISSIONS)

    def check_can_send(self, channel: Channel, files: Sequence[UploadedFile]) -> None:
        if channel.type == ChannelType.DM:
            recipient = channel.recipient
            assert recipient is not None
            shares_guild = any(
                recipient.id in guild.members and guild.members[recipient.id].present
                for guild in self.world.guilds.values()
            )
            if not recipient.accepts_dms or not shares_guild:
                raise ApiError(CANNOT_MESSAGE_USER)
            return
        bits = self.bot_permissions(channel)
        if not channel.is_messageable:
            raise ApiError(NOT_A_TEXT_CHANNEL)
        self.require(
            bits, perms.SEND_MESSAGES_IN_THREADS if channel.is_thread else perms.SEND_MESSAGES
        )
        if files:
            self.require(bits, perms.ATTACH_FILES)
        if channel.is_thread and channel.archived:
            if channel.locked and not bits & perms.MANAGE_THREADS:
                raise ApiError(THREAD_LOCKED)
            # Sending to an archived (unlocked) thread brings it back, as on Discord.
            channel.archived = False
            channel.archive_timestamp = self.world.clock.now()

    def message(self, channel: Channel, request: ApiRequest) -> Message:
        message = channel.messages.get(request.snowflake("message_id"))
        if message is None:
            raise ApiError(UNKNOWN_MESSAGE)
        return message

    def made_with_nonce(self, channel: Channel, author: User, nonce: str | int) -> Message | None:
        """The message `author` created in `channel` with `nonce`, if Discord still remembers it."""
        earlier = channel.sent_with_nonce.get((author.id, str(nonce)))
        if earlier is None or self.world.clock.now() - earlier.created_at >= NONCE_MEMORY:
            return None
        return earlier

    # -- routes --------------------------------------------------------------------------------

    @serves("POST", "/channels/{channel_id}/messages")
    async def create(self, request: ApiRequest) -> ApiResponse:
        channel = self.channel(request)
        body = request.json_object()
        self.checks.message(body)
        self.check_can_send(channel, request.files)
        if is_empty_message(body, has_files=bool(request.files)):
            raise ApiError(EMPTY_MESSAGE)
        author = self.world.bot_user
        nonce = body.get("nonce")
        if nonce is not None and body.get("enforce_nonce"):
            earlier = self.made_with_nonce(channel, author, nonce)
            if earlier is not None and earlier.deleted:
                raise ApiError(UNKNOWN_MESSAGE)
            if earlier is not None:
                return ApiResponse(200, earlier.payload(with_nonce=True))
        message = self.writer.create(channel, author, body, request.files, nonce=nonce)
        return ApiResponse(200, message.payload(with_nonce=True))

    @serves("GET", "/channels/{channel_id}/messages")
    async def history(self, request: ApiRequest) -> ApiResponse:
        channel, bits = self.visible_channel(request)
        self.require(bits, perms.READ_MESSAGE_HISTORY)
        limit = min(max(int(request.query.get("limit", "50")), 1), 100)
        newest_first = sorted(channel.messages.values(), key=lambda m: m.id, reverse=True)
        if "before" in request.query:
            newest_first = [m for m in newest_first if m.id < int(request.query["before"])]
        if "after" in request.query:
            after = int(request.query["after"])
            newest_first = [m for m in newest_first if m.id > after][-limit:]
        return ApiResponse(200, [message.payload() for message in newest_first[:limit]])

    @serves("GET", "/channels/{channel_id}/messages/{message_id}")
    async def fetch(self, request: ApiRequest) -> ApiResponse:
        channel, bits = self.visible_channel(request)
        self.require(bits, perms.READ_MESSAGE_HISTORY)
        return ApiResponse(200, self.message(channel, request).payload())

    @serves("PATCH", "/channels/{channel_id}/messages/{message_id}")
    async def edit(self, request: ApiRequest) -> ApiResponse:
        channel, _ = self.visible_channel(request)
        message = self.message(channel, request)
        body = request.json_object()
        self.checks.message(body)
        if message.author is not self.world.bot_user:
            raise ApiError(EDIT_OTHERS_MESSAGE)
        if channel.is_thread and channel.archived:
            raise ApiError(ARCHIVED_THREAD)
        return ApiResponse(200, self.writer.edit(message, body, request.files).payload())

    @serves("DELETE", "/channels/{channel_id}/messages/{message_id}")
    async def delete(self, request: ApiRequest) -> ApiResponse:
        channel, bits = self.visible_channel(request)
        message = self.message(channel, request)
        if message.author is not self.world.bot_user:
            self.require(bits, perms.MANAGE_MESSAGES)
        self.writer.delete(message)
        return ApiResponse(204)

    @serves("POST", "/users/@me/channels")
    async def open_dm(self, request: ApiRequest) -> ApiResponse:
        body = request.json_object()
        user = self.world.users.get(int(body.get("recipient_id") or 0))
        if user is None:
            raise ApiError(UNKNOWN_USER)
        return ApiResponse(200, self.world.dm_channel(user).payload())


def attachment_route(world: World) -> web.RouteDef:
    """Attachment URLs point back at the sandbox, so a bot can read what it uploaded."""

    async def serve(request: web.Request) -> web.Response:
        channel = world.channel(int(request.match_info["channel_id"]))
        attachment_id = int(request.match_info["attachment_id"])
        for message in channel.messages.values() if channel is not None else ():
            for attachment in message.attachments:
                if attachment.id == attachment_id:
                    return web.Response(
                        body=attachment.data,
                        content_type=attachment.content_type or "application/octet-stream",
                    )
        raise web.HTTPNotFound()

    return web.get("/attachments/{channel_id}/{attachment_id}/{filename}", serve)
