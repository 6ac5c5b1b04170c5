"""Finding people by skill: who is shown, in which order, one page at a time.

People are ranked by how many of the asked skills they have, then by availability (open to
work first), then by how recently they updated their profile. The store does the ranking in
SQL with these rules (bot/intros/store/people.py); `Availability` is declared in ranking order.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.intros.model import Availability
from bot.page_totals import is_capped

PAGE_SIZE = 10


@dataclass(frozen=True)
class PersonMatch:
    user_id: int
    display_name: str
    headline: str
    availability: Availability
    matched_skills: tuple[str, ...]  # which of the asked skills the member has
    updated_at: datetime


@dataclass(frozen=True)
class Page:
    """One page of a search: its people and where it sits among all pages."""

    people: tuple[PersonMatch, ...]
    number: int  # 0-based
    total: int  # people found in all, exact up to COUNT_CAP; COUNT_CAP + 1 stands for more
    has_next: bool

    @property
    def count(self) -> int:
        return page_count(self.total)

    @property
    def capped(self) -> bool:
        """The total only says "more than COUNT_CAP", and so does the number of pages."""
        return is_capped(self.total)

    @property
    def has_previous(self) -> bool:
        return self.number > 0


def page_count(total: int) -> int:
    return max(1, -(-total // PAGE_SIZE))
