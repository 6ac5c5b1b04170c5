"""Finding people by skill: who is shown, in which order, one page at a time.

People are ranked by how many of the asked skills they have; at equal match, a member endorsed
for the skill they are listed under (by at least one member they did confirmed work with, see
bot/reputation) comes before one who only declares it; then by availability (open to work
first), then by how recently they updated their profile. A member is listed under one asked
skill: with all of them, the one fewest members have; with fewer, the first asked that they
have; for one asked skill, simply that one. The store does the ranking in SQL with these rules
(bot/intros/store/people.py, table `people_ranked`); `Availability` is declared in ranking order.
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
    endorsed: bool = False  # endorsed for the asked skill they are listed under


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
