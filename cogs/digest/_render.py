"""Composed digest messages as discord.py objects: the embeds, and the chart as an attachment."""

from __future__ import annotations

import io

import discord

from bot.digest.compose import CHART_FILENAME, DigestMessage


def embeds_of(message: DigestMessage) -> list[discord.Embed]:
    return [discord.Embed.from_dict(embed) for embed in message.embeds]


def chart_file(png: bytes) -> discord.File:
    """The chart under the name the first embed's image points at (attachment://skills.png)."""
    return discord.File(io.BytesIO(png), filename=CHART_FILENAME)
