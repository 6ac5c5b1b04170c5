from datetime import UTC, datetime, timedelta

from bot.digest.run_lease import RUN_LEASE, is_lease_expired, lease_until

NOW = datetime(2026, 11, 9, 2, 0, tzinfo=UTC)


def test_a_lease_lasts_run_lease_from_when_it_was_taken_or_renewed():
    assert lease_until(NOW) == NOW + RUN_LEASE
    assert lease_until(NOW + timedelta(minutes=1)) > lease_until(NOW)


def test_a_lease_is_expired_from_its_end_on_not_before():
    until = lease_until(NOW)
    assert not is_lease_expired(until, NOW, owner_serving=True)
    assert not is_lease_expired(until, until - timedelta(microseconds=1), owner_serving=True)
    assert is_lease_expired(until, until, owner_serving=True)
    assert is_lease_expired(until, until + timedelta(seconds=1), owner_serving=True)


def test_a_run_without_a_lease_or_whose_owner_serves_no_more_may_be_taken_over_at_once():
    assert is_lease_expired(None, NOW, owner_serving=True)
    assert is_lease_expired(lease_until(NOW), NOW, owner_serving=False)
