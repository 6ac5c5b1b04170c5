from dataclasses import replace
from datetime import date, timedelta

import pytest

from bot.errors import Refusal
from bot.gigs.expiry import (
    approval_changes,
    expiry_for,
    is_expired,
    reminder_due,
    renewed_expiry,
)
from bot.gigs.model import GigStatus

from .factories import NOW, gig, hub, terms


def test_a_gig_expires_after_the_hubs_period_or_at_the_end_of_its_apply_by_day():
    assert expiry_for(NOW, None, hub()) == NOW + timedelta(days=30)
    soon = expiry_for(NOW, date(2026, 11, 10), hub())
    assert soon.isoformat() == "2026-11-11T00:00:00+07:00"


def test_a_first_approval_publishes_from_now_and_an_approved_edit_keeps_its_publication():
    pending = replace(gig(status=GigStatus.PENDING), revision=3)
    first = approval_changes(pending, hub(), NOW)
    assert first == {
        "published_at": NOW,
        "approved_revision": 3,
        "expires_at": NOW + timedelta(days=30),
    }
    published_at, expires_at = NOW - timedelta(days=5), NOW + timedelta(days=25)
    edited = replace(pending, published_at=published_at, expires_at=expires_at)
    again = approval_changes(edited, hub(), NOW)
    assert (again["published_at"], again["expires_at"]) == (published_at, expires_at)


def test_renewal_restarts_the_period_until_the_hubs_cap():
    published = gig(status=GigStatus.APPROVED, expires_at=NOW + timedelta(days=2))
    assert renewed_expiry(published, hub(), NOW) == NOW + timedelta(days=30)
    with pytest.raises(Refusal) as refused:
        renewed_expiry(replace(published, renewals=2), hub(max_renewals=2), NOW)
    assert refused.value.key == "gigs.renewals_used"


def test_renewal_cannot_reach_past_the_apply_by_date():
    ends = expiry_for(NOW, date(2026, 11, 4), hub())
    published = gig(
        status=GigStatus.APPROVED, terms=terms(apply_by=date(2026, 11, 4)), expires_at=ends
    )
    with pytest.raises(Refusal) as refused:
        renewed_expiry(published, hub(), NOW)
    assert refused.value.key == "gigs.renew_past_apply_by"


def test_reminders_come_once_in_the_last_three_days():
    published = gig(status=GigStatus.APPROVED, expires_at=NOW + timedelta(days=3))
    assert reminder_due(published, NOW)
    assert not reminder_due(published, NOW - timedelta(seconds=1))
    assert not reminder_due(replace(published, reminded_at=NOW), NOW)
    assert not reminder_due(replace(published, status=GigStatus.CLOSED), NOW)


def test_a_gig_is_expired_from_its_expiry_instant():
    published = gig(status=GigStatus.APPROVED, expires_at=NOW)
    assert is_expired(published, NOW)
    assert not is_expired(published, NOW - timedelta(seconds=1))
