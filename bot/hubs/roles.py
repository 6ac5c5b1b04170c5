"""Who may curate a hub: its moderator roles, or anyone who can manage the server."""

from __future__ import annotations

from collections.abc import Iterable

from bot.hubs.model import HubSettings


def is_moderator(hub: HubSettings, role_ids: Iterable[int], can_manage_guild: bool) -> bool:
    return can_manage_guild or not hub.moderator_role_ids.isdisjoint(role_ids)


def is_trusted_poster(hub: HubSettings, role_ids: Iterable[int]) -> bool:
    return not hub.trusted_role_ids.isdisjoint(role_ids)
