"""What a subscriber's weekly message holds: the week's new posts that ask for their skills."""

from __future__ import annotations

from collections.abc import Collection

from bot.digest.rules import is_new
from bot.digest.week import DigestWeek, Listing


def matching(
    listings: tuple[Listing, ...], skills: Collection[str], member_id: int
) -> tuple[Listing, ...]:
    """The listings asking for one of the skills, not the member's own; most skills shared first,
    otherwise in the order given."""
    wanted = set(skills)
    shared = {listing: len(wanted.intersection(listing.skills)) for listing in listings}
    found = [listing for listing in listings if shared[listing] and listing.author_id != member_id]
    return tuple(sorted(found, key=lambda listing: -shared[listing]))


class _BySkill:
    """Listings indexed by the skills they ask for, so a member's candidates are only those
    sharing a skill with them, in the order given: what `matching` keeps from all of them."""

    def __init__(self, listings: tuple[Listing, ...]) -> None:
        self._listings = listings
        self._positions: dict[str, list[int]] = {}
        for position, listing in enumerate(listings):
            for skill in set(listing.skills):
                self._positions.setdefault(skill, []).append(position)

    def matching(self, skills: Collection[str], member_id: int) -> tuple[Listing, ...]:
        positions = {p for skill in set(skills) for p in self._positions.get(skill, ())}
        candidates = tuple(self._listings[p] for p in sorted(positions))
        return matching(candidates, skills, member_id)


class PersonalMatches:
    """The week's new gigs, and its newly posted requests still open, indexed once for all its
    subscribers: a busy week has thousands of gigs and a hub hundreds of subscribers."""

    def __init__(self, week: DigestWeek) -> None:
        new_requests = tuple(
            request
            for request in week.open_requests or ()
            if is_new(request.posted_at, week.starts_at, week.ends_at)
        )
        self._gigs = _BySkill(week.new_gigs or ())
        self._requests = _BySkill(new_requests)

    def of(
        self, skills: Collection[str], member_id: int
    ) -> tuple[tuple[Listing, ...], tuple[Listing, ...]]:
        """The gigs and the requests that match the member."""
        return self._gigs.matching(skills, member_id), self._requests.matching(skills, member_id)


def letter_item(iso_week: str, part: int) -> int:
    """What one part of a week's personal message is about, as the outbox keys its letters:
    "2026-W46", part 1 -> 20264601."""
    year, week = (int(number) for number in iso_week.split("-W"))
    return (year * 100 + week) * 100 + part
