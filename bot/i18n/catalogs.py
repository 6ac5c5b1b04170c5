"""The catalogs as read from `bot/i18n/<locale>/<area>.json`.

A text that depends on a number is an object of CLDR plural forms, `{"one": "{count} day",
"other": "{count} days"}`, chosen by its `count` placeholder; it is kept as "<key>#one",
"<key>#other". A language without plural forms (Indonesian) writes one plain text.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from importlib import resources
from typing import Literal

from babel import Locale as BabelLocale

Locale = Literal["en", "id"]
LOCALES: tuple[Locale, ...] = ("en", "id")
FALLBACK: Locale = "en"


@cache
def catalog(locale: Locale) -> dict[str, str]:
    texts: dict[str, str] = {}
    folder = resources.files("bot.i18n").joinpath(locale)
    for entry in sorted(folder.iterdir(), key=lambda entry: entry.name):
        if not entry.name.endswith(".json"):
            continue
        area = entry.name.removesuffix(".json")
        for key, text in json.loads(entry.read_text(encoding="utf-8")).items():
            if isinstance(text, dict):
                texts.update({f"{area}.{key}#{form}": each for form, each in text.items()})
            else:
                texts[f"{area}.{key}"] = text
    return texts


@cache
def _plural_rule(locale: Locale) -> Callable[[float], str]:
    return BabelLocale.parse(locale).plural_form


def text_for(locale: Locale, key: str, count: object = None) -> str:
    """The text of `key`, in the plural form `count` calls for when it has forms."""
    texts = catalog(locale)
    if key in texts:
        return texts[key]
    form = _plural_rule(locale)(count) if isinstance(count, int | float) else "other"
    return texts.get(f"{key}#{form}") or texts[f"{key}#other"]


def base_key(key: str) -> str:
    """The key a plural form belongs to: "gigs.days#one" -> "gigs.days"."""
    return key.split("#")[0]
