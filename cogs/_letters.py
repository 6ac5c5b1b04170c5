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
    """The direct message: its embed (whose link is `mark`) and its buttons. A message read back
    from Discord carries no nonce, so Mozaik's message with this link in its embed is the letter
    sent by a run that died."""

    embed: discord.Embed
    mark: str
    view: discord.ui.View | None = None


# Taken before each request to Discord the writing makes, so it keeps the drain's pace.
Request = Callable[[], Awaitable[None]]
# A kind's writer: the letter as it is to be sent now, or None when it is no longer worth
# sending (what it is about is gone, the member left).
Writer = Callable[["Mozaik", Letter, Request], Awaitable[Written | None]]


def carries(message: discord.Message, nonce: str, written: Written) -> bool:
    """Whether Mozaik's `message` is the letter: by its nonce, when Discord echoes it, or else
    by the mark in its embed."""
    if message.nonce is not None and str(message.nonce) == nonce:
        return True
    return any(embed.url == written.mark for embed in message.embeds)
