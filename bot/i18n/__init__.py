"""Every text a member or moderator reads, in English and Indonesian.

Catalogs are JSON files: `bot/i18n/<locale>/<area>.json`, each a flat object of key -> text with
str.format placeholders. The full key of a text is "<area>.<key>", e.g. "gigs.posted".
"""

from __future__ import annotations

import json
import string
from functools import cache
from importlib import resources
from typing import Literal

Locale = Literal["en", "id"]
LOCALES: tuple[Locale, ...] = ("en", "id")
FALLBACK: Locale = "en"


@cache
def catalog(locale: Locale) -> dict[str, str]:
    texts: dict[str, str] = {}
    folder = resources.files(__package__).joinpath(locale)
    for entry in sorted(folder.iterdir(), key=lambda entry: entry.name):
        if not entry.name.endswith(".json"):
            continue
        area = entry.name.removesuffix(".json")
        for key, text in json.loads(entry.read_text(encoding="utf-8")).items():
            texts[f"{area}.{key}"] = text
    return texts


def t(locale: str, key: str, /, **params: object) -> str:
    """The text for key in locale (English for an unknown locale), placeholders filled."""
    texts = catalog(as_locale(locale) or FALLBACK)
    return texts[key].format(**params) if params else texts[key]


def has_text(key: str) -> bool:
    return key in catalog(FALLBACK)


def as_locale(code: str | None) -> Locale | None:
    """Map a Discord locale code ("id", "en-US", "en-GB") to one Mozaik speaks, if any."""
    if not code:
        return None
    language = code.split("-")[0].lower()
    for locale in LOCALES:
        if language == locale:
            return locale
    return None


def pick_locale(interaction_locale: str | None, hub_locale: str | None) -> Locale:
    """The member's own language if Mozaik speaks it, else the hub's, else English."""
    return as_locale(interaction_locale) or as_locale(hub_locale) or FALLBACK


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}
