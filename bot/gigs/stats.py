"""What /gigmod stats makes of the hub's counts: how often a closed gig was filled through the
hub, and how long the queue keeps a member waiting for a moderator's decision."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from statistics import median

# The latest decisions the median is taken over: one page read, however busy the hub.
DECISIONS_SAMPLE = 500


def completion_rate(filled_via_hub: int, closed: int) -> float | None:
    """The share of gigs closed in the period that their posters said were filled through the
    hub; None when none closed (no rate to show, rather than 0%)."""
    return None if closed == 0 else filled_via_hub / closed


def median_wait(waits_in_seconds: Sequence[float]) -> timedelta | None:
    """The median time from a gig entering the queue (submitted, edited or held back) to a
    moderator approving or rejecting it; None without decisions."""
    if not waits_in_seconds:
        return None
    return timedelta(seconds=median(waits_in_seconds))
