import asyncio
from datetime import timedelta

import pytest

from bot.collab.model import AnswerStatus, Kind, Status
from bot.collab.store.answers import (
    add_answer,
    add_invite,
    answers_to,
    decide_answer,
    invited_members,
    record_answer_thread,
    withdraw_answer,
)
from bot.collab.store.requests import (
    approve_request,
    close_request,
    create_request,
    discard_request,
    expire_due_requests,
    get_request,
    open_requests,
    record_post,
    reject_request,
    requests_by,
)
from bot.collab.store.suggestions import record_suggestions
from bot.digest.store.week import load_week
from bot.errors import Refusal
from bot.skills import HubMerge
from bot.skills.store import merge_hub_skills
from bot.store import Store

from .factories import BOB, CAROL, NOW, REQUESTER, a_draft

GUILD = 1
DAVE = 400


@pytest.fixture
async def store(tmp_path):
    async with Store.open(tmp_path / "collab.db") as store:
        yield store


async def open_request(store, *, now=NOW, **changes):
    return await create_request(
        store,
        GUILD,
        REQUESTER,
        a_draft(**changes),
        locale="en",
        status=Status.OPEN,
        now=now,
        expires_at=now + timedelta(days=30),
    )


async def refusal(awaitable) -> str:
    with pytest.raises(Refusal) as caught:
        await awaitable
    return caught.value.key


async def test_a_stored_request_reads_back_as_written(store):
    created = await open_request(store, skills=("javascript", "web-development"))
    await record_post(store, created.id, channel_id=50, message_id=51, thread_id=None)
    read = await get_request(store, created.id)
    assert read is not None
    assert read.skills == ("javascript", "web-development")
    assert (read.title, read.status, read.partners_found) == (created.title, Status.OPEN, 0)
    assert (read.channel_id, read.message_id, read.posted_at) == (50, 51, NOW)


async def test_one_answer_per_member_and_none_from_the_requester(store):
    request = await open_request(store)
    answer = await add_answer(store, request.id, BOB, locale="en", now=NOW)
    assert answer.status is AnswerStatus.PENDING
    assert (
        await refusal(add_answer(store, request.id, BOB, locale="en", now=NOW))
        == "collab.already_answered"
    )
    assert (
        await refusal(add_answer(store, request.id, REQUESTER, locale="en", now=NOW))
        == "collab.own_request"
    )
    assert [a.user_id for a in await answers_to(store, request.id)] == [BOB]


async def test_accepting_the_only_wanted_partner_matches_the_request(store):
    request = await open_request(store)
    await add_answer(store, request.id, BOB, locale="en", now=NOW)
    await add_answer(store, request.id, CAROL, locale="en", now=NOW)
    decision = await decide_answer(store, request.id, BOB, REQUESTER, accept=True, now=NOW)
    assert decision.just_matched
    assert decision.request.status is Status.MATCHED
    assert decision.request.partners_found == 1
    assert decision.answer.status is AnswerStatus.ACCEPTED
    later = await refusal(decide_answer(store, request.id, CAROL, REQUESTER, accept=True, now=NOW))
    assert later == "collab.already_matched"
    declined = await decide_answer(store, request.id, CAROL, REQUESTER, accept=False, now=NOW)
    assert declined.answer.status is AnswerStatus.DECLINED
    assert not declined.just_matched


async def test_a_request_for_two_stays_open_after_the_first_accept(store):
    request = await open_request(store, partners_wanted=2)
    for member in (BOB, CAROL):
        await add_answer(store, request.id, member, locale="en", now=NOW)
    first = await decide_answer(store, request.id, BOB, REQUESTER, accept=True, now=NOW)
    assert (first.request.status, first.request.partners_found) == (Status.OPEN, 1)
    assert not first.just_matched
    second = await decide_answer(store, request.id, CAROL, REQUESTER, accept=True, now=NOW)
    assert (second.request.status, second.request.partners_found) == (Status.MATCHED, 2)
    assert second.just_matched


