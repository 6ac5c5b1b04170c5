"""Every text a member or moderator reads, in English and Indonesian.

Catalogs are JSON files: `bot/i18n/<locale>/<area>.json`, each a flat object of key -> text with
str.format placeholders. The full key of a text is "<area>.<key>", e.g. "gigs.posted". A command a
text names is written `</gig post>` and shown as a clickable mention (`bot.i18n.mentions`).
"""

from __future__ import annotations

import string

from bot.i18n.catalogs import FALLBACK, LOCALES, Locale, base_key, catalog, text_for
from bot.i18n.mentions import fill_mentions

__all__ = [
    "FALLBACK",
    "LOCALES",
    "Locale",
    "as_locale",
    "base_key",
    "catalog",
    "has_text",
    "pick_locale",
    "placeholders",
    "t",
    "t_plain",
]


def t(locale: str, key: str, /, **params: object) -> str:
    """The text for key in locale (English for an unknown locale), placeholders filled and the
    commands it names as clickable mentions."""
    language = as_locale(locale) or FALLBACK
    return _filled(language, key, params, markdown=True)


def t_plain(locale: str, key: str, /, **params: object) -> str:
    """`t` for where Discord renders no markdown (embed footers and titles, labels): the commands
    it names are written as plain names."""
    language = as_locale(locale) or FALLBACK
    return _filled(language, key, params, markdown=False)


def _filled(locale: Locale, key: str, params: dict[str, object], *, markdown: bool) -> str:
    # Mentions first, placeholders second: a member's text in a placeholder that looks like a
    # marker ("</script>") stays the member's text.
    text = fill_mentions(text_for(locale, key, params.get("count")), locale, markdown=markdown)
    return text.format(**params) if params else text


def has_text(key: str) -> bool:
    return any(base_key(known) == key for known in catalog(FALLBACK))


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
