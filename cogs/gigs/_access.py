"""Who is acting: a member, the gig's poster, or a moderator of the gig's hub.

Asked afresh on every command and click, from the roles Discord sends with the interaction.
"""

from __future__ import annotations

from typing import Any

import discord

from bot.gigs.curation import Actor
from bot.hubs.model import HubSettings
from bot.hubs.roles import is_moderator, is_trusted_poster


def actor_of(interaction: discord.Interaction[Any], hub: HubSettings) -> Actor:
    user = interaction.user
    if isinstance(user, discord.Member) and user.guild.id == hub.guild_id:
        moderator = is_moderator(
            hub, (role.id for role in user.roles), user.guild_permissions.manage_guild
        )
        return Actor(user.id, is_moderator=moderator)
    return Actor(user.id)


def is_trusted(interaction: discord.Interaction[Any], hub: HubSettings) -> bool:
    user = interaction.user
    return isinstance(user, discord.Member) and is_trusted_poster(
        hub, (role.id for role in user.roles)
    )
