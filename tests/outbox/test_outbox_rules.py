"""The outbox's rules: a letter's nonce, the waits between attempts, and the drain's pace."""

import itertools
from datetime import UTC, datetime, timedelta

import pytest

from bot.outbox.model import Kind, Letter
from bot.outbox.rules import MAX_ATTEMPTS, Pace, gives_up, nonce_of, retry_delay


def a_letter(user_id=7, item_id=3, attempts=0):
    return Letter(1, Kind.SKILL_ALERT, 10, item_id, user_id, "en", "", attempts, datetime.now(UTC))


def test_a_letter_has_the_same_nonce_at_every_attempt_and_its_own():
    nonce = nonce_of(a_letter())
    assert nonce == nonce_of(a_letter(attempts=3))
    assert len(nonce) <= 25  # Discord's limit
    assert len({nonce, nonce_of(a_letter(user_id=8)), nonce_of(a_letter(item_id=4))}) == 3


def test_waits_between_attempts_double_up_to_an_hour_and_the_letter_is_given_up():
    waits = [retry_delay(attempt) for attempt in range(1, MAX_ATTEMPTS)]
    assert waits[0] == timedelta(seconds=30)
    assert all(later >= earlier for earlier, later in itertools.pairwise(waits))
    assert retry_delay(40) == timedelta(hours=1)
    assert not gives_up(MAX_ATTEMPTS - 1)
    assert gives_up(MAX_ATTEMPTS)


def test_the_pace_lets_a_burst_go_then_spaces_requests_at_its_rate():
    pace = Pace(rate=20, burst=5)
    waits = [pace.wait(100.0) for _ in range(10)]
    assert waits[:5] == [0.0] * 5
    assert waits[5:] == pytest.approx([0.05, 0.10, 0.15, 0.20, 0.25])
    # However many ask at once, a second holds at most rate + burst of them.
    starts = [100.0 + wait for wait in waits] + [100.3 + pace.wait(100.3) for _ in range(40)]
    assert max(sum(s <= t < s + 1 for t in starts) for s in starts) <= 20 + 5


def test_a_pace_needs_a_rate():
    with pytest.raises(ValueError, match="positive rate"):
        Pace(rate=0, burst=1)
