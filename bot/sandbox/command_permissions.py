"""Command permission overrides, as a server's admins set them in Server Settings -> Integrations.

An override allows or denies one command (by its top-level name) for @everyone, a role, a member or
a channel. Discord weighs them before the command's default member permissions: a channel denied
hides the command there; then the member's own override decides, else any of their roles' (one
role allowed is enough), else @everyone's; with none of these, the default member permissions
apply as before. Discord does not tell the bot: the interaction carries the member's real
permissions, so a bot that trusts "only admins can see this" is open to whoever an admin let in.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import IntEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.sandbox.channels import Channel
    from bot.sandbox.members import Member


class OverrideTarget(IntEnum):
    """Discord's application command permission types."""

    ROLE = 1
    USER = 2
    CHANNEL = 3


Overrides = Mapping[tuple[OverrideTarget, int], bool]


def override_for(overrides: Overrides, member: Member, channel: Channel) -> bool | None:
    """Whether the overrides let `member` use the command in `channel`; None: they say nothing."""
    home = channel.parent if channel.is_thread and channel.parent is not None else channel
    if overrides.get((OverrideTarget.CHANNEL, home.id)) is False:
        return False
    own = overrides.get((OverrideTarget.USER, member.id))
    if own is not None:
        return own
    everyone_id = member.guild.id
    by_roles = [
        overrides[(OverrideTarget.ROLE, role.id)]
        for role in member.roles
        if role.id != everyone_id and (OverrideTarget.ROLE, role.id) in overrides
    ]
    if by_roles:
        return any(by_roles)
    return overrides.get((OverrideTarget.ROLE, everyone_id))
