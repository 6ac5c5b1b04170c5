"""The board's filters as a reader writes them in the address: the same as `/gig list`'s.

`?skill=python&work_type=hourly&location=remote&min_pay=100000&after=42`: a skill by its slug,
name or alias in either language, a work type and workplace by their values, a whole minimum
pay in the hub's currency, and the gig the page starts after (keyset paging).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

from bot.gigs.model import Engagement, LocationType
from bot.gigs.search import GigFilters
from bot.skills import Taxonomy

MIN_PAY_MAX = 10**12  # as /gig list's option
FILTER_KEYS = ("skill", "work_type", "location", "min_pay")
_NUMBER_MAX_DIGITS = 19

Choice = TypeVar("Choice", Engagement, LocationType)


class BadQuery(Exception):
    """A filter the board cannot read; the page answers 400 naming it."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


@dataclass(frozen=True)
class BoardQuery:
    filters: GigFilters
    after: int | None
    shown: dict[str, str]  # the filters as given, for the form and the next page's link


def board_query(query: Mapping[str, str], taxonomy: Taxonomy, currency: str) -> BoardQuery:
    shown = {key: query[key].strip() for key in FILTER_KEYS if query.get(key, "").strip()}
    skill = None
    if "skill" in shown:
        found = taxonomy.resolve(shown["skill"])
        if found is None:
            raise BadQuery("skill")
        skill = found.slug
    min_pay = None
    if "min_pay" in shown:
        min_pay = Decimal(_whole(shown["min_pay"], "min_pay", MIN_PAY_MAX))
    after = None
    if query.get("after"):
        after = _whole(query["after"], "after", 2**63 - 1)
    return BoardQuery(
        GigFilters(
            skill=skill,
            engagement=_choice(Engagement, shown.get("work_type"), "work_type"),
            location=_choice(LocationType, shown.get("location"), "location"),
            min_pay=min_pay,
            currency=currency,
        ),
        after,
        shown,
    )


def _whole(text: str, key: str, maximum: int) -> int:
    if not (text.isascii() and text.isdigit()) or len(text) > _NUMBER_MAX_DIGITS:
        raise BadQuery(key)
    number = int(text)
    if number > maximum:
        raise BadQuery(key)
    return number


def _choice(kind: type[Choice], text: str | None, key: str) -> Choice | None:
    if text is None:
        return None
    try:
        return kind(text)
    except ValueError:
        raise BadQuery(key) from None
