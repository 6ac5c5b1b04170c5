"""What every Mozaik interaction shares: answering privately, and turning errors into polite words.

Refusals (expected "no"s) are answered in the member's language; anything unexpected is logged
with its traceback and the member gets a short apology, never the internals.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Coroutine
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar

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


class MozaikModal(discord.ui.Modal):
    async def on_error(  # type: ignore[override]  # Modal drops the item argument
        self, interaction: discord.Interaction[Any], error: Exception, /
    ) -> None:
        await answer_error(interaction, error)


class MozaikView(discord.ui.View):
    async def on_error(
        self, interaction: discord.Interaction[Any], error: Exception, item: discord.ui.Item[Any], /
    ) -> None:
        await answer_error(interaction, error)
