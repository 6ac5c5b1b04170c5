"""What every Mozaik interaction shares: answering privately, turning errors into polite words,
and the one template of every persistent button.

Refusals (expected "no"s) are answered in the member's language; anything unexpected is logged
with its traceback and the member gets a short apology, never the internals.

A persistent button is a DynamicItem whose custom id carries what it acts on; discord.py reads it
back after any restart by the subclass's `template`. Every custom id is forged until checked:
numbers are read only within the range a Discord or SQLite id can have, and a click whose id is
out of it is refused politely before the subclass sees it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable, Coroutine
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, Self, TypeVar

import discord
from discord import app_commands

from bot.errors import Refusal
from bot.i18n import Locale, pick_locale, t

if TYPE_CHECKING:
    from bot.app import Mozaik

log = logging.getLogger(__name__)

P = ParamSpec("P")
S = TypeVar("S")


async def interaction_locale(interaction: discord.Interaction[Any]) -> Locale:
    """The member's language, falling back to the hub's, then English."""
    hub_locale: str | None = None
    client: Mozaik = interaction.client
    if interaction.guild_id is not None:
        hub_locale = (await client.hub(interaction.guild_id)).locale
    return pick_locale(interaction.locale.value, hub_locale)


async def send_private(
    interaction: discord.Interaction[Any], content: str | None = None, **kwargs: Any
) -> None:
    """Answer only the member who acted, whether or not the interaction was answered already."""
    if interaction.response.is_done():
        await interaction.followup.send(content or discord.utils.MISSING, ephemeral=True, **kwargs)
    else:
        await interaction.response.send_message(content, ephemeral=True, **kwargs)


class OnlySome(app_commands.CheckFailure):
    """A command or button only some may use; `key` names the catalog text that says who may."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def error_text(error: BaseException, locale: str) -> str | None:
    """The words for an error the member should understand, or None when it is unexpected."""
    if isinstance(error, app_commands.CommandInvokeError):
        error = error.original
    if isinstance(error, Refusal):
        return t(locale, error.key, **error.params)
    if isinstance(error, app_commands.CommandOnCooldown):
        return t(locale, "core.cooldown", count=int(error.retry_after) + 1)
    if isinstance(error, app_commands.NoPrivateMessage):
        return t(locale, "core.guild_only")
    if isinstance(error, OnlySome):
        return t(locale, error.key)
    if isinstance(error, app_commands.MissingPermissions):
        return t(locale, "core.admins_only")
    if isinstance(error, app_commands.CheckFailure):
        return t(locale, "core.not_allowed")
    return None


# Discord's answer to a callback for an interaction past its 3 seconds (e.g. one replayed after
# a gateway outage): nothing can reach the member through it any more.
UNKNOWN_INTERACTION = 10062


def is_expired(error: BaseException) -> bool:
    """Whether `error` is Discord refusing an interaction that reached Mozaik too late."""
    if isinstance(error, app_commands.CommandInvokeError):
        error = error.original
    return isinstance(error, discord.NotFound) and error.code == UNKNOWN_INTERACTION


async def answer_error(interaction: discord.Interaction[Any], error: BaseException) -> None:
    if is_expired(error):
        # Answering would only earn a second 10062, which Discord counts as an invalid request.
        log.warning(
            "interaction %s reached Mozaik too late to answer (10062 Unknown interaction)",
            interaction.id,
        )
        return
    locale = await interaction_locale(interaction)
    text = error_text(error, locale)
    if text is None:
        log.error("unexpected error in an interaction", exc_info=error)
        text = t(locale, "core.unexpected")
    try:
        await send_private(interaction, text)
    except discord.HTTPException:
        log.warning("could not tell the member about an error", exc_info=True)


def answers_errors(
    callback: Callable[Concatenate[S, discord.Interaction[Any], P], Awaitable[None]],
) -> Callable[Concatenate[S, discord.Interaction[Any], P], Coroutine[Any, Any, None]]:
    """For persistent item callbacks, whose errors discord.py would only log."""

    async def guarded(
        self: S, interaction: discord.Interaction[Any], /, *args: P.args, **kwargs: P.kwargs
    ) -> None:
        try:
            await callback(self, interaction, *args, **kwargs)
        except Exception as error:  # every error ends in answer_error: logged or explained
            await answer_error(interaction, error)

    guarded.__name__ = callback.__name__
    guarded.__doc__ = callback.__doc__
    return guarded


class MozaikView(discord.ui.View):
    async def on_error(
        self, interaction: discord.Interaction[Any], error: Exception, item: discord.ui.Item[Any], /
    ) -> None:
        await answer_error(interaction, error)


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


Shown = TypeVar("Shown", bound=discord.ui.Item[Any])


class PersistentItem(discord.ui.DynamicItem[Shown], template=r"(?!)"):
    """What persistent buttons and selects share: read back from the custom id matched and the
    item the message shows (`from_item`), forged when a part of the id is out of range."""

    forged = False

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> Self:
        parts = IdParts(match)
        read = cls.from_item(parts, item)
        read.forged = parts.forged
        return read

    @classmethod
    def from_item(cls, parts: IdParts, item: discord.ui.Item[Any]) -> Self:
        raise NotImplementedError


class PersistentButton(PersistentItem[discord.ui.Button[Any]], template=r"(?!)"):
    """A subclass names its `template`, builds itself from an id's parts (`from_parts`) and
    answers the click (`clicked`)."""

    def __init__(
        self,
        custom_id: str,
        *,
        label: str | None = None,
        style: discord.ButtonStyle = discord.ButtonStyle.secondary,
    ) -> None:
        super().__init__(discord.ui.Button(custom_id=custom_id, label=label, style=style))

    @classmethod
    def from_item(cls, parts: IdParts, item: discord.ui.Item[Any]) -> Self:
        # The label the button was sent with, kept for a view that is shown again.
        label = (item.label if isinstance(item, discord.ui.Button) else None) or ""
        return cls.from_parts(parts, label)

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


def described(*items: discord.ui.Item[Any]) -> discord.ui.View:
    """A view to send, of persistent buttons: its clicks are answered by the registered dynamic
    items, so the view itself is not kept in memory (a view without a timeout otherwise is,
    for as long as the bot runs)."""
    view = discord.ui.View(timeout=None)
    for item in items:
        view.add_item(item)
    view.stop()
    return view


# Discord's limits on what a select sends: 25 values at most, each up to 100 characters.
SELECT_VALUES_MAX = 25


class PersistentSelect(PersistentItem[discord.ui.Item[Any]], template=r"(?!)"):
    """A select menu read back from its custom id after any restart, like PersistentButton:
    a subclass names its `template`, builds itself around the menu the message shows from the
    id's parts (`from_parts`) and answers the values chosen (`chosen`), each forged until
    checked."""

    @classmethod
    def from_item(cls, parts: IdParts, item: discord.ui.Item[Any]) -> Self:
        return cls.from_parts(parts, item)

    @classmethod
    def from_parts(cls, parts: IdParts, item: discord.ui.Item[Any]) -> Self:
        raise NotImplementedError

    @answers_errors
    async def callback(self, interaction: discord.Interaction[Mozaik]) -> None:
        data: Any = interaction.data or {}
        values = data.get("values", [])
        if (
            self.forged
            or not isinstance(values, list)
            or len(values) > SELECT_VALUES_MAX
            or not all(isinstance(v, str) and 0 < len(v) <= 100 for v in values)
        ):
            raise Refusal("core.button_unknown")
        await self.chosen(interaction, values)

    async def chosen(self, interaction: discord.Interaction[Mozaik], values: list[str]) -> None:
        raise NotImplementedError
