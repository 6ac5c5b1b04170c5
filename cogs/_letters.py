"""A letter of the outbox as Discord shows it, and how each kind is written (cogs/outbox.py
sends them)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import discord

from bot.outbox.model import Letter

if TYPE_CHECKING:
    from bot.app import Mozaik


# Dispatched once letters were added to the outbox, so the drain sends them at once.
OUTBOX_FILLED = "outbox_filled"


@dataclass(frozen=True)
class Written:
    """The direct message: its embeds and its buttons. A message read back from Discord
    carries no nonce, so the letter sent by a run that died is Mozaik's message whose first
    embed links where this one's does and whose last embed has this one's footer: each kind
    puts something of its own there (the gig's post; the digest's week and part)."""

    embeds: list[discord.Embed]
    view: discord.ui.View | None = None

    @property
    def identity(self) -> tuple[str | None, str | None]:
        return _identity(self.embeds)


# Taken before each request to Discord the writing makes, so it keeps the drain's pace.
Request = Callable[[], Awaitable[None]]
# A kind's writer: the letter as it is to be sent now, or None when it is no longer worth
# sending (what it is about is gone, the member left).
Writer = Callable[["Mozaik", Letter, Request], Awaitable[Written | None]]


def carries(message: discord.Message, nonce: str, written: Written) -> bool:
    """Whether Mozaik's `message` is the letter: by its nonce, when Discord echoes it, or else
    by its embeds' link and footer."""
    if message.nonce is not None and str(message.nonce) == nonce:
        return True
    return written.identity[0] is not None and _identity(message.embeds) == written.identity


def _identity(embeds: list[discord.Embed]) -> tuple[str | None, str | None]:
    if not embeds:
        return None, None
    return embeds[0].url, embeds[-1].footer.text
