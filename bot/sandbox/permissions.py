"""Discord's permission bits and how a member's permissions in a channel are computed.

The computation follows Discord's documented order: owner, base permissions from @everyone and
the member's roles, Administrator, then the channel's @everyone, role and member overwrites.
Threads take their parent channel's permissions.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import discord

CREATE_INSTANT_INVITE = 1 << 0
ADMINISTRATOR = 1 << 3
MANAGE_CHANNELS = 1 << 4
MANAGE_GUILD = 1 << 5
ADD_REACTIONS = 1 << 6
VIEW_CHANNEL = 1 << 10
SEND_MESSAGES = 1 << 11
MANAGE_MESSAGES = 1 << 13
EMBED_LINKS = 1 << 14
ATTACH_FILES = 1 << 15
READ_MESSAGE_HISTORY = 1 << 16
MENTION_EVERYONE = 1 << 17
USE_EXTERNAL_EMOJIS = 1 << 18
CHANGE_NICKNAME = 1 << 26
MANAGE_ROLES = 1 << 28
USE_APPLICATION_COMMANDS = 1 << 31
MANAGE_THREADS = 1 << 34
CREATE_PUBLIC_THREADS = 1 << 35
CREATE_PRIVATE_THREADS = 1 << 36
SEND_MESSAGES_IN_THREADS = 1 << 38
PIN_MESSAGES = 1 << 51  # split from Manage Messages in 2025

ALL = discord.Permissions.all().value

EVERYONE_DEFAULT = (
    CREATE_INSTANT_INVITE
    | ADD_REACTIONS
    | VIEW_CHANNEL
    | SEND_MESSAGES
    | EMBED_LINKS
    | ATTACH_FILES
    | READ_MESSAGE_HISTORY
    | USE_EXTERNAL_EMOJIS
    | CHANGE_NICKNAME
    | USE_APPLICATION_COMMANDS
    | CREATE_PUBLIC_THREADS
    | CREATE_PRIVATE_THREADS
    | SEND_MESSAGES_IN_THREADS
)
"""What @everyone may do in a new guild."""

BOT_DEFAULT = (
    VIEW_CHANNEL
    | SEND_MESSAGES
    | SEND_MESSAGES_IN_THREADS
    | EMBED_LINKS
    | ATTACH_FILES
    | READ_MESSAGE_HISTORY
    | CREATE_PUBLIC_THREADS
    | CREATE_PRIVATE_THREADS
    | MANAGE_THREADS
    | MANAGE_MESSAGES
    | PIN_MESSAGES
    | ADD_REACTIONS
    | USE_EXTERNAL_EMOJIS
)
"""What the bot's own role grants unless a test says otherwise (what Mozaik's invite asks for)."""

PermissionsLike = int | discord.Permissions


def as_bits(value: PermissionsLike) -> int:
    return value.value if isinstance(value, discord.Permissions) else int(value)


@dataclass
class Overwrite:
    """A channel permission overwrite for a role (type 0) or a member (type 1)."""

    target_id: int
    target_type: int
    allow: int = 0
    deny: int = 0

    def payload(self) -> dict[str, object]:
        return {
            "id": str(self.target_id),
            "type": self.target_type,
            "allow": str(self.allow),
            "deny": str(self.deny),
        }


def base_permissions(*, is_owner: bool, everyone: int, role_permissions: Iterable[int]) -> int:
    if is_owner:
        return ALL
    bits = everyone
    for role_bits in role_permissions:
        bits |= role_bits
    return ALL if bits & ADMINISTRATOR else bits


def apply_overwrites(
    base: int,
    *,
    everyone_id: int,
    role_ids: Iterable[int],
    member_id: int,
    overwrites: Iterable[Overwrite],
) -> int:
    if base & ADMINISTRATOR:
        return ALL
    by_target = {(o.target_type, o.target_id): o for o in overwrites}
    bits = base
    everyone = by_target.get((0, everyone_id))
    if everyone is not None:
        bits = (bits & ~everyone.deny) | everyone.allow
    allow = deny = 0
    for role_id in role_ids:
        role = by_target.get((0, role_id))
        if role is not None:
            allow |= role.allow
            deny |= role.deny
    bits = (bits & ~deny) | allow
    member = by_target.get((1, member_id))
    if member is not None:
        bits = (bits & ~member.deny) | member.allow
    # Without View Channel a member can do nothing in the channel at all.
    return bits if bits & VIEW_CHANNEL else 0


def names(bits: int) -> list[str]:
    """Readable permission names, for error messages in tests."""
    return [name for name, granted in discord.Permissions(bits) if granted]
