"""What a subscriber's weekly message holds: the week's new posts that ask for their skills."""

from __future__ import annotations

from collections.abc import Collection

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


def personal_matches(
    week: DigestWeek, skills: Collection[str], member_id: int
) -> tuple[tuple[Listing, ...], tuple[Listing, ...]]:
    """The week's new gigs, and its newly posted requests still open, that match the member."""
    new_requests = tuple(
        request
        for request in week.open_requests or ()
        if request.posted_at is not None and week.starts_at <= request.posted_at < week.ends_at
    )
    return matching(week.new_gigs or (), skills, member_id), matching(
        new_requests, skills, member_id
    )
