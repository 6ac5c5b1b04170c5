"""Finding gigs: the board's filters, and a member's keywords as a full-text query."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from bot.errors import Refusal
from bot.gigs.model import Engagement, LocationType
from bot.page_totals import COUNT_CAP

# A search ranks this many of its newest matches by relevance: enough for every search but one
# for a word nearly every gig holds, where the newest best matches are the ones worth showing.
# It is the count's cap too: past it the total says "more than" (bot/page_totals.py).
SEARCH_HORIZON = COUNT_CAP
QUERY_MAX = 60  # also keeps a search's page buttons within Discord's 100-character custom ids
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class GigFilters:
    skill: str | None = None  # canonical slug
    engagement: Engagement | None = None
    location: LocationType | None = None
    min_pay: Decimal | None = None  # in `currency`: gigs whose top of range reaches it
    currency: str | None = None


def fts_query(text: str) -> str:
    """An FTS5 query matching any of the words, each also as a prefix ("desain" finds "desainer").

    Every word is quoted, so nothing a member types is read as FTS5 syntax; case and accents are
    folded by the index's tokenizer, which reads the query the same way.
    """
    return " OR ".join(f'"{word}"*' for word in _search_words(text))


def tsquery(text: str) -> str:
    """PostgreSQL's twin of `fts_query`: a tsquery matching any of the words, each also as a
    prefix (`word:*`). Every word is quoted, so nothing a member types is read as tsquery
    syntax; the store reads it with to_tsquery('simple', mozaik_unaccent(...)), which folds case
    and accents as the keyword index does (bot/store/migrations/postgresql/002_gigs.sql)."""
    return " | ".join(f"'{word}':*" for word in _search_words(text))


def _search_words(text: str) -> list[str]:
    """The distinct words of a search, in order; refused when there are none."""
    words = _WORD.findall(text[:QUERY_MAX])
    if not words:
        raise Refusal("gigs.search_empty")
    return list(dict.fromkeys(words))
