"""Channels, threads and DMs of the sandbox's Discord, and the messages in them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import IntEnum
from typing import TYPE_CHECKING, Any

from bot.sandbox.clock import iso
from bot.sandbox.components import find as find_component
from bot.sandbox.errors import SandboxError
from bot.sandbox.members import Member, Role, User
from bot.sandbox.mentions import NOBODY, Pings
from bot.sandbox.permissions import Overwrite, PermissionsLike, as_bits

if TYPE_CHECKING:
    from bot.sandbox.guild import Guild
    from bot.sandbox.state import World

EPHEMERAL = 1 << 6
LOADING = 1 << 7
REQUIRE_TAG = 1 << 4
PINNED = 1 << 1  # a forum post pinned to the top of its forum


class ChannelType(IntEnum):
    TEXT = 0
    DM = 1
    CATEGORY = 4
    ANNOUNCEMENT = 5
    PUBLIC_THREAD = 11
    PRIVATE_THREAD = 12
    FORUM = 15


@dataclass(eq=False)
class ForumTag:
    id: int
    name: str
    moderated: bool = False
    emoji_name: str | None = None

    def payload(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "name": self.name,
            "moderated": self.moderated,
            "emoji_id": None,
            "emoji_name": self.emoji_name,
        }


@dataclass(eq=False)
class Attachment:
    id: int
    filename: str
    content_type: str | None
    data: bytes
    url: str
    description: str | None = None

    @property
    def size(self) -> int:
        return len(self.data)

    def payload(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": str(self.id),
            "filename": self.filename,
            "size": self.size,
            "url": self.url,
            "proxy_url": self.url,
        }
        if self.content_type:
            data["content_type"] = self.content_type
        if self.description:
            data["description"] = self.description
        return data


@dataclass(eq=False)
class Message:
    id: int
    channel: Channel
    author: User
    content: str = ""
    embeds: list[dict[str, Any]] = field(default_factory=list)
    components: list[dict[str, Any]] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    flags: int = 0
    type: int = 0
    created_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    edited_at: datetime | None = None
    pings: Pings = NOBODY
    allowed_mentions: Mapping[str, Any] | None = None
    reference: Message | None = None
    interaction: dict[str, Any] | None = None
    """`interaction_metadata` when the message answers an interaction."""
    webhook_id: int | None = None
    thread: Channel | None = None
    deleted: bool = False
    edits: int = 0
    nonce: str | int | None = None
    """What the sender passed as `nonce`, echoed only where Discord echoes it (see payload)."""
    pinned: bool = False

    @property
    def ephemeral(self) -> bool:
        return bool(self.flags & EPHEMERAL)

    @property
    def loading(self) -> bool:
        """A deferred answer still showing "… is thinking"."""
        return bool(self.flags & LOADING)

    @property
    def embed(self) -> dict[str, Any]:
        """The only embed; fails loudly when there is not exactly one."""
        if len(self.embeds) != 1:
            raise SandboxError(f"message has {len(self.embeds)} embeds, not one")
        return self.embeds[0]

    @property
    def text(self) -> str:
        """Everything a reader sees as text: content and every embed's texts, one per line."""
        parts = [self.content]
        for embed in self.embeds:
            parts += [embed.get("title", ""), embed.get("description", "")]
            for embed_field in embed.get("fields", []):
                parts += [embed_field.get("name", ""), embed_field.get("value", "")]
            parts += [
                embed.get("footer", {}).get("text", ""),
                embed.get("author", {}).get("name", ""),
            ]
        return "\n".join(part for part in parts if part)

    def component(self, label_or_custom_id: str) -> dict[str, Any]:
        return find_component(self.components, label_or_custom_id)

    def payload(self, *, with_nonce: bool = False) -> dict[str, Any]:
        """The message as Discord shows it. Discord keeps no nonce with a message: it echoes one
        only in the answer to the Create Message that passed it and in that MESSAGE_CREATE, so a
        message read back (history, fetch, edit) carries none."""
        data: dict[str, Any] = {
            "id": str(self.id),
            "channel_id": str(self.channel.id),
            "type": self.type,
            "content": self.content,
            "author": self.author.payload(),
            "attachments": [attachment.payload() for attachment in self.attachments],
            "embeds": [_embed_response(embed) for embed in self.embeds],
            "components": self.components,
            "mentions": [
                user.payload()
                for user_id in sorted(self.pings.users)
                if (user := self.channel.world.users.get(user_id)) is not None
            ],
            "mention_roles": [str(role_id) for role_id in sorted(self.pings.roles)],
            "mention_everyone": self.pings.everyone,
            "pinned": self.pinned,
            "tts": False,
            "timestamp": iso(self.created_at),
            "edited_timestamp": iso(self.edited_at),
            "flags": self.flags,
        }
        if self.channel.guild is not None:
            data["guild_id"] = str(self.channel.guild.id)
        if self.webhook_id is not None:
            data["webhook_id"] = str(self.webhook_id)
            data["application_id"] = str(self.webhook_id)
        if self.interaction is not None:
            data["interaction_metadata"] = self.interaction
        if self.reference is not None:
            data["message_reference"] = {
                "type": 0,
                "message_id": str(self.reference.id),
                "channel_id": str(self.reference.channel.id),
            }
        if self.thread is not None:
            data["thread"] = self.thread.payload()
        if with_nonce and self.nonce is not None:
            data["nonce"] = self.nonce
        return data

    def __repr__(self) -> str:
        return f"<Message {self.id} in {self.channel.name}: {self.content[:40]!r}>"


