"""What the sandbox's Discord holds: users, guilds with roles, members and channels, and messages.

Everything lives in memory in one `World`. Objects serialise themselves to the JSON Discord sends
(`payload()`), and every change a bot could observe is announced through `World.emit`, which the
gateway turns into dispatched events.
"""

from __future__ import annotations

import asyncio
import secrets
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import IntEnum
from typing import Any

from bot.sandbox import permissions as perms
from bot.sandbox.components import find as find_component
from bot.sandbox.errors import SandboxError
from bot.sandbox.mentions import NOBODY, Pings
from bot.sandbox.permissions import Overwrite, PermissionsLike, as_bits

DISCORD_EPOCH_MS = 1_420_070_400_000

# Gateway intents that gate the events the sandbox dispatches.
GUILDS_INTENT = 1 << 0
GUILD_MESSAGES_INTENT = 1 << 9
DIRECT_MESSAGES_INTENT = 1 << 12
MESSAGE_CONTENT_INTENT = 1 << 15

EPHEMERAL = 1 << 6
LOADING = 1 << 7
REQUIRE_TAG = 1 << 4


def iso(instant: datetime | None) -> str | None:
    return None if instant is None else instant.isoformat()


class SandboxClock:
    """Real time plus an offset a test can push forward, so Discord's deadlines can be tested."""

    def __init__(self) -> None:
        self._offset = 0.0

    def now(self) -> datetime:
        return datetime.now(UTC) + timedelta(seconds=self._offset)

    def monotonic(self) -> float:
        return time.monotonic() + self._offset

    def elapse(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("time only moves forward")
        self._offset += seconds


class Snowflakes:
    """Discord-shaped ids: milliseconds since Discord's epoch, strictly increasing."""

    def __init__(self, clock: SandboxClock) -> None:
        self._clock = clock
        self._last = 0

    def next(self) -> int:
        millis = int(self._clock.now().timestamp() * 1000) - DISCORD_EPOCH_MS
        self._last = max(self._last + 1, millis << 22)
        return self._last


class ChannelType(IntEnum):
    TEXT = 0
    DM = 1
    CATEGORY = 4
    ANNOUNCEMENT = 5
    PUBLIC_THREAD = 11
    PRIVATE_THREAD = 12
    FORUM = 15


@dataclass(eq=False)
class User:
    id: int
    username: str
    bot: bool = False
    locale: str = "en-US"
    accepts_dms: bool = True
    """False when the user closed DMs from server members (sending them a DM gives 50007)."""

    @property
    def name(self) -> str:
        return self.username

    @property
    def mention(self) -> str:
        return f"<@{self.id}>"

    def payload(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": str(self.id),
            "username": self.username,
            "discriminator": "0",
            "global_name": None if self.bot else self.username.title(),
            "avatar": None,
            "public_flags": 0,
            "flags": 0,
            "primary_guild": None,
        }
        if self.bot:
            data["bot"] = True
        return data

    def __repr__(self) -> str:
        return f"<User {self.username} {self.id}>"


@dataclass(eq=False)
class Role:
    id: int
    guild: Guild
    name: str
    permissions: int
    position: int
    mentionable: bool = False
    managed: bool = False
    color: int = 0

    @property
    def mention(self) -> str:
        return f"<@&{self.id}>"

    def payload(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": str(self.id),
            "name": self.name,
            "permissions": str(self.permissions),
            "position": self.position,
            "color": self.color,
            "colors": {
                "primary_color": self.color,
                "secondary_color": None,
                "tertiary_color": None,
            },
            "hoist": False,
            "managed": self.managed,
            "mentionable": self.mentionable,
            "icon": None,
            "unicode_emoji": None,
            "flags": 0,
        }
        if self.managed:
            data["tags"] = {"bot_id": str(self.guild.world.bot_user.id)}
        return data

    def __repr__(self) -> str:
        return f"<Role {self.name} {self.id}>"


@dataclass(eq=False)
class Member:
    user: User
    guild: Guild
    roles: list[Role]
    joined_at: datetime
    nick: str | None = None
    present: bool = True
    """False once the member left the guild (fetching them gives 404 Unknown Member)."""

    @property
    def id(self) -> int:
        return self.user.id

    @property
    def name(self) -> str:
        return self.user.username

    @property
    def mention(self) -> str:
        return self.user.mention

    @property
    def locale(self) -> str:
        return self.user.locale

    @property
    def is_owner(self) -> bool:
        return self.guild.owner_id == self.id

    def at(self, channel: Channel) -> Actor:
        """This member acting in `channel` (slash commands are issued from a channel)."""
        if channel.guild is not self.guild:
            raise SandboxError(f"{channel.name} is not in {self.guild.name}")
        return Actor(self, channel)

    def permissions_in(self, channel: Channel | None = None) -> int:
        base = perms.base_permissions(
            is_owner=self.is_owner,
            everyone=self.guild.everyone.permissions,
            role_permissions=(role.permissions for role in self.roles),
        )
        if channel is None:
            return base
        home = channel.parent if channel.is_thread and channel.parent is not None else channel
        return perms.apply_overwrites(
            base,
            everyone_id=self.guild.id,
            role_ids=[role.id for role in self.roles],
            member_id=self.id,
            overwrites=home.overwrites.values(),
        )

    def payload(self, *, with_user: bool = True) -> dict[str, Any]:
        data: dict[str, Any] = {
            "roles": [str(role.id) for role in self.roles],
            "nick": self.nick,
            "avatar": None,
            "banner": None,
            "joined_at": iso(self.joined_at),
            "premium_since": None,
            "communication_disabled_until": None,
            "pending": False,
            "flags": 0,
            "deaf": False,
            "mute": False,
        }
        if with_user:
            data["user"] = self.user.payload()
        return data

    def __repr__(self) -> str:
        return f"<Member {self.name} of {self.guild.name}>"


@dataclass(frozen=True)
class Actor:
    """Someone doing something somewhere: a member in a guild channel, or a user in their DM."""

    who: Member | User
    channel: Channel

    @property
    def user(self) -> User:
        return self.who.user if isinstance(self.who, Member) else self.who


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
    """What the sender passed as `nonce`, echoed in the message as Discord does."""

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

    def payload(self) -> dict[str, Any]:
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
            "pinned": False,
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
        if self.nonce is not None:
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


@dataclass(eq=False)
class Guild:
    id: int
    world: World
    name: str
    locale: str
    owner_id: int = 0
    roles: dict[int, Role] = field(default_factory=dict)
    members: dict[int, Member] = field(default_factory=dict)
    channels: dict[int, Channel] = field(default_factory=dict)
    automod_rules: list[dict[str, Any]] = field(default_factory=list)

    def announce(self, event: str, payload: dict[str, Any]) -> None:
        """Tell connected bots about a change, once the guild itself has been announced."""
        if self.id in self.world.guilds:
            self.world.emit(event, payload, intent=GUILDS_INTENT)

    @property
    def everyone(self) -> Role:
        return self.roles[self.id]

    @property
    def me(self) -> Member:
        """The bot's own member in this guild."""
        return self.members[self.world.bot_user.id]

    @property
    def owner(self) -> Member:
        return self.members[self.owner_id]

    @property
    def bot_role(self) -> Role:
        return next(role for role in self.roles.values() if role.managed)

    @property
    def text_channels(self) -> list[Channel]:
        return [c for c in self.channels.values() if c.type == ChannelType.TEXT]

    def channel(self, name: str) -> Channel:
        for channel in self.channels.values():
            if channel.name == name:
                return channel
        raise SandboxError(f"{self.name} has no channel {name!r}")

    def role(self, name: str) -> Role:
        for role in self.roles.values():
            if role.name == name:
                return role
        raise SandboxError(f"{self.name} has no role {name!r}")

    def member(self, name: str) -> Member:
        for member in self.members.values():
            if member.name == name:
                return member
        raise SandboxError(f"{self.name} has no member {name!r}")

    def add_role(
        self,
        name: str,
        *,
        permissions: PermissionsLike = 0,
        mentionable: bool = False,
        color: int = 0,
    ) -> Role:
        role = Role(
            id=self.world.ids.next(),
            guild=self,
            name=name,
            permissions=as_bits(permissions),
            position=len(self.roles),
            mentionable=mentionable,
            color=color,
        )
        self.roles[role.id] = role
        self.announce("GUILD_ROLE_CREATE", {"guild_id": str(self.id), "role": role.payload()})
        return role

    def set_role_permissions(self, role: Role, permissions: PermissionsLike) -> None:
        role.permissions = as_bits(permissions)
        self.announce("GUILD_ROLE_UPDATE", {"guild_id": str(self.id), "role": role.payload()})

    def set_bot_permissions(self, permissions: PermissionsLike) -> None:
        """What the bot's own role grants across the guild."""
        self.set_role_permissions(self.bot_role, permissions)

    def add_member(
        self,
        who: str | User | Member,
        *,
        roles: Iterable[Role | str] = (),
        permissions: PermissionsLike | None = None,
        locale: str | None = None,
        nick: str | None = None,
        accepts_dms: bool = True,
    ) -> Member:
        """A member joins. `permissions` gives them a role of their own with those permissions."""
        if isinstance(who, str):
            user = self.world.add_user(who, locale=locale or "en-US", accepts_dms=accepts_dms)
        else:
            user = who.user if isinstance(who, Member) else who
            if locale is not None:
                user.locale = locale
        member_roles = [self.role(role) if isinstance(role, str) else role for role in roles]
        if permissions is not None:
            member_roles.append(
                self.add_role(f"{user.username} permissions", permissions=permissions)
            )
        member = Member(
            user=user, guild=self, roles=member_roles, joined_at=self.world.clock.now(), nick=nick
        )
        self.members[user.id] = member
        return member

    def remove_member(self, member: Member) -> None:
        """The member leaves; they keep their messages, but Discord no longer knows them here."""
        member.present = False

    def add_channel(
        self,
        name: str,
        *,
        forum: bool = False,
        tags: Iterable[str] = (),
        moderated_tags: Iterable[str] = (),
        require_tag: bool = False,
        topic: str | None = None,
    ) -> Channel:
        """A text channel, or a forum channel with `tags` (and `moderated_tags`, which only
        moderators may apply)."""
        channel = Channel(
            id=self.world.ids.next(),
            world=self.world,
            type=ChannelType.FORUM if forum else ChannelType.TEXT,
            name=name,
            guild=self,
            position=len(self.channels),
            topic=topic,
            flags=REQUIRE_TAG if require_tag else 0,
        )
        for tag_name in tags:
            channel.available_tags.append(ForumTag(self.world.ids.next(), tag_name))
        for tag_name in moderated_tags:
            channel.available_tags.append(ForumTag(self.world.ids.next(), tag_name, moderated=True))
        self.channels[channel.id] = channel
        self.world.channels[channel.id] = channel
        self.announce("CHANNEL_CREATE", channel.payload())
        return channel

    def add_automod_rule(self, name: str, keywords: Sequence[str]) -> dict[str, Any]:
        """A keyword rule that blocks messages, as `GET auto-moderation/rules` lists it."""
        rule = {
            "id": str(self.world.ids.next()),
            "guild_id": str(self.id),
            "creator_id": str(self.owner_id),
            "name": name,
            "event_type": 1,
            "trigger_type": 1,
            "trigger_metadata": {
                "keyword_filter": list(keywords),
                "regex_patterns": [],
                "allow_list": [],
            },
            "actions": [{"type": 1, "metadata": {}}],
            "enabled": True,
            "exempt_roles": [],
            "exempt_channels": [],
        }
        self.automod_rules.append(rule)
        return rule

    @property
    def threads(self) -> list[Channel]:
        return [
            thread
            for thread in self.world.channels.values()
            if thread.is_thread and thread.guild is self
        ]

    def payload(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "name": self.name,
            "icon": None,
            "description": None,
            "home_header": None,
            "splash": None,
            "discovery_splash": None,
            "features": [],
            "banner": None,
            "owner_id": str(self.owner_id),
            "application_id": None,
            "region": "deprecated",
            "afk_channel_id": None,
            "afk_timeout": 300,
            "system_channel_id": None,
            "system_channel_flags": 0,
            "widget_enabled": False,
            "widget_channel_id": None,
            "verification_level": 0,
            "roles": [role.payload() for role in self.roles.values()],
            "default_message_notifications": 1,
            "mfa_level": 0,
            "explicit_content_filter": 0,
            "max_presences": None,
            "max_members": 500000,
            "max_stage_video_channel_users": 50,
            "max_video_channel_users": 25,
            "vanity_url_code": None,
            "premium_tier": 0,
            "premium_subscription_count": 0,
            "preferred_locale": self.locale,
            "rules_channel_id": None,
            "safety_alerts_channel_id": None,
            "public_updates_channel_id": None,
            "premium_progress_bar_enabled": False,
            "nsfw": False,
            "nsfw_level": 0,
            "emojis": [],
            "stickers": [],
            "incidents_data": None,
        }

    def create_payload(self) -> dict[str, Any]:
        """GUILD_CREATE as a bot without privileged intents receives it: only its own member."""
        me = self.me
        return self.payload() | {
            "unavailable": False,
            "joined_at": iso(me.joined_at),
            "large": False,
            "member_count": sum(1 for member in self.members.values() if member.present),
            "members": [me.payload()],
            "channels": [channel.payload() for channel in self.channels.values()],
            "threads": [thread.payload() for thread in self.threads if not thread.archived],
            "presences": [],
            "voice_states": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "soundboard_sounds": [],
        }

    def __repr__(self) -> str:
        return f"<Guild {self.name} {self.id}>"


EventSink = Callable[[str, dict[str, Any], int], None]


class World:
    """The whole of the sandbox's Discord: every user, guild, channel and message."""

    def __init__(self, *, bot_name: str = "Mozaik") -> None:
        self.clock = SandboxClock()
        self.ids = Snowflakes(self.clock)
        self.token = f"sandbox.{secrets.token_urlsafe(24)}"
        self.users: dict[int, User] = {}
        self.guilds: dict[int, Guild] = {}
        self.channels: dict[int, Channel] = {}
        self.dm_channels: dict[int, Channel] = {}
        self.application_id = self.ids.next()
        self.bot_user = User(id=self.application_id, username=bot_name, bot=True)
        self.users[self.bot_user.id] = self.bot_user
        self.developer = User(id=self.ids.next(), username="developer")
        """Who owns the application, as `oauth2/applications/@me` reports it."""
        self.attachment_base = ""
        self._sinks: list[EventSink] = []
        self._changed = asyncio.Event()

    # -- events -------------------------------------------------------------------------------

    def subscribe(self, sink: EventSink) -> None:
        self._sinks.append(sink)

    def emit(self, event: str, payload: dict[str, Any], *, intent: int | None) -> None:
        """Announce a change: dispatched to connected bots holding `intent` (None: to all)."""
        for sink in self._sinks:
            sink(event, payload, intent or 0)
        self.touch()

    def touch(self) -> None:
        """Wake everyone waiting for the state to change."""
        self._changed.set()
        self._changed = asyncio.Event()

    async def wait_until(self, predicate: Callable[[], bool], within: float) -> None:
        """Return once `predicate()` holds: re-checked on every change, and every 0.1 s for
        conditions that depend on the passing of time."""
        deadline = asyncio.get_running_loop().time() + within
        while not predicate():
            remaining = deadline - asyncio.get_running_loop().time()
            if remaining <= 0:
                raise TimeoutError(f"condition not met within {within} s")
            changed = self._changed
            try:
                await asyncio.wait_for(changed.wait(), min(remaining, 0.1))
            except TimeoutError:
                continue

    # -- building the world -------------------------------------------------------------------

    def add_user(self, username: str, *, locale: str = "en-US", accepts_dms: bool = True) -> User:
        user = User(id=self.ids.next(), username=username, locale=locale, accepts_dms=accepts_dms)
        self.users[user.id] = user
        return user

    def add_guild(
        self,
        name: str,
        *,
        channels: Iterable[str] = ("general",),
        forums: Mapping[str, Sequence[str]] | None = None,
        roles: Iterable[str] | Mapping[str, PermissionsLike] = (),
        owner: str = "owner",
        locale: str = "en-US",
        bot_permissions: PermissionsLike = perms.BOT_DEFAULT,
        everyone_permissions: PermissionsLike = perms.EVERYONE_DEFAULT,
    ) -> Guild:
        guild = Guild(id=self.ids.next(), world=self, name=name, locale=locale)
        guild.roles[guild.id] = Role(
            id=guild.id,
            guild=guild,
            name="@everyone",
            permissions=as_bits(everyone_permissions),
            position=0,
        )
        bot_role = Role(
            id=self.ids.next(),
            guild=guild,
            name=self.bot_user.username,
            permissions=as_bits(bot_permissions),
            position=1,
            managed=True,
        )
        guild.roles[bot_role.id] = bot_role
        role_permissions = roles if isinstance(roles, Mapping) else dict.fromkeys(roles, 0)
        for role_name, role_bits in role_permissions.items():
            guild.add_role(role_name, permissions=role_bits)
        owner_member = guild.add_member(owner)
        guild.owner_id = owner_member.id
        guild.members[self.bot_user.id] = Member(
            user=self.bot_user, guild=guild, roles=[bot_role], joined_at=self.clock.now()
        )
        for channel_name in channels:
            guild.add_channel(channel_name)
        for forum_name, tags in (forums or {}).items():
            guild.add_channel(forum_name, forum=True, tags=tags)
        self.guilds[guild.id] = guild
        self.emit("GUILD_CREATE", guild.create_payload(), intent=GUILDS_INTENT)
        return guild

    def channel(self, channel_id: int) -> Channel | None:
        return self.channels.get(channel_id) or self.dm_channels.get(channel_id)

    def dm_channel(self, user: User) -> Channel:
        """The bot's DM channel with `user`, opened on first use as Discord does."""
        for channel in self.dm_channels.values():
            if channel.recipient is user:
                return channel
        channel = Channel(
            id=self.ids.next(),
            world=self,
            type=ChannelType.DM,
            name=f"dm-{user.username}",
            recipient=user,
        )
        self.dm_channels[channel.id] = channel
        return channel

    def attachment_url(self, channel_id: int, attachment_id: int, filename: str) -> str:
        return f"{self.attachment_base}/attachments/{channel_id}/{attachment_id}/{filename}"
