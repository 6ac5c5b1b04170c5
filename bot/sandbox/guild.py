"""A guild of the sandbox's Discord: its roles, members, channels and automod rules."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from bot.sandbox.channels import REQUIRE_TAG, Channel, ChannelType, ForumTag
from bot.sandbox.clock import iso
from bot.sandbox.command_permissions import OverrideTarget
from bot.sandbox.errors import SandboxError
from bot.sandbox.intents import GUILDS_INTENT
from bot.sandbox.members import Member, Role, User
from bot.sandbox.permissions import PermissionsLike, as_bits

if TYPE_CHECKING:
    from bot.sandbox.state import World


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
    command_overrides: dict[str, dict[tuple[OverrideTarget, int], bool]] = field(
        default_factory=dict
    )
    """Per top-level command name, the Integrations overrides (see `command_permissions`)."""

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

    def override_command(
        self, command: str, target: Role | Member | Channel, *, allow: bool | None
    ) -> None:
        """Allow or deny `command` (its top-level name, e.g. "hub") for @everyone (`everyone`), a
        role, a member or a channel, as Server Settings -> Integrations does; None clears it."""
        kind = (
            OverrideTarget.ROLE
            if isinstance(target, Role)
            else OverrideTarget.USER
            if isinstance(target, Member)
            else OverrideTarget.CHANNEL
        )
        overrides = self.command_overrides.setdefault(command, {})
        if allow is None:
            overrides.pop((kind, target.id), None)
        else:
            overrides[(kind, target.id)] = allow

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