async def test_only_the_requester_decides(store):
    request = await open_request(store)
    await add_answer(store, request.id, BOB, locale="en", now=NOW)
    assert await refusal(decide_answer(store, request.id, BOB, CAROL, accept=True, now=NOW)) == (
        "collab.only_requester"
    )
    assert (await answers_to(store, request.id))[0].status is AnswerStatus.PENDING


async def test_two_accepts_at_once_cannot_both_take_the_last_place(store):
    request = await open_request(store)
    for member in (BOB, CAROL):
        await add_answer(store, request.id, member, locale="en", now=NOW)
    results = await asyncio.gather(
        decide_answer(store, request.id, BOB, REQUESTER, accept=True, now=NOW),
        decide_answer(store, request.id, CAROL, REQUESTER, accept=True, now=NOW),
        return_exceptions=True,
    )
    assert sum(not isinstance(result, Exception) for result in results) == 1
    assert [r.key for r in results if isinstance(r, Refusal)] == ["collab.already_matched"]
    stored = await get_request(store, request.id)
    assert stored is not None
    assert stored.partners_found == 1


async def test_the_thread_opened_for_an_accepted_answer_is_kept(store):
    request = await open_request(store)
    await add_answer(store, request.id, BOB, locale="en", now=NOW)
    await decide_answer(store, request.id, BOB, REQUESTER, accept=True, now=NOW)
    await record_answer_thread(store, request.id, BOB, 999)
    assert (await answers_to(store, request.id))[0].thread_id == 999


async def test_each_suggested_member_is_invited_once_per_request(store):
    request = await open_request(store)
    assert await refusal(add_invite(store, request.id, REQUESTER, BOB, "en", NOW)) == (
        "collab.not_suggested"
    )
    await record_suggestions(store, request.id, [BOB, DAVE], NOW)
    await add_invite(store, request.id, REQUESTER, BOB, "en", NOW)
    assert await refusal(add_invite(store, request.id, REQUESTER, BOB, "en", NOW)) == (
        "collab.already_invited"
    )
    assert await refusal(add_invite(store, request.id, CAROL, DAVE, "en", NOW)) == (
        "collab.only_requester"
    )
    other = await open_request(store)
    await record_suggestions(store, other.id, [BOB], NOW)
    await add_invite(store, other.id, REQUESTER, BOB, "en", NOW)
    assert await invited_members(store, request.id) == {BOB}
    # Each invitation is owed to its member once, in the same transaction.
    owed = await store.fetch_all("SELECT item_id, user_id FROM outbox ORDER BY item_id")
    assert [tuple(row) for row in owed] == [(request.id, BOB), (other.id, BOB)]


async def test_expiry_closes_only_requests_past_their_date(store):
    old = await open_request(store, now=NOW - timedelta(days=31))
    fresh = await open_request(store)
    matched = await open_request(store, now=NOW - timedelta(days=40))
    await add_answer(store, matched.id, BOB, locale="en", now=NOW - timedelta(days=39))
    await decide_answer(
        store, matched.id, BOB, REQUESTER, accept=True, now=NOW - timedelta(days=39)
    )
    expired = await expire_due_requests(store, NOW)
    assert [(r.id, r.status) for r in expired] == [(old.id, Status.EXPIRED)]
    assert await expire_due_requests(store, NOW) == []
    assert [r.id for r in await open_requests(store, GUILD, NOW)] == [fresh.id]


async def test_queued_requests_are_approved_or_rejected_once(store):
    queued = await create_request(
        store,
        GUILD,
        REQUESTER,
        a_draft(),
        locale="id",
        status=Status.PENDING,
        now=NOW,
        expires_at=NOW + timedelta(days=30),
    )
    assert await open_requests(store, GUILD, NOW) == []
    assert (
        await refusal(add_answer(store, queued.id, BOB, locale="en", now=NOW))
        == "collab.not_published"
    )
    later = NOW + timedelta(days=2)
    approved = await approve_request(store, queued.id, now=later, expires_at=later + timedelta(30))
    assert (approved.status, approved.posted_at) == (Status.OPEN, later)
    assert approved.expires_at == later + timedelta(days=30)
    assert await refusal(reject_request(store, queued.id, now=later)) == "core.already_handled"


