"""The catalogs as read from `bot/i18n/<locale>/<area>.json`."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Literal

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
            texts[f"{area}.{key}"] = text
    return texts
