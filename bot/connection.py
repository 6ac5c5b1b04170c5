"""Interactions as they reach discord.py's handlers: their text cleaned, and one that breaks the
shape Discord promises logged and dropped rather than answered or taking the gateway connection
down with it."""

from __future__ import annotations

import logging
from typing import Any

from discord.state import AutoShardedConnectionState, ConnectionState

from bot.typed_text import cleaned_payload

log = logging.getLogger(__name__)

PING, COMMAND, COMPONENT, AUTOCOMPLETE, MODAL_SUBMIT = 1, 2, 3, 4, 5
COMPONENT_TYPES = range(2, 9)  # button and the select menus
CUSTOM_ID_MAX = 100
COMPONENTS_MAX = 40  # in one message, rows and what they hold counted alike


class MozaikConnectionState(ConnectionState[Any]):
    def parse_interaction_create(self, data: Any) -> None:
        reason = malformed(data)
        if reason is not None:
            log.warning("ignored a malformed interaction %r: %s", _id_of(data), reason)
            return
        data["data"] = cleaned_payload(data["data"])
        try:
            super().parse_interaction_create(data)
        except Exception:
            # What slips past the checks above would otherwise end the connection for everyone.
            log.warning("ignored a malformed interaction %r", _id_of(data), exc_info=True)


class ShardedConnectionState(MozaikConnectionState, AutoShardedConnectionState[Any]):
    """The same checks for a sharded bot's state."""


def malformed(data: Any) -> str | None:
    """What makes the payload no interaction Discord would send to Mozaik, if anything."""
    if not isinstance(data, dict) or not isinstance(data.get("token"), str):
        return "no token"
    kind = data.get("type")
    if kind not in (COMMAND, COMPONENT, AUTOCOMPLETE, MODAL_SUBMIT):
        return f"type {kind!r} is none Mozaik answers"
    inner = data.get("data")
    if not isinstance(inner, dict):
        return "no data"
    member = data.get("member")
    if member is not None and not (
        isinstance(member, dict) and isinstance(member.get("user"), dict)
    ):
        return "a member without a user"
    if kind in (COMPONENT, MODAL_SUBMIT):
        custom_id = inner.get("custom_id")
        if not isinstance(custom_id, str) or not 1 <= len(custom_id) <= CUSTOM_ID_MAX:
            return "no custom id Discord would send"
    if kind == COMPONENT:
        if inner.get("component_type") not in COMPONENT_TYPES:
            return f"component type {inner.get('component_type')!r}"
        message = data.get("message")
        if isinstance(message, dict) and _count(message.get("components")) > COMPONENTS_MAX:
            return "its message has more components than Discord allows"
    return None


def _count(components: Any) -> int:
    """Components, and those inside them, however deep."""
    if not isinstance(components, list):
        return 0
    return sum(
        1 + _count(component.get("components"))
        for component in components
        if isinstance(component, dict)
    )


def _id_of(data: Any) -> object:
    return data.get("id") if isinstance(data, dict) else None
