"""An option a member or moderator turns on or off: its two choices in their language, read as
whether it is on."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands

from bot.translator import command_text


class OnOff(app_commands.Transformer):
    """Pass as `app_commands.Transform[bool, OnOff(on_key, off_key)]`, the keys naming the two
    choices in the catalog. A value that is neither is refused as discord.py refuses an unknown
    choice."""

    def __init__(self, on_key: str, off_key: str) -> None:
        self._choices: list[app_commands.Choice[int | float | str]] = [
            app_commands.Choice(name=command_text(on_key), value="on"),
            app_commands.Choice(name=command_text(off_key), value="off"),
        ]

    @property
    def choices(self) -> list[app_commands.Choice[int | float | str]]:
        return self._choices

    async def transform(self, interaction: discord.Interaction[Any], value: Any, /) -> bool:
        if value not in ("on", "off"):
            raise app_commands.TransformerError(value, self.type, self)
        return bool(value == "on")
