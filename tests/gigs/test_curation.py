import pytest

from bot.errors import Refusal
from bot.gigs.curation import (
    RESULTING_STATUS,
    Actor,
    GigAction,
    check_action,
    found_in_hub,
    may_see_applicants,
    moved_on_refusal,
)
from bot.gigs.model import GigStatus

from .factories import POSTER, gig

MODERATOR = Actor(user_id=5, is_moderator=True)
MEMBER = Actor(user_id=6)
POSTER_ACTOR = Actor(user_id=POSTER)


def refusal_key(subject, action, actor) -> str:
    with pytest.raises(Refusal) as refused:
        check_action(subject, action, actor)
    return refused.value.key


@pytest.mark.parametrize("action", [GigAction.APPROVE, GigAction.REJECT, GigAction.REQUEST_CHANGES])
def test_only_moderators_decide_pending_gigs(action):
    check_action(gig(), action, MODERATOR)
    assert refusal_key(gig(), action, MEMBER) == "gigmod.moderators_only"
    assert refusal_key(gig(), action, POSTER_ACTOR) == "gigmod.moderators_only"


def test_a_decided_gig_cannot_be_decided_again():
    for status in (GigStatus.APPROVED, GigStatus.REJECTED, GigStatus.CHANGES_REQUESTED):
        assert refusal_key(gig(status=status), GigAction.APPROVE, MODERATOR) == (
            "gigs.already_decided"
        )


def test_the_poster_edits_and_closes_their_own_open_gigs_only():
    for status in (GigStatus.PENDING, GigStatus.APPROVED, GigStatus.CHANGES_REQUESTED):
        check_action(gig(status=status), GigAction.EDIT, POSTER_ACTOR)
        check_action(gig(status=status), GigAction.CLOSE, POSTER_ACTOR)
    assert refusal_key(gig(), GigAction.EDIT, MEMBER) == "gigs.not_yours"
    assert refusal_key(gig(), GigAction.CLOSE, MODERATOR) == "gigs.not_yours"
    assert refusal_key(gig(status=GigStatus.CLOSED), GigAction.EDIT, POSTER_ACTOR) == (
        "gigs.already_closed"
    )
    assert refusal_key(gig(status=GigStatus.REJECTED), GigAction.EDIT, POSTER_ACTOR) == (
        "gigs.already_rejected"
    )


def test_interest_and_reports_are_for_other_members_on_published_gigs():
    published = gig(status=GigStatus.APPROVED)
    check_action(published, GigAction.INTEREST, MEMBER)
    check_action(published, GigAction.REPORT, MODERATOR)
    assert refusal_key(published, GigAction.INTEREST, POSTER_ACTOR) == "gigs.own_gig"
    assert refusal_key(gig(), GigAction.INTEREST, MEMBER) == "gigs.not_published"


def test_expiry_is_mozaiks_own_and_only_of_published_gigs():
    check_action(gig(status=GigStatus.APPROVED), GigAction.EXPIRE, Actor.system())
    assert refusal_key(gig(status=GigStatus.APPROVED), GigAction.EXPIRE, MODERATOR) == (
        "core.not_allowed"
    )


def test_applicants_are_seen_by_the_poster_and_moderators():
    assert may_see_applicants(gig(), POSTER_ACTOR)
    assert may_see_applicants(gig(), MODERATOR)
    assert not may_see_applicants(gig(), MEMBER)


@pytest.mark.parametrize(
    ("action", "now_in", "key"),
    [
        (GigAction.CLOSE, None, "gigs.not_found"),
        (GigAction.RENEW, GigStatus.APPROVED, "gigs.changed_meanwhile"),
        (GigAction.APPROVE, GigStatus.REJECTED, "gigs.already_decided"),
        (GigAction.RENEW, GigStatus.CLOSED, "gigs.already_closed"),
    ],
)
def test_an_action_that_changed_nothing_is_refused_for_where_the_gig_is_now(action, now_in, key):
    refusal = moved_on_refusal(7, action, now_in)
    assert (refusal.key, refusal.params) == (key, {"number": 7})


def test_a_gig_of_another_hub_or_none_at_all_is_not_found():
    found = gig()
    assert found_in_hub(found, found.id, found.guild_id) is found
    assert found_in_hub(found, found.id, None) is found
    for missing, guild_id in ((found, found.guild_id + 1), (None, found.guild_id)):
        with pytest.raises(Refusal) as refused:
            found_in_hub(missing, found.id, guild_id)
        assert (refused.value.key, refused.value.params) == ("gigs.not_found", {"number": found.id})


def test_only_mozaik_holds_a_published_gig_and_it_goes_back_to_the_queue():
    published = gig(status=GigStatus.APPROVED)
    check_action(published, GigAction.HOLD, Actor.system())
    assert RESULTING_STATUS[GigAction.HOLD] is GigStatus.PENDING
    assert refusal_key(published, GigAction.HOLD, MODERATOR) == "core.not_allowed"
    assert refusal_key(published, GigAction.HOLD, MEMBER) == "core.not_allowed"
    held = gig(status=GigStatus.PENDING)
    assert refusal_key(held, GigAction.HOLD, Actor.system()) == "gigs.not_published"
    check_action(held, GigAction.APPROVE, MODERATOR)  # a moderator puts it back
