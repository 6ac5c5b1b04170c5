"""Threads and forum posts: starting them (from a message, without one, in a forum), editing them
(archive, lock, tags), their members, listing archived ones, and reading, editing or deleting a
channel."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.sandbox import permissions as perms
from bot.sandbox.channels import PINNED, REQUIRE_TAG, Channel, ChannelType
from bot.sandbox.clock import iso
from bot.sandbox.errors import (
    ARCHIVED_THREAD,
    EMPTY_MESSAGE,
    INVALID_FORM_BODY,
    MAX_PINNED_POSTS,
    MISSING_PERMISSIONS,
    NOT_A_TEXT_CHANNEL,
    TAG_REQUIRED,
    THREAD_ALREADY_CREATED,
    UNKNOWN_MEMBER,
    ApiError,
    field_error,
)
from bot.sandbox.intents import GUILDS_INTENT
from bot.sandbox.messages import ChannelMessages
from bot.sandbox.rest import ApiRequest, ApiResponse, RestApi, serves
from bot.sandbox.rules import is_empty_message
from bot.sandbox.state import World

MAX_APPLIED_TAGS = 5


class Threads:
    def __init__(self, world: World, messages: ChannelMessages, api: RestApi) -> None:
        self.world = world
        self.messages = messages  # whose look-ups, writer and checks the thread routes share
        api.router.mount(self)

    def new_thread(
        self,
        parent: Channel,
        body: Mapping[str, Any],
        *,
        kind: ChannelType,
        thread_id: int | None = None,
    ) -> Channel:
        assert parent.guild is not None
        now = self.world.clock.now()
        thread = Channel(
            id=thread_id or self.world.ids.next(),
            world=self.world,
            type=kind,
            name=body["name"],
            guild=parent.guild,
            parent=parent,
            owner_id=self.world.bot_user.id,
            auto_archive_duration=int(body.get("auto_archive_duration") or 4320),
            invitable=bool(body.get("invitable", True)),
            created_at=now,
            archive_timestamp=now,
        )
        thread.thread_members[self.world.bot_user.id] = now
        self.world.channels[thread.id] = thread
        return thread

    def announce(self, event: str, thread: Channel, **extra: Any) -> None:
        self.world.emit(event, thread.payload() | extra, intent=GUILDS_INTENT)

    @serves("POST", "/channels/{channel_id}/messages/{message_id}/threads")
    async def start_from_message(self, request: ApiRequest) -> ApiResponse:
        channel, bits = self.messages.visible_channel(request)
        if channel.type not in (ChannelType.TEXT, ChannelType.ANNOUNCEMENT):
            raise ApiError(NOT_A_TEXT_CHANNEL)
        self.messages.require(bits, perms.CREATE_PUBLIC_THREADS)
        message = self.messages.message(channel, request)
        if message.thread is not None:
            raise ApiError(THREAD_ALREADY_CREATED)
        body = request.json_object()
        # A thread started from a message shares the message's id, as on Discord.
        thread = self.new_thread(
            channel, body, kind=ChannelType.PUBLIC_THREAD, thread_id=message.id
        )
        message.thread = thread
        self.announce("THREAD_CREATE", thread, newly_created=True)
        return ApiResponse(201, thread.payload())

    @serves("POST", "/channels/{channel_id}/threads")
    async def start(self, request: ApiRequest) -> ApiResponse:
        channel, bits = self.messages.visible_channel(request)
        body = request.json_object()
        if channel.type == ChannelType.FORUM:
            return self._forum_post(channel, bits, body, request)
        if channel.type not in (ChannelType.TEXT, ChannelType.ANNOUNCEMENT):
            raise ApiError(NOT_A_TEXT_CHANNEL)
        kind = ChannelType(int(body.get("type") or ChannelType.PRIVATE_THREAD))
        needed = (
            perms.CREATE_PRIVATE_THREADS
            if kind == ChannelType.PRIVATE_THREAD
            else perms.CREATE_PUBLIC_THREADS
        )
        self.messages.require(bits, needed)
        thread = self.new_thread(channel, body, kind=kind)
        self.announce("THREAD_CREATE", thread, newly_created=True)
        return ApiResponse(201, thread.payload())

    def _forum_post(
        self, forum: Channel, bits: int, body: dict[str, Any], request: ApiRequest
    ) -> ApiResponse:
        self.messages.require(bits, perms.SEND_MESSAGES)
        starter = body.get("message") or {}
        self.messages.checks.message(starter, at="message")
        if is_empty_message(starter, has_files=bool(request.files)):
            raise ApiError(EMPTY_MESSAGE)
        if request.files:
            self.messages.require(bits, perms.ATTACH_FILES)
        tags = self._checked_tags(forum, body.get("applied_tags") or [], bits)
        if not tags and forum.flags & REQUIRE_TAG:
            raise ApiError(TAG_REQUIRED)
        thread = self.new_thread(forum, body, kind=ChannelType.PUBLIC_THREAD)
        thread.applied_tags = tags
        self.announce("THREAD_CREATE", thread, newly_created=True)
        message = self.messages.writer.create(
            thread, self.world.bot_user, starter, request.files, message_id=thread.id
        )
        return ApiResponse(201, thread.payload() | {"message": message.payload()})

    def _checked_tags(self, forum: Channel, requested: list[Any], bits: int) -> list[int]:
        known = {tag.id: tag for tag in forum.available_tags}
        tags = [int(tag) for tag in requested]
        if len(tags) > MAX_APPLIED_TAGS:
            raise ApiError(
                INVALID_FORM_BODY,
                field_error(
                    "applied_tags",
                    "BASE_TYPE_MAX_LENGTH",
                    f"Must be {MAX_APPLIED_TAGS} or fewer in length.",
                ),
            )
        for index, tag_id in enumerate(tags):
            if tag_id not in known:
                raise ApiError(
                    INVALID_FORM_BODY,
                    field_error(
                        f"applied_tags.{index}", "CHANNEL_TAG_INVALID", "Tag is not available"
                    ),
                )
            if known[tag_id].moderated and not bits & perms.MANAGE_THREADS:
                raise ApiError(MISSING_PERMISSIONS)
        return tags

    @serves("GET", "/channels/{channel_id}")
    async def fetch_channel(self, request: ApiRequest) -> ApiResponse:
        channel, _ = self.messages.visible_channel(request)
        return ApiResponse(200, channel.payload())

    @serves("PATCH", "/channels/{channel_id}")
    async def edit_channel(self, request: ApiRequest) -> ApiResponse:
        channel, bits = self.messages.visible_channel(request)
        body = request.json_object()
        if not channel.is_thread:
            self.messages.require(bits, perms.MANAGE_CHANNELS)
            channel.name = body.get("name") or channel.name
            if "topic" in body:
                channel.topic = body["topic"]
            self.world.emit("CHANNEL_UPDATE", channel.payload(), intent=GUILDS_INTENT)
            return ApiResponse(200, channel.payload())
        self._edit_thread(channel, bits, body)
        self.announce("THREAD_UPDATE", channel)
        return ApiResponse(200, channel.payload())

    def _edit_thread(self, thread: Channel, bits: int, body: dict[str, Any]) -> None:
        unarchiving = body.get("archived") is False
        if thread.archived and not unarchiving:
            raise ApiError(ARCHIVED_THREAD)
        moderates = bool(bits & perms.MANAGE_THREADS)
        owns = thread.owner_id == self.world.bot_user.id
        if "locked" in body and bool(body["locked"]) != thread.locked and not moderates:
            raise ApiError(MISSING_PERMISSIONS)
        if unarchiving and thread.locked and not moderates:
            raise ApiError(MISSING_PERMISSIONS)
        changes_more_than_unarchiving = set(body) - {"archived"}
        if changes_more_than_unarchiving and not (owns or moderates):
            raise ApiError(MISSING_PERMISSIONS)
        if "applied_tags" in body:
            if thread.parent is None or thread.parent.type != ChannelType.FORUM:
                raise ApiError(
                    INVALID_FORM_BODY,
                    field_error(
                        "applied_tags", "CHANNEL_TAG_INVALID", "Only forum posts have tags"
                    ),
                )
            thread.applied_tags = self._checked_tags(
                thread.parent, body["applied_tags"] or [], bits
            )
        if body.get("name"):
            thread.name = body["name"]
        if "locked" in body:
            thread.locked = bool(body["locked"])
        if "archived" in body and bool(body["archived"]) != thread.archived:
            thread.archived = bool(body["archived"])
            thread.archive_timestamp = self.world.clock.now()
        if "auto_archive_duration" in body:
            thread.auto_archive_duration = int(body["auto_archive_duration"])
        if "flags" in body:
            self._pin_post(thread, bool(int(body["flags"] or 0) & PINNED), moderates)

    def _pin_post(self, thread: Channel, pinned: bool, moderates: bool) -> None:
        """A forum's one pinned post, which only a member who manages its posts may choose."""
        forum = thread.parent
        if forum is None or forum.type != ChannelType.FORUM:
            if pinned:
                raise ApiError(
                    INVALID_FORM_BODY,
                    field_error("flags", "CHANNEL_FLAGS_INVALID", "Only forum posts are pinned"),
                )
            return
        if pinned != bool(thread.flags & PINNED) and not moderates:
            raise ApiError(MISSING_PERMISSIONS)
        others = [c for c in self.world.channels.values() if c.parent is forum and c is not thread]
        if pinned and any(other.flags & PINNED for other in others):
            raise ApiError(MAX_PINNED_POSTS)
        thread.flags = thread.flags | PINNED if pinned else thread.flags & ~PINNED

    @serves("PUT", "/channels/{channel_id}/thread-members/{user_id}")
    async def add_member(self, request: ApiRequest) -> ApiResponse:
        thread, bits = self.messages.visible_channel(request)
        if not thread.is_thread:
            raise ApiError(
                INVALID_FORM_BODY, field_error("channel_id", "CHANNEL_TYPE_INVALID", "Not a thread")
            )
        if thread.archived:
            raise ApiError(ARCHIVED_THREAD)
        assert thread.guild is not None
        user_id = self._user_id(request)
        member = thread.guild.members.get(user_id)
        if member is None or not member.present:
            raise ApiError(UNKNOWN_MEMBER)
        adds_someone_else = user_id != self.world.bot_user.id
        if thread.type == ChannelType.PRIVATE_THREAD and adds_someone_else:
            owns = thread.owner_id == self.world.bot_user.id
            if not (owns or thread.invitable or bits & perms.MANAGE_THREADS):
                raise ApiError(MISSING_PERMISSIONS)
        self.messages.require(bits, perms.SEND_MESSAGES_IN_THREADS)
        thread.thread_members.setdefault(user_id, self.world.clock.now())
        self.world.touch()
        return ApiResponse(204)

    @serves("DELETE", "/channels/{channel_id}/thread-members/{user_id}")
    async def remove_member(self, request: ApiRequest) -> ApiResponse:
        thread, bits = self.messages.visible_channel(request)
        user_id = self._user_id(request)
        if user_id != self.world.bot_user.id:
            self.messages.require(bits, perms.MANAGE_THREADS)
        thread.thread_members.pop(user_id, None)
        self.world.touch()
        return ApiResponse(204)

    def _user_id(self, request: ApiRequest) -> int:
        if request.params["user_id"] == "@me":
            return self.world.bot_user.id
        return request.snowflake("user_id")

    @serves("DELETE", "/channels/{channel_id}")
    async def delete_channel(self, request: ApiRequest) -> ApiResponse:
        channel, bits = self.messages.visible_channel(request)
        owns = channel.owner_id == self.world.bot_user.id
        if channel.is_thread:
            if not owns:
                self.messages.require(bits, perms.MANAGE_THREADS)
        else:
            self.messages.require(bits, perms.MANAGE_CHANNELS)
        assert channel.guild is not None
        payload = channel.payload()
        self.world.channels.pop(channel.id, None)
        channel.guild.channels.pop(channel.id, None)
        if channel.parent is not None and (starter := channel.parent.messages.get(channel.id)):
            starter.thread = None
        event = "THREAD_DELETE" if channel.is_thread else "CHANNEL_DELETE"
        self.world.emit(event, payload, intent=GUILDS_INTENT)
        return ApiResponse(200, payload)

    @serves("POST", "/channels/{channel_id}/typing")
    async def typing(self, request: ApiRequest) -> ApiResponse:
        channel = self.messages.channel(request)
        self.messages.check_can_send(channel, ())
        return ApiResponse(204)

    @serves("GET", "/channels/{channel_id}/threads/archived/public")
    async def archived_threads(self, request: ApiRequest) -> ApiResponse:
        parent, bits = self.messages.visible_channel(request)
        self.messages.require(bits, perms.READ_MESSAGE_HISTORY)
        me = self.world.bot_user.id
        threads = [
            thread
            for thread in self.world.channels.values()
            if thread.parent is parent
            and thread.archived
            and thread.type == ChannelType.PUBLIC_THREAD
        ]
        threads.sort(key=lambda thread: iso(thread.archive_timestamp) or "", reverse=True)
        members = [t.thread_member_payload(me) for t in threads if me in t.thread_members]
        return ApiResponse(
            200,
            {"threads": [t.payload() for t in threads], "members": members, "has_more": False},
        )
