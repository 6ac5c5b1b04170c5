"""What the sandbox's Discord holds: users, guilds with roles, members and channels, and messages.

Everything lives in memory in one `World` (its objects: `bot.sandbox.members`, `.channels`,
`.guild`). Objects serialise themselves to the JSON Discord sends (`payload()`), and every change a
bot could observe is announced through `World.emit`, which the gateway turns into dispatched
events.
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from bot.sandbox import permissions as perms
from bot.sandbox.channels import Channel, ChannelType
from bot.sandbox.clock import LoopLag, SandboxClock, Snowflakes
from bot.sandbox.guild import Guild
from bot.sandbox.intents import GUILDS_INTENT
from bot.sandbox.members import Member, Role, User
from bot.sandbox.permissions import PermissionsLike, as_bits

EventSink = Callable[[str, dict[str, Any], int], None]


class World:
    """The whole of the sandbox's Discord: every user, guild, channel and message."""

    def __init__(self, *, bot_name: str = "Mozaik") -> None:
        self.clock = SandboxClock()
        self.ids = Snowflakes(self.clock)
        self.lag = LoopLag()
        self.bots_in_loop = 0  # clients run by `Sandbox.connect`: on the sandbox's event loop
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
        shard: tuple[int, int] | None = None,
    ) -> Guild:
        """A guild; `shard=(id, count)` chooses its id so that Discord's rule puts it on that
        shard when the bot runs with `count` shards."""
        guild_id = self.ids.next() if shard is None else self.ids.next_on_shard(*shard)
        guild = Guild(id=guild_id, world=self, name=name, locale=locale)
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
