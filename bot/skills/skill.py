"""A skill a member can offer or a gig can ask for."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.i18n import Locale


@dataclass(frozen=True)
class Skill:
    """One skill, named in both languages.

    Two skills are equal when their slugs are: a hub's view of Python (with the hub's own aliases)
    is still Python.
    """

    slug: str
    name_en: str = field(compare=False)
    name_id: str = field(compare=False)
    category: str = field(compare=False)
    aliases: tuple[str, ...] = field(default=(), compare=False)

    def name(self, locale: Locale) -> str:
        return self.name_id if locale == "id" else self.name_en
