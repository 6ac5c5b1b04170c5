"""Command and option names and descriptions, localised from the catalogs for Discord's client."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import discord
from discord import app_commands

from bot.i18n import FALLBACK, as_locale, t

T = TypeVar("T")
CommandCallback = Callable[..., Any]


def command_text(key: str) -> app_commands.locale_str:
    """A command or option name or description by catalog key; English is Discord's default."""
    return app_commands.locale_str(t(FALLBACK, key), key=key)


class CatalogTranslator(app_commands.Translator):
    async def translate(
        self,
        string: app_commands.locale_str,
        locale: discord.Locale,
        context: app_commands.TranslationContextTypes,
    ) -> str | None:
        key = string.extras.get("key")
        language = as_locale(locale.value)
        if key is None or language is None or language == FALLBACK:
            return None
        return t(language, key)


def slash_command(key: str) -> Callable[[CommandCallback], app_commands.Command[Any, Any, Any]]:
    """`app_commands.command` named and described by `<key>.name` and `<key>.description`."""
    return app_commands.command(
        name=command_text(f"{key}.name"), description=command_text(f"{key}.description")
    )


def localised_options(key: str, *options: str) -> Callable[[T], T]:
    """Name and describe each option from `<key>.<option>.name` and `<key>.<option>.description`."""

    def decorate(command: T) -> T:
        renamed = app_commands.rename(**{o: command_text(f"{key}.{o}.name") for o in options})
        described = app_commands.describe(
            **{o: command_text(f"{key}.{o}.description") for o in options}
        )
        return described(renamed(command))

    return decorate


def choice(key: str, value: str) -> app_commands.Choice[str]:
    return app_commands.Choice(name=command_text(key), value=value)
