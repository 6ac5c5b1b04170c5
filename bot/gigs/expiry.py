"""When a published gig expires, when its poster is reminded, and how far a renewal reaches."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from bot.errors import Refusal
from bot.gigs.model import Gig
from bot.gigs.validation import end_of_day
from bot.hubs.model import HubSettings

REMINDER_AHEAD = timedelta(days=3)


def expiry_for(start: datetime, apply_by: date | None, hub: HubSettings) -> datetime:
    """The hub's expiry period from `start`, or the end of the apply-by day if that comes first."""
    expires_at = start + timedelta(days=hub.gig_expiry_days)
    if apply_by is not None:
        expires_at = min(expires_at, end_of_day(apply_by, hub.timezone))
    return expires_at


def expiry_on_approval(gig: Gig, hub: HubSettings, now: datetime) -> datetime:
    """A first approval starts the expiry period; approving an edit keeps the period running,
    only brought forward if the edit moved the apply-by date earlier."""
    if gig.expires_at is None:
        return expiry_for(now, gig.terms.apply_by, hub)
    if gig.terms.apply_by is None:
        return gig.expires_at
    return min(gig.expires_at, end_of_day(gig.terms.apply_by, hub.timezone))


def approval_changes(gig: Gig, hub: HubSettings, now: datetime) -> dict[str, object]:
    """What approving sets on a gig: published from now the first time (an approved edit keeps
    its first publication), the text approved, and when it expires."""
    return {
        "published_at": gig.published_at or now,
        "approved_revision": gig.revision,
        "expires_at": expiry_on_approval(gig, hub, now),
    }


def renewed_expiry(gig: Gig, hub: HubSettings, now: datetime) -> datetime:
    """A renewed gig's new expiry: a fresh period from now, capped by renewals and apply-by."""
    if gig.renewals >= hub.max_renewals:
        raise Refusal("gigs.renewals_used", number=gig.id, count=hub.max_renewals)
    expires_at = expiry_for(now, gig.terms.apply_by, hub)
    if gig.expires_at is not None and expires_at <= gig.expires_at:
        raise Refusal("gigs.renew_past_apply_by", number=gig.id)
    return expires_at


def is_expired(gig: Gig, now: datetime) -> bool:
    return gig.expires_at is not None and gig.expires_at <= now


def reminder_due(gig: Gig, now: datetime) -> bool:
    """Whether the poster should now be asked to renew or close: once per expiry period."""
    return (
        gig.is_published
        and gig.expires_at is not None
        and now < gig.expires_at <= now + REMINDER_AHEAD
        and gig.reminded_at is None
    )
