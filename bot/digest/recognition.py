"""Finding a digest message Mozaik sent but did not record, among a channel's recent messages.

A run that died between Discord creating a message and the store recording its id leaves the
part unrecorded. The nonce brings the same message back only while Discord remembers it (a few
minutes), and a fetched message carries no nonce, so the message is recognised by what a weekly
run puts on every message it sends (`bot.digest.compose.marked`): its author is Mozaik, its last
embed's footer names the week and the part, and a member's own message links its title to the
hub (one DM channel holds the digests of every hub the member follows).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from bot.digest.compose import DigestMessage


@dataclass(frozen=True)
class PostedMessage:
    """A message as read back from Discord."""

    message_id: int
    by_mozaik: bool
    embeds: tuple[dict[str, Any], ...]  # Discord embed objects


def find_posted(history: Iterable[PostedMessage], expected: DigestMessage) -> int | None:
    """The id of the message in `history` that Mozaik sent as `expected`, if there is one."""
    identity = _identity(expected.embeds)
    if identity[1] is None:  # an unmarked message cannot be told apart from others
        return None
    for message in history:
        if message.by_mozaik and _identity(message.embeds) == identity:
            return message.message_id
    return None


def _identity(embeds: Sequence[dict[str, Any]]) -> tuple[str | None, str | None]:
    """The first embed's link and the last embed's footer: where `marked` puts the mark."""
    if not embeds:
        return None, None
    footer = embeds[-1].get("footer") or {}
    return embeds[0].get("url"), footer.get("text")
