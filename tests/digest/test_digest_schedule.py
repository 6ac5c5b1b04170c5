from datetime import UTC, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.digest.schedule import (
    DigestSchedule,
    cron_trigger,
    is_within_grace,
    iso_week_key,
    latest_due,
    next_due,
    parse_clock_time,
    week_ending,
)
from bot.errors import Refusal

JAKARTA_MONDAY_NINE = DigestSchedule(0, time(9, 0), "Asia/Jakarta")
AMSTERDAM_MONDAY_NINE = DigestSchedule(0, time(9, 0), "Europe/Amsterdam")


def utc(*parts):
    return datetime(*parts, tzinfo=UTC)


def test_monday_nine_in_jakarta_is_two_in_the_morning_utc():
    sunday = utc(2026, 11, 8, 12, 0)
    expected = utc(2026, 11, 9, 2, 0)
    assert cron_trigger(JAKARTA_MONDAY_NINE).get_next_fire_time(None, sunday) == expected
    assert next_due(JAKARTA_MONDAY_NINE, sunday) == expected
    assert latest_due(JAKARTA_MONDAY_NINE, expected) == expected
    assert latest_due(JAKARTA_MONDAY_NINE, expected - timedelta(minutes=1)) == expected - timedelta(
        days=7
    )


def test_amsterdam_keeps_nine_local_across_the_october_change():
    # Summer time ends on Sunday 25 October 2026: 09:00 is 07:00 UTC before and 08:00 after.
    trigger = cron_trigger(AMSTERDAM_MONDAY_NINE)
    before = trigger.get_next_fire_time(None, utc(2026, 10, 18))
    after = trigger.get_next_fire_time(None, utc(2026, 10, 20))
    assert before == utc(2026, 10, 19, 7, 0)
    assert after == utc(2026, 10, 26, 8, 0)
    assert next_due(AMSTERDAM_MONDAY_NINE, utc(2026, 10, 18)) == before
    assert next_due(AMSTERDAM_MONDAY_NINE, utc(2026, 10, 20)) == after
    assert latest_due(AMSTERDAM_MONDAY_NINE, utc(2026, 10, 26, 7, 59)) == before


def test_the_week_across_the_change_is_seven_local_days_long():
    start, end = week_ending(utc(2026, 10, 26, 8, 0), "Europe/Amsterdam")
    assert start == utc(2026, 10, 19, 7, 0)
    assert end - start == timedelta(days=7, hours=1)


def due_instants_around(schedule, now):
    """Every due instant within two weeks of now, found the slow way: day by day."""
    local_today = now.astimezone(schedule.zone).date()
    days = (local_today + timedelta(days=offset) for offset in range(-15, 16))
    return sorted(
        datetime.combine(day, schedule.at, tzinfo=schedule.zone).astimezone(UTC)
        for day in days
        if day.weekday() == schedule.weekday
    )


@given(
    # Hypothesis takes naive bounds and makes the instants UTC.
    now=st.datetimes(
        min_value=datetime(2024, 1, 1),  # noqa: DTZ001
        max_value=datetime(2030, 12, 31),  # noqa: DTZ001
        timezones=st.just(UTC),
    ),
    weekday=st.integers(0, 6),
    hour=st.integers(0, 23),
    minute=st.sampled_from([0, 15, 30, 59]),
    timezone=st.sampled_from(
        ["Asia/Jakarta", "Europe/Amsterdam", "America/New_York", "Australia/Sydney", "UTC"]
    ),
)
def test_the_due_time_is_the_weekly_wall_clock_time_nearest_before_and_after_now(
    now, weekday, hour, minute, timezone
):
    schedule = DigestSchedule(weekday, time(hour, minute), timezone)
    instants = due_instants_around(schedule, now)
    assert latest_due(schedule, now) == max(i for i in instants if i <= now)
    assert next_due(schedule, now) == min(i for i in instants if i > now)


def test_a_run_is_keyed_by_the_iso_week_of_its_local_date():
    assert iso_week_key(JAKARTA_MONDAY_NINE, utc(2026, 11, 9, 2, 0)) == "2026-W46"
    early = DigestSchedule(0, time(6, 0), "Asia/Jakarta")
    # Monday 06:00 in Jakarta is still Sunday in UTC: the hub's Monday decides the week.
    assert iso_week_key(early, utc(2026, 11, 8, 23, 0)) == "2026-W46"
    assert iso_week_key(JAKARTA_MONDAY_NINE, utc(2027, 1, 4, 2, 0)) == "2027-W01"
    assert iso_week_key(JAKARTA_MONDAY_NINE, utc(2026, 12, 28, 2, 0)) == "2026-W53"


def test_grace_counts_from_the_due_time():
    due = utc(2026, 11, 9, 2, 0)
    grace = timedelta(hours=24)
    assert is_within_grace(due, due, grace)
    assert is_within_grace(due, due + grace, grace)
    assert not is_within_grace(due, due + grace + timedelta(seconds=1), grace)
    assert not is_within_grace(due, due - timedelta(seconds=1), grace)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("09:00", time(9, 0)),
        ("9:05", time(9, 5)),
        (" 17.30 ", time(17, 30)),
        ("23:59", time(23, 59)),
    ],
)
def test_times_are_read_on_the_24_hour_clock(typed, expected):
    assert parse_clock_time(typed) == expected


@pytest.mark.parametrize("typed", ["24:00", "9", "9am", "12:60", ""])
def test_other_times_are_refused_politely(typed):
    with pytest.raises(Refusal) as refused:
        parse_clock_time(typed)
    assert refused.value.key == "digest.bad_time"
