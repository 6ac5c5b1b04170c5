"""Who is on the sandbox's Discord: users, roles, guild members, and a member acting somewhere."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from bot.sandbox import permissions as perms
from bot.sandbox.clock import iso
from bot.sandbox.errors import SandboxError

if TYPE_CHECKING:
    from bot.sandbox.channels import Channel
    from bot.sandbox.guild import Guild


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
