from datetime import timedelta

from bot.gigs.stats import completion_rate, median_wait


def test_the_completion_rate_is_filled_through_the_hub_over_closed():
    assert completion_rate(2, 5) == 0.4
    assert completion_rate(0, 3) == 0
    assert completion_rate(0, 0) is None  # nothing closed: no rate, not 0%


def test_the_median_wait_takes_the_middle_decision():
    assert median_wait([60.0, 3600.0, 600.0]) == timedelta(minutes=10)
    assert median_wait([60.0, 180.0]) == timedelta(minutes=2)
    assert median_wait([]) is None
