"""What a hub's week held: the plain data a digest is made from, read from the other features."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Listing:
    """One gig, collaboration request or introduction as the digest lists it."""

    title: str
    url: str | None  # the post's jump link; None while it has no published message
    skills: tuple[str, ...] = ()  # canonical skill slugs
    author_id: int | None = None  # the poster, requester or introduced member
    posted_at: datetime | None = None
    closes_at: datetime | None = None  # gigs: when the gig stops taking answers


class Shown(tuple[Listing, ...]):
    """A section's first listings, as many as the digest shows, and how many it holds in all:
    the store reads one page of a busy week, not the thousands of listings it counts."""

    total: int

    def __new__(cls, listings: Iterable[Listing], total: int) -> Shown:
        shown = super().__new__(cls, listings)
        shown.total = total
        return shown


def total_of(listings: tuple[Listing, ...]) -> int:
    """How many listings the section holds: all of them unless the store read only a page."""
    return listings.total if isinstance(listings, Shown) else len(listings)


@dataclass(frozen=True)
class SectionLimits:
    """How many posts each section lists before it counts the rest."""

    featured: int = 5
    new_gigs: int = 20
    closing_soon: int = 10
    open_requests: int = 10
    new_intros: int = 10


SHOWN = SectionLimits()  # what every digest shows


@dataclass(frozen=True)
class SkillDemand:
    """How often a skill was asked for in the week's gigs, and how many profiles offer it."""

    skill: str
    asked: int
    offered: int


@dataclass(frozen=True)
class WeekCounts:
    """The week in four numbers; None where the feature that counts it is not installed."""

    posted: int | None = None  # gigs published
    filled: int | None = None  # gigs closed as filled
    matched: int | None = None  # collaboration requests that found their partners
    completed: int | None = None  # work through the hub both sides confirmed (bot/reputation)


@dataclass(frozen=True)
class DigestWeek:
    """Everything one digest shows. A section is None when its feature is not installed."""

    starts_at: datetime
    ends_at: datetime
    featured: tuple[Listing, ...] | None = None
    new_gigs: tuple[Listing, ...] | None = None
    closing_soon: tuple[Listing, ...] | None = None
    open_requests: tuple[Listing, ...] | None = None
    new_intros: tuple[Listing, ...] | None = None
    skills: tuple[SkillDemand, ...] = ()  # most asked for first
    counts: WeekCounts = WeekCounts()

    @property
    def is_quiet(self) -> bool:
        """Nothing to list: no gig, request or introduction to point anyone at."""
        sections = (
            self.featured,
            self.new_gigs,
            self.closing_soon,
            self.open_requests,
            self.new_intros,
        )
        return not any(sections)
