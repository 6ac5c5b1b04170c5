from dataclasses import replace
from datetime import timedelta

import pytest

from bot.collab.model import AnswerStatus, Status
from bot.collab.rules import (
    check_can_answer,
    check_can_close,
    check_can_decide,
    check_can_invite,
    check_can_review,
    expiry_from,
    is_due_to_expire,
    moved_on_refusal,
    opened_on_approval,
    start_of,
    status_after_accept,
    suggested_to,
)
from bot.config import HubDefaults
from bot.errors import Refusal
from bot.hubs.model import default_hub
from bot.intros.model import Availability

from .factories import BOB, CAROL, NOW, REQUESTER, a_request, an_answer


def refused(call, *args, **kwargs) -> str:
    with pytest.raises(Refusal) as caught:
        call(*args, **kwargs)
    return caught.value.key


def test_a_member_may_answer_an_open_request_once():
    check_can_answer(a_request(), BOB, None, NOW)
    assert refused(check_can_answer, a_request(), BOB, an_answer(), NOW) == (
        "collab.already_answered"
    )


def test_nobody_answers_their_own_request():
    assert refused(check_can_answer, a_request(), REQUESTER, None, NOW) == "collab.own_request"


@pytest.mark.parametrize(
    ("status", "key"),
    [
        (Status.MATCHED, "collab.already_matched"),
        (Status.PENDING, "collab.not_published"),
        (Status.CLOSED, "collab.no_longer_open"),
        (Status.EXPIRED, "collab.no_longer_open"),
        (Status.REJECTED, "collab.no_longer_open"),
    ],
)
def test_only_an_open_request_takes_answers(status, key):
    assert refused(check_can_answer, a_request(status=status), BOB, None, NOW) == key


def test_a_request_past_its_expiry_takes_no_answers_even_before_the_expiry_job():
    late = NOW + timedelta(days=31)
    assert refused(check_can_answer, a_request(), BOB, None, late) == "collab.no_longer_open"


def test_only_the_requester_decides_and_each_answer_once():
    request = a_request()
    assert check_can_decide(request, an_answer(), REQUESTER, accept=True, now=NOW) == an_answer()
    assert refused(check_can_decide, request, an_answer(), BOB, accept=True, now=NOW) == (
        "collab.only_requester"
    )
    assert refused(check_can_decide, request, an_answer(), CAROL, accept=False, now=NOW) == (
        "collab.only_requester"
    )
    decided = an_answer(status=AnswerStatus.ACCEPTED)
    assert refused(check_can_decide, request, decided, REQUESTER, accept=False, now=NOW) == (
        "core.already_handled"
    )
    assert refused(check_can_decide, request, None, REQUESTER, accept=True, now=NOW) == (
        "collab.answer_missing"
    )


def test_a_matched_request_accepts_no_one_more_but_may_still_decline():
    matched = a_request(status=Status.MATCHED, partners_found=1)
    assert refused(check_can_decide, matched, an_answer(), REQUESTER, accept=True, now=NOW) == (
        "collab.already_matched"
    )
    check_can_decide(matched, an_answer(), REQUESTER, accept=False, now=NOW)


def test_the_request_is_matched_when_the_last_wanted_partner_is_accepted():
    assert status_after_accept(a_request(partners_wanted=1)) is Status.MATCHED
    assert status_after_accept(a_request(partners_wanted=2)) is Status.OPEN
    assert status_after_accept(a_request(partners_wanted=2, partners_found=1)) is Status.MATCHED


def test_requests_expire_after_the_hubs_days_while_waiting():
    request = a_request(expires_at=expiry_from(NOW, 30))
    assert not is_due_to_expire(request, NOW + timedelta(days=29, hours=23))
    assert is_due_to_expire(request, NOW + timedelta(days=30))
    assert is_due_to_expire(a_request(status=Status.PENDING), NOW + timedelta(days=30))
    assert not is_due_to_expire(a_request(status=Status.MATCHED), NOW + timedelta(days=90))


def test_invitations_come_from_the_requester_once_per_suggested_member():
    check_can_invite(a_request(), REQUESTER, BOB, False, NOW, suggested=True)
    assert refused(check_can_invite, a_request(), BOB, CAROL, False, NOW, suggested=True) == (
        "collab.only_requester"
    )
    assert refused(check_can_invite, a_request(), REQUESTER, BOB, True, NOW, suggested=True) == (
        "collab.already_invited"
    )
    assert refused(
        check_can_invite, a_request(), REQUESTER, REQUESTER, False, NOW, suggested=True
    ) == ("collab.own_request")
    assert refused(check_can_invite, a_request(), REQUESTER, BOB, False, NOW, suggested=False) == (
        "collab.not_suggested"
    )


def test_the_requester_or_a_moderator_closes_a_waiting_request():
    check_can_close(a_request(), REQUESTER, is_moderator=False)
    check_can_close(a_request(status=Status.PENDING), CAROL, is_moderator=True)
    assert refused(check_can_close, a_request(), BOB, is_moderator=False) == (
        "collab.only_requester_closes"
    )
    assert refused(check_can_close, a_request(status=Status.MATCHED), REQUESTER, False) == (
        "collab.not_closable"
    )


def test_a_queued_request_is_reviewed_once():
    check_can_review(a_request(status=Status.PENDING))
    assert refused(check_can_review, a_request(status=Status.OPEN)) == "core.already_handled"


def test_a_change_the_store_did_not_make_is_refused_as_the_request_now_is():
    def accepting_bob(request):
        return check_can_decide(request, an_answer(), REQUESTER, accept=True, now=NOW)

    matched = a_request(status=Status.MATCHED, partners_found=1)
    assert moved_on_refusal(matched, matched.id, accepting_bob).key == "collab.already_matched"
    assert moved_on_refusal(a_request(status=Status.OPEN), 7, check_can_review).key == (
        "core.already_handled"
    )
    gone = moved_on_refusal(None, 7, check_can_review)
    assert (gone.key, gone.params) == ("collab.not_found", {"number": 7})
    # Still allowed as it is now (another answer's acceptance changed its count): handled.
    assert moved_on_refusal(a_request(partners_wanted=2), 7, accepting_bob).key == (
        "core.already_handled"
    )


def test_a_new_request_waits_for_review_only_where_the_hub_reviews_requests():
    hub = default_hub(1, HubDefaults())
    start = start_of(replace(hub, collab_via_queue=True), NOW)
    assert start.status is Status.PENDING
    assert start.expires_at == NOW + timedelta(days=hub.collab_expiry_days)
    assert start_of(replace(hub, collab_via_queue=False), NOW).status is Status.OPEN


def test_an_approved_request_is_open_from_the_approval_with_its_time_counted_again():
    hub = replace(default_hub(1, HubDefaults()), collab_expiry_days=10)
    later = NOW + timedelta(days=3)
    opened = opened_on_approval(a_request(status=Status.PENDING), hub, later)
    assert (opened.status, opened.posted_at) == (Status.OPEN, later)
    assert opened.expires_at == later + timedelta(days=10)
    pending_no_more = a_request(status=Status.OPEN)
    assert refused(opened_on_approval, pending_no_more, hub, later) == "core.already_handled"


def test_a_request_is_suggested_to_the_five_best_open_collaborators_never_its_author():
    wanted = suggested_to(a_request(skills=("python", "seo")))
    assert wanted.skills == ("python", "seo")
    assert wanted.availability is Availability.OPEN_TO_COLLABORATE
    assert wanted.exclude == (REQUESTER,)
    assert wanted.limit == 5
