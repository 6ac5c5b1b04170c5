"""The trust gates: account age, time in the server, reports that hold a gig, blocked domains."""

from datetime import UTC, datetime, timedelta

import pytest

from bot.errors import Refusal
from bot.hubs.trust import (
    BLOCKED_DOMAINS_MAX,
    account_created_at,
    blocked_by,
    check_links_allowed,
    check_trusted_enough,
    checked_domain,
    should_hold,
    with_blocked,
)
from tests.gigs.factories import hub

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def user_made_at(instant: datetime) -> int:
    """A Discord id of an account made at `instant` (the millisecond sits in its top bits)."""
    return (int(instant.timestamp() * 1000) - 1_420_070_400_000) << 22


def refusal(call, *args, **kwargs) -> Refusal:
    with pytest.raises(Refusal) as refused:
        call(*args, **kwargs)
    return refused.value


def test_an_accounts_age_is_read_from_its_id():
    # Discord's documented example: 175928847299117063 was made 2016-04-30 11:18:25.796 UTC.
    assert account_created_at(175928847299117063) == datetime(
        2016, 4, 30, 11, 18, 25, 796000, tzinfo=UTC
    )


def test_a_young_account_is_told_when_it_may_post():
    made = NOW - timedelta(days=2)
    refused = refusal(check_trusted_enough, hub(min_account_days=7), user_made_at(made), None, NOW)
    assert refused.key == "hubs.account_too_new"
    assert refused.params == {"count": 7, "ready_at": int((made + timedelta(days=7)).timestamp())}
    old_enough = user_made_at(NOW - timedelta(days=7, seconds=1))
    check_trusted_enough(hub(min_account_days=7), old_enough, None, NOW)


def test_a_newcomer_waits_the_hubs_hours_from_joining():
    joined = NOW - timedelta(hours=5)
    user = user_made_at(NOW - timedelta(days=400))
    refused = refusal(check_trusted_enough, hub(min_member_hours=24), user, joined, NOW)
    assert refused.key == "hubs.member_too_new"
    assert refused.params["ready_at"] == int((joined + timedelta(hours=24)).timestamp())
    check_trusted_enough(hub(min_member_hours=5), user, joined, NOW)
    # Without a join time from Discord, the member counts as joined just now.
    refused = refusal(check_trusted_enough, hub(min_member_hours=1), user, None, NOW)
    assert refused.params["ready_at"] == int((NOW + timedelta(hours=1)).timestamp())


def test_gates_at_zero_let_everyone_post():
    brand_new = user_made_at(NOW + timedelta(days=30))  # even a clock that runs behind Discord's
    check_trusted_enough(hub(min_account_days=0, min_member_hours=0), brand_new, NOW, NOW)


def test_a_gig_is_held_at_the_hubs_number_of_reports_and_never_at_zero():
    assert not should_hold(2, hub(reports_to_hold=3))
    assert should_hold(3, hub(reports_to_hold=3))
    assert should_hold(4, hub(reports_to_hold=3))
    assert not should_hold(100, hub(reports_to_hold=0))


@pytest.mark.parametrize(
    ("typed", "domain"),
    [
        ("Scam.Example", "scam.example"),
        ("  scam.example.  ", "scam.example"),
        ("https://www.Scam.example/path?x=1", "www.scam.example"),
        ("bücher.example", "xn--bcher-kva.example"),
        ("xn--bcher-kva.example", "xn--bcher-kva.example"),
    ],
)
def test_a_typed_domain_is_kept_as_idna_ascii(typed, domain):
    assert checked_domain(typed) == domain


@pytest.mark.parametrize("typed", ["localhost", "127.0.0.1", "not a domain", "a..b", ""])
def test_what_is_no_domain_is_refused(typed):
    assert refusal(checked_domain, typed).key == "hubs.bad_domain"


def test_a_domain_blocks_itself_and_its_subdomains_only():
    blocked = {"scam.example", "xn--bcher-kva.example"}
    assert blocked_by("https://scam.example/pay", blocked) == "scam.example"
    assert blocked_by("https://pay.SCAM.example.", blocked) == "scam.example"
    assert blocked_by("https://bücher.example/", blocked) == "xn--bcher-kva.example"
    assert blocked_by("https://notscam.example", blocked) is None
    assert blocked_by("https://scam.example.com", blocked) is None
    assert blocked_by("https://192.0.2.1", blocked) is None


def test_a_blocked_link_is_refused_naming_its_domain():
    rules = hub(blocked_domains=frozenset({"scam.example"}))
    refused = refusal(check_links_allowed, ["https://ok.example", "https://a.scam.example"], rules)
    assert (refused.key, refused.params) == ("hubs.domain_blocked", {"domain": "scam.example"})
    check_links_allowed(["https://ok.example"], rules)


def test_the_blocklist_has_a_limit():
    full = hub(blocked_domains=frozenset(f"d{n}.example" for n in range(BLOCKED_DOMAINS_MAX)))
    assert refusal(with_blocked, full, "one.more", block=True).key == "hubs.too_many_domains"
    fewer = with_blocked(full, "d0.example", block=False)
    assert "d0.example" not in fewer.blocked_domains
    assert with_blocked(fewer, "one.more", block=True).blocked_domains >= {"one.more"}
