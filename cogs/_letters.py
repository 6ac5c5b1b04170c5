"""A letter of the outbox as Discord shows it, and how each kind is written (cogs/outbox.py
sends them)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

import discord

from bot.outbox.model import Kind, Letter, Status

if TYPE_CHECKING:
    from bot.app import Mozaik


# Dispatched once letters were added to the outbox, so the drain sends them at once.
OUTBOX_FILLED = "outbox_filled"


@dataclass(frozen=True)
class Written:
    """The direct message: its embeds, buttons and text. A message read back from Discord
    carries no nonce, so the letter sent by a run that died is Mozaik's message whose first
    embed links where this one's does, whose last embed has this one's footer and whose
    buttons have these custom ids: each kind puts something of its own there (the gig's post;
    the digest's week and part; the gig's buttons; the export's moment)."""

    embeds: list[discord.Embed]
    view: discord.ui.View | None = None
    content: str | None = None
    files: Sequence[discord.File] = ()

    @property
    def identity(self) -> Identity:
        custom_ids = () if self.view is None else _custom_ids(self.view.to_components())
        return _identity(self.embeds, custom_ids)


# Taken before each request to Discord the writing makes, so it keeps the drain's pace.
Request = Callable[[], Awaitable[None]]
# A kind's writer: the letter as it is to be sent now, or None when it is no longer worth
# sending (what it is about is gone, the member left).
Writer = Callable[["Mozaik", Letter, Request], Awaitable[Written | None]]


def carries(message: discord.Message, written: Written) -> bool:
    """Whether Mozaik's `message`, read back from Discord, is the letter: by its embeds' link
    and footer and its buttons."""
    expected = written.identity
    if expected == NO_IDENTITY:  # nothing to tell it apart from other messages
        return False
    found = _custom_ids([row.to_dict() for row in message.components])
    return _identity(message.embeds, found) == expected


Identity = tuple[str | None, str | None, tuple[str, ...]]
NO_IDENTITY: Identity = (None, None, ())


def _identity(embeds: list[discord.Embed], custom_ids: tuple[str, ...]) -> Identity:
    if not embeds:
        return None, None, custom_ids
    return embeds[0].url, embeds[-1].footer.text, custom_ids


def _custom_ids(rows: list[Any]) -> tuple[str, ...]:
    return tuple(
        str(item["custom_id"])
        for row in rows
        for item in row.get("components", ())
        if "custom_id" in item
    )


@runtime_checkable
class _SendsNow(Protocol):
    async def send_now(
        self, kind: Kind, guild_id: int, item_id: int, user_id: int
    ) -> Status | None: ...


async def send_now(
    bot: Mozaik, kind: Kind, guild_id: int, item_id: int, user_id: int
) -> Status | None:
    """Have the outbox send one letter at once, for a member waiting to hear whether it went;
    what became of it, or None when the drain (cogs/outbox.py, loaded by name) is sending it."""
    outbox = bot.get_cog("Outbox")
    if not isinstance(outbox, _SendsNow):
        return None
    return await outbox.send_now(kind, guild_id, item_id, user_id)
