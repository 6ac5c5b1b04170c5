"""Finding people by skill: who is shown, in which order, one page at a time.

People are ranked by how many of the asked skills they have, then by availability (open to
work first), then by how recently they updated their profile. The store does the ranking in
SQL with these rules; `Availability` is declared in ranking order.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.intros.model import Availability

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
    total: int  # people found in all

    @property
    def count(self) -> int:
        return page_count(self.total)

    @property
    def has_previous(self) -> bool:
        return self.number > 0

    @property
    def has_next(self) -> bool:
        return self.number + 1 < self.count


def page_count(total: int) -> int:
    return max(1, -(-total // PAGE_SIZE))
