import pytest

from bot.errors import Refusal
from bot.gigs.curation import Actor, GigAction, check_action, may_see_applicants
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
