"""How long Mozaik keeps what a member leaves behind.

A member who left the server is hidden at once; their profile is removed after a grace period,
in case they come back. A form that was refused is kept a little while so it can be reopened.
"""

from __future__ import annotations

from datetime import datetime, timedelta

DEPARTED_PROFILE_KEPT = timedelta(days=30)
DRAFT_KEPT = timedelta(days=7)


def departed_profiles_expire_before(now: datetime) -> datetime:
    """Profiles of members who left before this instant are removed."""
    return now - DEPARTED_PROFILE_KEPT


def drafts_expire_before(now: datetime) -> datetime:
    return now - DRAFT_KEPT
