"""The rules of /hub setup: what an admin may change, checked before anything is stored."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from babel.numbers import list_currencies
from rapidfuzz import process

from bot.errors import Refusal
from bot.hubs.model import HubSettings
from bot.timezones import TIMEZONE_MAX, is_timezone, timezone_names


def checked_timezone(name: str) -> str:
    name = name.strip()
    if not is_timezone(name):
        raise Refusal("hubs.bad_timezone", timezone=name[:TIMEZONE_MAX])
    return name


def matching_timezones(text: str, limit: int = 25) -> list[str]:
    """Timezone names for autocomplete, closest first; Indonesia's zones when nothing is typed."""
    if not text.strip():
        return ["Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura", "Asia/Singapore", "UTC"]
    typed = text[:TIMEZONE_MAX]
    return [name for name, _, _ in process.extract(typed, timezone_names(), limit=limit)]


# A currency code is three letters; a refusal quotes no more of a longer text than this.
CURRENCY_QUOTED_MAX = 16


def checked_currency(code: str) -> str:
    code = code.strip().upper()
    if code not in list_currencies():
        raise Refusal("hubs.bad_currency", currency=code[:CURRENCY_QUOTED_MAX])
    return code


def with_channels(hub: HubSettings, channels: dict[str, int | None]) -> HubSettings:
    """The hub with the given purposes pointed at new channels; the others stay as they were."""
    changes: dict[str, Any] = {
        f"{purpose}_channel_id": channel_id
        for purpose, channel_id in channels.items()
        if channel_id is not None
    }
    return replace(hub, **changes)


def with_role(hub: HubSettings, role_id: int, purpose: str, add: bool) -> HubSettings:
    field = {"moderator": "moderator_role_ids", "trusted": "trusted_role_ids"}[purpose]
    current: frozenset[int] = getattr(hub, field)
    changes: dict[str, Any] = {field: current | {role_id} if add else current - {role_id}}
    return replace(hub, **changes)