async def test_closing_is_for_the_requester_or_a_moderator(store):
    request = await open_request(store)
    assert await refusal(close_request(store, request.id, BOB, is_moderator=False, now=NOW)) == (
        "collab.only_requester_closes"
    )
    closed = await close_request(store, request.id, CAROL, is_moderator=True, now=NOW)
    assert closed.status is Status.CLOSED
    assert await refusal(
        close_request(store, request.id, REQUESTER, is_moderator=False, now=NOW)
    ) == ("collab.not_closable")


async def test_an_unknown_number_is_refused_by_name(store):
    assert await refusal(add_answer(store, 12345, BOB, locale="en", now=NOW)) == "collab.not_found"


async def test_lists_filter_by_skill_and_kind_newest_first(store):
    site = await open_request(store, skills=("web-development",))
    mentor = await open_request(
        store, now=NOW + timedelta(hours=1), skills=("python",), kind=Kind.MENTOR
    )
    later = NOW + timedelta(hours=2)
    assert [r.id for r in await open_requests(store, GUILD, later)] == [mentor.id, site.id]
    by_skill = await open_requests(store, GUILD, later, skill="python")
    assert [r.id for r in by_skill] == [mentor.id]
    by_kind = await open_requests(store, GUILD, later, kind=Kind.PROJECT_PARTNER)
    assert [r.id for r in by_kind] == [site.id]
    assert await open_requests(store, 2, later) == []
    assert [r.id for r in await requests_by(store, GUILD, REQUESTER)] == [mentor.id, site.id]
    assert await requests_by(store, GUILD, BOB) == []


async def test_the_digest_counts_a_weeks_matched_requests(store):
    await open_request(store, now=NOW - timedelta(days=8))
    new = await open_request(store, now=NOW + timedelta(days=1))
    await add_answer(store, new.id, BOB, locale="en", now=NOW + timedelta(days=2))
    await decide_answer(store, new.id, BOB, REQUESTER, accept=True, now=NOW + timedelta(days=2))

    async def matched(starts_at):
        week = await load_week(
            store, GUILD, starts_at, starts_at + timedelta(days=7), frozenset({"collab"})
        )
        return week.counts.matched

    assert await matched(NOW) == 1
    assert await matched(NOW + timedelta(days=3)) == 0


async def test_a_skill_merge_moves_the_requests_that_want_it(store):
    request = await open_request(store, skills=("javascript", "typescript"))
    unrelated = await open_request(store, skills=("typescript",))
    await merge_hub_skills(store, GUILD, HubMerge("typescript", "javascript"), NOW)
    merged = await get_request(store, request.id)
    assert merged is not None
    assert merged.skills == ("javascript",)
    assert [r.id for r in await open_requests(store, GUILD, NOW, skill="javascript")] == [
        unrelated.id,
        request.id,
    ]


async def test_a_request_that_could_not_be_published_is_forgotten(store):
    request = await open_request(store)
    await discard_request(store, request.id)
    assert await get_request(store, request.id) is None


async def test_a_withdrawn_answer_can_be_given_again_but_a_decided_one_stays(store):
    request = await open_request(store, partners_wanted=2)
    await add_answer(store, request.id, BOB, locale="en", now=NOW)
    await withdraw_answer(store, request.id, BOB)
    await add_answer(store, request.id, BOB, locale="id", now=NOW)
    await decide_answer(store, request.id, BOB, REQUESTER, accept=True, now=NOW)
    await withdraw_answer(store, request.id, BOB)
    [answer] = await answers_to(store, request.id)
    assert (answer.status, answer.locale) == (AnswerStatus.ACCEPTED, "id")
