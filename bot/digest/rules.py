"""What a week's digest counts: which gigs are new, featured or closing soon, which introductions
and matches are the week's.

A week runs from `starts_at`, counted, to `ends_at`, not counted: an instant at the very end
belongs to the next week. The store's SQL selects rows by these same bounds and every listing is
sorted into its section by these functions.
"""

from __future__ import annotations

from datetime import datetime, timedelta

# A published gig whose time ends this soon after the week is listed as closing soon.
CLOSING_SOON = timedelta(days=7)


def is_new(posted_at: datetime | None, starts_at: datetime, ends_at: datetime) -> bool:
    """Posted, introduced or matched during the week."""
    return posted_at is not None and starts_at <= posted_at < ends_at


def is_featured(featured_until: datetime | None, ends_at: datetime) -> bool:
    """Still featured when the week ends."""
    return featured_until is not None and featured_until > ends_at


def closing_soon_until(ends_at: datetime) -> datetime:
    return ends_at + CLOSING_SOON


def is_closing_soon(closes_at: datetime | None, ends_at: datetime) -> bool:
    """Open at the week's end and closing within `CLOSING_SOON` of it."""
    return closes_at is not None and ends_at < closes_at <= closing_soon_until(ends_at)
