"""One template for every persistent button: a DynamicItem whose custom id carries what it acts on.

discord.py reads the button back from its custom id after any restart, by the subclass's
`template`. Every custom id is forged until checked: numbers are read only within the range a
Discord or SQLite id can have, and a click whose id is out of it is refused politely before the
subclass sees it. Whatever `clicked` raises ends in words in the member's language.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Self

import discord

from bot.errors import Refusal
from bot.ui import answers_errors

if TYPE_CHECKING:
    from bot.app import Mozaik

# Discord's snowflakes and SQLite's integers both fit in 63 bits.
ID_MAX = 2**63 - 1


class IdParts:
    """The parts of a matched custom id, each read as what it should be."""

    def __init__(self, match: re.Match[str]) -> None:
        self._match = match
        self.forged = False

    def text(self, name: str) -> str:
        return self._match[name]

    def optional(self, name: str) -> str | None:
        found: str | None = self._match[name]
        return found

    def number(self, name: str) -> int:
        value = int(self._match[name])
        if not 0 < value <= ID_MAX:
            self.forged = True
        return value


class PersistentButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"(?!)"):
    """A subclass names its `template`, builds itself from an id's parts (`from_parts`) and
    answers the click (`clicked`)."""

    forged = False

    def __init__(
        self,
        custom_id: str,
        *,
        label: str | None = None,
        style: discord.ButtonStyle = discord.ButtonStyle.secondary,
    ) -> None:
        super().__init__(discord.ui.Button(custom_id=custom_id, label=label, style=style))

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> Self:
        parts = IdParts(match)
        # The label the button was sent with, kept for a view that is shown again.
        label = (item.label if isinstance(item, discord.ui.Button) else None) or ""
        button = cls.from_parts(parts, label)
        button.forged = parts.forged
        return button

    @classmethod
    def from_parts(cls, parts: IdParts, label: str) -> Self:
        raise NotImplementedError

    @answers_errors
    async def callback(self, interaction: discord.Interaction[Mozaik]) -> None:
        if self.forged:
            raise Refusal("core.button_unknown")
        await self.clicked(interaction)

    async def clicked(self, interaction: discord.Interaction[Mozaik]) -> None:
        raise NotImplementedError
