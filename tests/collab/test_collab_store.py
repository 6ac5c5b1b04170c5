import asyncio
from datetime import timedelta

import pytest

from bot.collab.model import AnswerStatus, Kind, Status
from bot.collab.rules import status_after_accept
from bot.collab.store.answers import (
    add_answer,
    add_invite,
    answers_to,
    decide_answer,
    invited_members,
    record_answer_thread,
    was_invited,
    was_suggested,
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
from bot.skills import HubMerge
from bot.skills.store import merge_hub_skills
from bot.store import Store

from .factories import BOB, CAROL, NOW, REQUESTER, a_draft

GUILD = 1
DAVE = 400


@pytest.fixture
async def store(store_database):
    async with Store.open(store_database) as store:
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


async def accept(store, request, member, *, now=NOW):
    """The requester accepts `member`'s answer to `request` as it was read."""
    return await decide_answer(
        store, request, member, accepted_to=status_after_accept(request), now=now
    )


async def decline(store, request, member):
    return await decide_answer(store, request, member, accepted_to=None, now=NOW)


async def test_a_stored_request_reads_back_as_written(store):
    created = await open_request(store, skills=("javascript", "web-development"))
    await record_post(store, created.id, channel_id=50, message_id=51, thread_id=None)
    read = await get_request(store, created.id)
    assert read is not None
    assert read.skills == ("javascript", "web-development")
    assert (read.title, read.status, read.partners_found) == (created.title, Status.OPEN, 0)
    assert (read.channel_id, read.message_id, read.posted_at) == (50, 51, NOW)


async def test_one_answer_per_member(store):
    request = await open_request(store)
    answer = await add_answer(store, request.id, BOB, locale="en", now=NOW)
    assert answer is not None
    assert answer.status is AnswerStatus.PENDING
    assert await add_answer(store, request.id, BOB, locale="id", now=NOW) is None
    assert [(a.user_id, a.locale) for a in await answers_to(store, request.id)] == [(BOB, "en")]


async def test_accepting_the_only_wanted_partner_matches_the_request(store):
    request = await open_request(store)
    await add_answer(store, request.id, BOB, locale="en", now=NOW)
    await add_answer(store, request.id, CAROL, locale="en", now=NOW)
    decision = await accept(store, request, BOB)
    assert decision is not None
    assert decision.just_matched
    assert decision.request.status is Status.MATCHED
    assert decision.request.partners_found == 1
    assert decision.answer.status is AnswerStatus.ACCEPTED
    # Carol's acceptance as the requester saw the request before: it has moved on.
    assert await accept(store, request, CAROL) is None
    assert (await answers_to(store, request.id))[1].status is AnswerStatus.PENDING
    declined = await decline(store, decision.request, CAROL)
    assert declined is not None
    assert declined.answer.status is AnswerStatus.DECLINED
    assert not declined.just_matched


async def test_a_request_for_two_stays_open_after_the_first_accept(store):
    request = await open_request(store, partners_wanted=2)
    for member in (BOB, CAROL):
        await add_answer(store, request.id, member, locale="en", now=NOW)
    first = await accept(store, request, BOB)
    assert first is not None
    assert (first.request.status, first.request.partners_found) == (Status.OPEN, 1)
    assert not first.just_matched
    second = await accept(store, first.request, CAROL)
    assert second is not None
    assert (second.request.status, second.request.partners_found) == (Status.MATCHED, 2)
    assert second.just_matched


async def test_each_answer_is_decided_once(store):
    request = await open_request(store, partners_wanted=2)
    await add_answer(store, request.id, BOB, locale="en", now=NOW)
    assert await decline(store, request, BOB) is not None
    assert await accept(store, request, BOB) is None
    [answer] = await answers_to(store, request.id)
    assert answer.status is AnswerStatus.DECLINED
    stored = await get_request(store, request.id)
    assert stored is not None
    assert stored.partners_found == 0


async def test_two_accepts_at_once_cannot_both_take_the_last_place(store):
    request = await open_request(store)
    for member in (BOB, CAROL):
        await add_answer(store, request.id, member, locale="en", now=NOW)
    results = await asyncio.gather(accept(store, request, BOB), accept(store, request, CAROL))
    assert sum(result is not None for result in results) == 1
    stored = await get_request(store, request.id)
    assert stored is not None
    assert (stored.status, stored.partners_found) == (Status.MATCHED, 1)
    assert sorted(a.status for a in await answers_to(store, request.id)) == [
        AnswerStatus.ACCEPTED,
        AnswerStatus.PENDING,
    ]


async def test_of_two_accepts_at_once_of_a_request_for_two_one_waits_to_read_it_again(store):
    """Both read the request with no partner found: one takes the first place, the other finds
    the request moved on (the cog reads it again), never an error, on either engine."""
    request = await open_request(store, partners_wanted=2)
    for member in (BOB, CAROL):
        await add_answer(store, request.id, member, locale="en", now=NOW)
    results = await asyncio.gather(accept(store, request, BOB), accept(store, request, CAROL))
    [decided] = [result for result in results if result is not None]
    assert (decided.request.status, decided.request.partners_found) == (Status.OPEN, 1)
    late = CAROL if decided.answer.user_id == BOB else BOB
    again = await accept(store, decided.request, late)
    assert again is not None
    assert again.just_matched


async def test_the_thread_opened_for_an_accepted_answer_is_kept(store):
    request = await open_request(store)
    await add_answer(store, request.id, BOB, locale="en", now=NOW)
    await accept(store, request, BOB)
    await record_answer_thread(store, request.id, BOB, 999)
    assert (await answers_to(store, request.id))[0].thread_id == 999


async def test_each_suggested_member_is_invited_once_per_request(store):
    request = await open_request(store)
    assert not await was_suggested(store, request.id, BOB)
    await record_suggestions(store, request.id, [BOB, DAVE], NOW)
    assert await was_suggested(store, request.id, BOB)
    assert not await was_invited(store, request.id, BOB)
    assert await add_invite(store, request.id, BOB, "en", NOW)
    assert await was_invited(store, request.id, BOB)
    assert not await add_invite(store, request.id, BOB, "en", NOW)
    other = await open_request(store)
    await record_suggestions(store, other.id, [BOB], NOW)
    assert await add_invite(store, other.id, BOB, "en", NOW)
    assert await invited_members(store, request.id) == {BOB}
    # Each invitation is owed to its member once, in the same transaction.
    owed = await store.fetch_all("SELECT item_id, user_id FROM outbox ORDER BY item_id")
    assert [tuple(row) for row in owed] == [(request.id, BOB), (other.id, BOB)]


async def test_a_request_no_longer_open_takes_no_answer_nor_invite(store):
    request = await open_request(store)
    await record_suggestions(store, request.id, [BOB], NOW)
    assert await close_request(store, request, now=NOW) is not None
    assert await add_answer(store, request.id, CAROL, locale="en", now=NOW) is None
    assert not await add_invite(store, request.id, BOB, "en", NOW)
    assert await answers_to(store, request.id) == []
    assert await invited_members(store, request.id) == set()


async def test_expiry_closes_only_requests_past_their_date(store):
    old = await open_request(store, now=NOW - timedelta(days=31))
    fresh = await open_request(store)
    matched = await open_request(store, now=NOW - timedelta(days=40))
    await add_answer(store, matched.id, BOB, locale="en", now=NOW - timedelta(days=39))
    await accept(store, matched, BOB, now=NOW - timedelta(days=39))
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
    assert await add_answer(store, queued.id, BOB, locale="en", now=NOW) is None
    later = NOW + timedelta(days=2)
    approved = await approve_request(store, queued, now=later, expires_at=later + timedelta(30))
    assert approved is not None
    assert (approved.status, approved.posted_at) == (Status.OPEN, later)
    assert approved.expires_at == later + timedelta(days=30)
    assert await reject_request(store, queued, now=later) is None
    assert await approve_request(store, queued, now=later, expires_at=later) is None
    stored = await get_request(store, queued.id)
    assert stored == approved


async def test_a_request_is_closed_once(store):
    request = await open_request(store)
    closed = await close_request(store, request, now=NOW)
    assert closed is not None
    assert (closed.status, closed.closed_at) == (Status.CLOSED, NOW)
    assert await close_request(store, request, now=NOW + timedelta(hours=1)) is None
    assert await get_request(store, request.id) == closed


async def test_an_unknown_number_takes_no_answer(store):
    assert await add_answer(store, 12345, BOB, locale="en", now=NOW) is None
    assert await answers_to(store, 12345) == []


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
    await accept(store, new, BOB, now=NOW + timedelta(days=2))

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
    await accept(store, request, BOB)
    await withdraw_answer(store, request.id, BOB)
    [answer] = await answers_to(store, request.id)
    assert (answer.status, answer.locale) == (AnswerStatus.ACCEPTED, "id")
