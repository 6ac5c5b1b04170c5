"""Who reads a page: in which language (the hub's, or `?lang=`) and time zone (`?tz=`, else UTC
named as such, since a page without JavaScript cannot know the reader's own)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_datetime

from bot.i18n import FALLBACK, LOCALES, Locale, as_locale
from bot.timezones import is_timezone

UTC_NAME = "UTC"


@dataclass(frozen=True)
class Reader:
    locale: Locale
    zone: str  # an IANA name, or "UTC"
    chosen: Mapping[str, str]  # the lang and tz the reader asked for, kept in every link

    @property
    def other_locale(self) -> Locale:
        return next(locale for locale in LOCALES if locale != self.locale)

    def time(self, instant: datetime) -> str:
        """ "2 Nov 2026, 16:00 (Asia/Jakarta)": the instant in the reader's zone, zone named."""
        local = instant.astimezone(UTC if self.zone == UTC_NAME else ZoneInfo(self.zone))
        shown = format_datetime(local, "medium", locale=self.locale)
        return f"{shown} ({self.zone})"


def reader_of(query: Mapping[str, str], hub_locale: str) -> Reader:
    """The reader's choices; an unknown language or zone is ignored rather than refused."""
    locale = as_locale(query.get("lang")) or as_locale(hub_locale) or FALLBACK
    zone = query.get("tz", "")
    zone = zone if zone and is_timezone(zone) else UTC_NAME
    chosen = {key: query[key] for key in ("lang", "tz") if query.get(key)}
    if "lang" in chosen:
        chosen["lang"] = locale
    if "tz" in chosen:
        chosen["tz"] = zone
    return Reader(locale, zone, chosen)
