"""Who is acting: in which hub (a command in a DM is refused), and whether they moderate it.

Asked afresh on every command and click, from the roles Discord sends with the interaction, and
only of a member of the hub's own server: roles from another server, or a click in a DM, make
nobody a moderator here.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import discord

from bot.errors import Refusal
from bot.gigs.curation import Actor
from bot.hubs.model import HubSettings
from bot.hubs.roles import is_moderator, is_trusted_poster
from bot.hubs.trust import check_trusted_enough


def guild_id_of(interaction: discord.Interaction[Any]) -> int:
    """The server the interaction comes from; refused in a DM, where no hub is."""
    if interaction.guild_id is None:
        raise Refusal("core.guild_only")
    return interaction.guild_id


def moderates(user: discord.User | discord.Member, hub: HubSettings) -> bool:
    member = _member_of(user, hub)
    return member is not None and is_moderator(
        hub, (role.id for role in member.roles), member.guild_permissions.manage_guild
    )


def check_moderates(
    user: discord.User | discord.Member, hub: HubSettings, refusal: Refusal
) -> None:
    """Refuse anyone but the hub's moderators, with a refusal that says who may."""
    if not moderates(user, hub):
        raise refusal


def actor_of(interaction: discord.Interaction[Any], hub: HubSettings) -> Actor:
    return Actor(interaction.user.id, is_moderator=moderates(interaction.user, hub))


def is_trusted(interaction: discord.Interaction[Any], hub: HubSettings) -> bool:
    member = _member_of(interaction.user, hub)
    return member is not None and is_trusted_poster(hub, (role.id for role in member.roles))


def check_trust_gates(user: discord.User | discord.Member, hub: HubSettings, now: datetime) -> None:
    """The hub's minimum account age and time in the server, before a gig or request is posted;
    the join time is the one Discord sent with the interaction."""
    member = _member_of(user, hub)
    check_trusted_enough(hub, user.id, None if member is None else member.joined_at, now)


def _member_of(user: discord.User | discord.Member, hub: HubSettings) -> discord.Member | None:
    if isinstance(user, discord.Member) and user.guild.id == hub.guild_id:
        return user
    return None
