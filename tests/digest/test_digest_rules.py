from datetime import UTC, datetime, timedelta

from bot.digest.rules import CLOSING_SOON, is_closing_soon, is_featured, is_new

START = datetime(2026, 11, 2, 2, 0, tzinfo=UTC)
END = START + timedelta(days=7)


def test_new_this_week_counts_its_start_but_not_its_end():
    assert is_new(START, START, END)
    assert is_new(END - timedelta(microseconds=1), START, END)
    assert not is_new(END, START, END)
    assert not is_new(START - timedelta(microseconds=1), START, END)
    assert not is_new(None, START, END)


def test_a_gig_posted_in_the_same_second_as_the_digest_is_new():
    digest_at = END.replace(microsecond=900_000)
    assert is_new(END.replace(microsecond=400_000), START, digest_at)


def test_featured_means_still_featured_when_the_week_ends():
    assert is_featured(END + timedelta(seconds=1), END)
    assert not is_featured(END, END)
    assert not is_featured(None, END)


def test_closing_soon_is_within_a_week_after_the_weeks_end():
    assert is_closing_soon(END + CLOSING_SOON, END)
    assert is_closing_soon(END + timedelta(hours=1), END)
    assert not is_closing_soon(END, END)
    assert not is_closing_soon(END + CLOSING_SOON + timedelta(seconds=1), END)
    assert not is_closing_soon(None, END)
