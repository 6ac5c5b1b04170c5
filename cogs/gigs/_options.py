"""The options of /gig and /gigmod: ranges, choices and the currency autocomplete."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any, TypeVar

import discord
from babel.numbers import get_currency_name, list_currencies
from discord import app_commands

from bot.app import Mozaik
from bot.gigs.drafts import GigDraft
from bot.gigs.model import (
    CloseReason,
    Engagement,
    GigKind,
    Level,
    LocationType,
    PayPeriod,
)
from bot.i18n import as_locale
from bot.translator import choice
from cogs._limits import fit

GIG_NUMBER = app_commands.Range[int, 1, 2_000_000_000]
MIN_PAY = app_commands.Range[int, 0, 10**12]
DELIVERY_DAYS = app_commands.Range[int, 1, 365]
BAN_DAYS = app_commands.Range[int, 1, 3650]
STATS_DAYS = app_commands.Range[int, 1, 365]

KIND_CHOICES = [choice(f"gigs.kind_{kind.value}", kind.value) for kind in GigKind]
ENGAGEMENT_CHOICES = [choice(f"gigs.engagement_{e.value}", e.value) for e in Engagement]
LOCATION_CHOICES = [choice(f"gigs.location_{place.value}", place.value) for place in LocationType]
LEVEL_CHOICES = [choice(f"gigs.level_{level.value}", level.value) for level in Level]
PERIOD_CHOICES = [choice(f"gigs.period_{period.value}", period.value) for period in PayPeriod]
CLOSE_CHOICES = [
    choice("gigs.close_filled", CloseReason.FILLED.value),
    choice("gigs.close_withdrawn", CloseReason.WITHDRAWN.value),
]
Pick = app_commands.Choice[str]
Command = TypeVar("Command")


def picked_value(picked: Pick | None) -> str | None:
    return None if picked is None else picked.value


async def currency_choices(
    interaction: discord.Interaction[Mozaik], current: str
) -> list[app_commands.Choice[str]]:
    """ISO 4217 codes starting with what was typed, the hub's own first."""
    language = as_locale(interaction.locale.value) or "en"
    hub_currency = (
        (await interaction.client.hub(interaction.guild_id)).currency
        if interaction.guild_id
        else "IDR"
    )
    typed = current.strip().upper()
    codes = [hub_currency] + [code for code in sorted(list_currencies()) if code != hub_currency]
    return [
        app_commands.Choice(
            name=fit(f"{code} · {get_currency_name(code, locale=language)}", 100), value=code
        )
        for code in codes
        if code.startswith(typed)
    ][:25]


@dataclass(frozen=True)
class ChosenTerms:
    """The options /gig post and /gig edit both take, in the order Discord shows them: what the
    form cannot ask with a choice. None where an option was left out."""

    kind: Pick | None
    engagement: Pick | None
    location: Pick | None
    level: Pick | None
    city: str | None
    per: Pick | None
    currency: str | None
    delivery_days: int | None

    def draft_fields(self) -> dict[str, Any]:
        """The draft's fields as the options chose them; None where an option was left out."""
        return {
            "kind": picked_value(self.kind),
            "engagement": picked_value(self.engagement),
            "location": picked_value(self.location),
            "level": picked_value(self.level),
            "period": picked_value(self.per),
            "currency": self.currency.upper() if self.currency else None,
            "city": self.city,
            "delivery_days": self.delivery_days,
        }

    def applied_to(self, draft: GigDraft) -> GigDraft:
        """An edited gig's draft with what the options changed; the rest as it was."""
        changes = self.draft_fields()
        draft = replace(draft, **{k: v for k, v in changes.items() if v is not None})
        if self.engagement is not None and self.per is None:
            draft = replace(draft, period=None)  # the new engagement's usual period
        if (
            draft.location == LocationType.REMOTE.value
            and self.location is not None
            and self.city is None
        ):
            draft = replace(draft, city=None)
        return draft


TERM_OPTIONS = tuple(option.name for option in fields(ChosenTerms))
_TERM_CHOICES = app_commands.choices(
    kind=KIND_CHOICES,
    engagement=ENGAGEMENT_CHOICES,
    location=LOCATION_CHOICES,
    level=LEVEL_CHOICES,
    per=PERIOD_CHOICES,
)
_CURRENCY_AUTOCOMPLETE = app_commands.autocomplete(currency=currency_choices)


def term_options(command: Command) -> Command:
    """The choices and the currency autocomplete of the options in ChosenTerms."""
    return _TERM_CHOICES(_CURRENCY_AUTOCOMPLETE(command))
