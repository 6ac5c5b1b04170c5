"""Interactions as they reach discord.py's handlers: their text cleaned, and a malformed one
dropped with a warning rather than taking the gateway connection down with it."""

from __future__ import annotations

import logging
from typing import Any

from discord.state import ConnectionState

from bot.typed_text import cleaned_payload

log = logging.getLogger(__name__)


class MozaikConnectionState(ConnectionState[Any]):
    def parse_interaction_create(self, data: Any) -> None:
        if isinstance(data, dict) and isinstance(data.get("data"), dict):
            data["data"] = cleaned_payload(data["data"])
        try:
            super().parse_interaction_create(data)
        except Exception:
            # discord.py reads the payload as Discord promises it; one that breaks that promise
            # would otherwise end the gateway connection for every member.
            log.warning("ignored a malformed interaction %r", _interaction_id(data), exc_info=True)


def _interaction_id(data: Any) -> object:
    return data.get("id") if isinstance(data, dict) else None
