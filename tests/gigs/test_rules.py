from datetime import timedelta

import pytest

from bot.errors import Refusal
from bot.gigs.rules import (
    PostingBan,
    PostingHistory,
    check_may_post,
    check_not_banned,
    check_not_duplicate,
    check_weekly_limit,
    fingerprint,
)

from .factories import GUILD, NOW, POSTER, hub


def history(**changes) -> PostingHistory:
    values = {"ban": None, "last_posted_at": None, "open_this_week": ()}
    values.update(changes)
    return PostingHistory(**values)


def ban(until=None) -> PostingBan:
    return PostingBan(GUILD, POSTER, "spam", 9, NOW - timedelta(days=1), until)


def refusal(callable_, *args) -> Refusal:
    with pytest.raises(Refusal) as refused:
        callable_(*args)
    return refused.value


def test_a_member_with_a_clean_history_may_post():
    check_may_post(history(), hub(), NOW)


def test_a_ban_refuses_with_its_reason_and_end_and_lapses_by_itself():
    until = NOW + timedelta(days=2)
    refused = refusal(check_may_post, history(ban=ban(until)), hub(), NOW)
    assert refused.key == "gigs.banned"
    assert refused.params == {"reason": "spam", "until": int(until.timestamp())}
    assert refusal(check_not_banned, history(ban=ban()), NOW).key == "gigs.banned_forever"
    check_may_post(history(ban=ban(until)), hub(), until + timedelta(seconds=1))


def test_the_cooldown_says_when_posting_is_possible_again():
    last = NOW - timedelta(seconds=20)
    refused = refusal(check_may_post, history(last_posted_at=last), hub(), NOW)
    assert refused.key == "gigs.post_cooldown"
    assert refused.params == {"ready_at": int((last + timedelta(seconds=60)).timestamp())}
    check_may_post(history(last_posted_at=last), hub(post_cooldown_seconds=0), NOW)


def test_the_weekly_limit_counts_a_rolling_seven_days():
    posted = (NOW - timedelta(days=6), NOW - timedelta(days=3), NOW - timedelta(days=1))
    refused = refusal(check_may_post, history(open_this_week=posted), hub(), NOW)
    assert refused.key == "gigs.weekly_limit"
    # The oldest of the three leaves the window first.
    assert refused.params["ready_at"] == int((posted[0] + timedelta(days=7)).timestamp())
    check_may_post(history(open_this_week=posted), hub(), NOW + timedelta(days=1, seconds=1))
    check_may_post(history(open_this_week=posted), hub(max_open_gigs_per_week=4), NOW)


def test_the_weekly_limit_is_reached_at_the_limit_and_ignores_older_gigs():
    posted = [NOW - timedelta(days=8), NOW - timedelta(days=2), NOW - timedelta(hours=1)]
    check_weekly_limit(posted, 3, NOW)
    refused = refusal(check_weekly_limit, posted, 2, NOW)
    assert refused.params == {
        "count": 2,
        "ready_at": int((posted[1] + timedelta(days=7)).timestamp()),
    }


def test_a_duplicate_names_the_earlier_gig():
    assert refusal(check_not_duplicate, history(duplicate_of=12)).params == {"number": 12}
    check_not_duplicate(history())


def test_fingerprints_ignore_case_accents_punctuation_and_spacing():
    first = fingerprint("Desain  Logo!", "Kafé   kopi, Bandung.")
    assert first == fingerprint("desain logo", "KAFE kopi bandung")
    assert first != fingerprint("desain logo", "kafe teh bandung")
    # Title and description are kept apart: moving a word across changes the text.
    assert fingerprint("a b", "c") != fingerprint("a", "b c")


def test_fingerprints_ignore_invisible_characters():
    hidden = fingerprint("Des\u200bain lo\u2060go", "K\u00adopi")  # zero-width, soft hyphen
    assert fingerprint("Desain logo", "Kopi") == hidden


def test_another_members_copy_is_refused_without_naming_their_gig():
    refused = refusal(check_not_duplicate, history(copy_of=7))
    assert (refused.key, refused.params) == ("gigs.duplicate_of_other", {})