def _embed_response(embed: Mapping[str, Any]) -> dict[str, Any]:
    return {"type": "rich", **embed}


@dataclass(eq=False)
class Channel:
    id: int
    world: World
    type: ChannelType
    name: str
    guild: Guild | None = None
    parent: Channel | None = None
    position: int = 0
    topic: str | None = None
    flags: int = 0
    overwrites: dict[tuple[int, int], Overwrite] = field(default_factory=dict)
    available_tags: list[ForumTag] = field(default_factory=list)
    messages: dict[int, Message] = field(default_factory=dict)
    recipient: User | None = None
    # threads
    owner_id: int | None = None
    archived: bool = False
    locked: bool = False
    invitable: bool = True
    auto_archive_duration: int = 4320
    archive_timestamp: datetime | None = None
    created_at: datetime | None = None
    applied_tags: list[int] = field(default_factory=list)
    thread_members: dict[int, datetime] = field(default_factory=dict)
    total_message_sent: int = 0
    sent_with_nonce: dict[tuple[int, str], Message] = field(default_factory=dict)
    """The latest message each (author id, nonce) created here, deleted ones included, for
    `enforce_nonce`."""

    @property
    def is_thread(self) -> bool:
        return self.type in (ChannelType.PUBLIC_THREAD, ChannelType.PRIVATE_THREAD)

    @property
    def mention(self) -> str:
        return f"<#{self.id}>"

    @property
    def is_messageable(self) -> bool:
        return (
            self.type in (ChannelType.TEXT, ChannelType.ANNOUNCEMENT, ChannelType.DM)
            or self.is_thread
        )

    def tag(self, name: str) -> ForumTag:
        for tag in self.available_tags:
            if tag.name == name:
                return tag
        raise SandboxError(f"forum {self.name} has no tag {name!r}")

    def set_permissions(
        self,
        target: Role | Member,
        *,
        allow: PermissionsLike = 0,
        deny: PermissionsLike = 0,
    ) -> None:
        """Set this channel's overwrite for a role or member (the bot's member: `guild.me`)."""
        if self.guild is None:
            raise SandboxError("DM channels have no permission overwrites")
        kind = 0 if isinstance(target, Role) else 1
        self.overwrites[(kind, target.id)] = Overwrite(
            target.id, kind, as_bits(allow), as_bits(deny)
        )
        self.guild.announce("CHANNEL_UPDATE", self.payload())

    def payload(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": str(self.id),
            "type": int(self.type),
            "flags": self.flags,
            "last_message_id": str(next(reversed(self.messages))) if self.messages else None,
        }
        if self.type == ChannelType.DM:
            assert self.recipient is not None
            data["recipients"] = [self.recipient.payload()]
            return data
        assert self.guild is not None
        data |= {
            "guild_id": str(self.guild.id),
            "name": self.name,
            "parent_id": str(self.parent.id) if self.parent is not None else None,
            "rate_limit_per_user": 0,
        }
        if self.is_thread:
            return data | self._thread_fields()
        data |= {
            "position": self.position,
            "permission_overwrites": [o.payload() for o in self.overwrites.values()],
            "nsfw": False,
            "topic": self.topic,
        }
        if self.type == ChannelType.FORUM:
            data |= {
                "available_tags": [tag.payload() for tag in self.available_tags],
                "default_reaction_emoji": None,
                "default_sort_order": None,
                "default_forum_layout": 0,
                "default_thread_rate_limit_per_user": 0,
            }
        return data

    def _thread_fields(self) -> dict[str, Any]:
        metadata: dict[str, Any] = {
            "archived": self.archived,
            "archive_timestamp": iso(self.archive_timestamp or self.created_at),
            "auto_archive_duration": self.auto_archive_duration,
            "locked": self.locked,
            "create_timestamp": iso(self.created_at),
        }
        if self.type == ChannelType.PRIVATE_THREAD:
            metadata["invitable"] = self.invitable
        data: dict[str, Any] = {
            "owner_id": str(self.owner_id),
            "thread_metadata": metadata,
            "message_count": len(self.messages),
            "member_count": len(self.thread_members),
            "total_message_sent": self.total_message_sent,
        }
        if self.parent is not None and self.parent.type == ChannelType.FORUM:
            data["applied_tags"] = [str(tag) for tag in self.applied_tags]
        bot_id = self.world.bot_user.id
        if bot_id in self.thread_members:
            data["member"] = self.thread_member_payload(bot_id)
        return data

    def thread_member_payload(self, user_id: int) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "user_id": str(user_id),
            "join_timestamp": iso(self.thread_members[user_id]),
            "flags": 0,
        }

    def __repr__(self) -> str:
        return f"<Channel #{self.name} {self.type.name} {self.id}>"
