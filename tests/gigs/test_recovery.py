"""Finding, after a crash, what the run that died had made in Discord, and the claims that keep
two callers (or two runs) from making it twice."""

from datetime import timedelta

import pytest

from bot.gigs.curation import GigAction
from bot.gigs.store.claims import (
    Publication,
    claim_publication,
    claim_queueing,
    record_publication,
    record_queue_message,
    unqueued_gigs,
)
from bot.gigs.store.records import act, create_gig
from bot.gigs.store.responses import (
    Application,
    PosterTold,
    claim_telling,
    poster_was_told,
    record_interest,
    record_telling,
    untold_interests,
)
from bot.store import Store
from cogs.gigs._buttons import Click, is_message_of_gig
from cogs.gigs._posts import message_nonce

from .factories import NOW, terms

MOZAIK = 1000
POST = {Click.INTEREST, Click.REPORT}
DEAD_RUN = "a run that died"


def is_post(gig_id: int, custom_ids: list[str], author_id: int = MOZAIK) -> bool:
    return is_message_of_gig(
        gig_id, POST, author_id=author_id, custom_ids=custom_ids, bot_id=MOZAIK
    )


def test_a_post_is_known_by_its_buttons_for_that_gig():
    assert is_post(7, ["gig:interest:7", "gig:report:7"])
    assert is_post(7, ["gig:report:7"])  # a gig answered by its own link has no Interested


def test_another_gigs_post_is_not_taken_for_it():
    assert not is_post(7, ["gig:interest:17", "gig:report:17"])
    assert not is_post(17, ["gig:interest:1", "gig:report:1"])
    assert not is_post(7, ["gig:reportas:7:scam", "gig:report:7:scam"])  # reasons, not a post


def test_a_message_by_someone_else_is_never_a_post():
    assert not is_post(7, ["gig:interest:7", "gig:report:7"], author_id=42)


def test_a_queue_message_is_not_a_post_nor_a_post_a_queue_message():
    assert not is_post(7, ["gig:approve:7", "gig:reject:7", "gig:changes:7"])
    assert is_message_of_gig(
        7, {Click.APPROVE}, author_id=MOZAIK, custom_ids=["gig:approve:7"], bot_id=MOZAIK
    )
    assert not is_message_of_gig(
        7, {Click.APPROVE}, author_id=MOZAIK, custom_ids=["gig:report:7"], bot_id=MOZAIK
    )


def test_a_message_keeps_its_nonce_and_each_message_has_its_own():
    assert message_nonce("post", 7, 0) == message_nonce("post", 7, 0)
    nonces = {
        message_nonce("post", 7, 0),
        message_nonce("post", 7, 1),
        message_nonce("queue", 7, 0),
    }
    assert len(nonces) == 3
    assert all(len(nonce) <= 25 for nonce in nonces)  # Discord's limit


@pytest.fixture
async def store(store_database):
    async with Store.open(store_database) as opened:
        yield opened


async def approved(store: Store):
    gig = await create_gig(store, guild_id=1, poster_id=2, terms=terms(), now=NOW)
    return await act(store, gig.id, GigAction.APPROVE, 3, NOW)


async def test_a_publication_a_dead_run_claimed_is_taken_over_and_says_when(store):
    gig = await approved(store)
    assert (await claim_publication(store, gig.id, NOW, run=DEAD_RUN)).interrupted_at is None
    taken = await claim_publication(store, gig.id, NOW + timedelta(seconds=5))
    assert taken is not None and taken.interrupted_at == NOW
    assert await claim_publication(store, gig.id, NOW + timedelta(seconds=6)) is None
    await record_publication(store, gig.id, Publication(10, 10, 11, None), NOW)
    assert await claim_publication(store, gig.id, NOW, run="yet another run") is None


async def test_a_new_gig_is_claimed_for_the_queue_by_its_submitter(store):
    gig = await create_gig(store, guild_id=1, poster_id=2, terms=terms(), now=NOW)
    assert [g.id for g in await unqueued_gigs(store)] == [gig.id]
    assert await claim_queueing(store, gig.id, NOW) is None  # the submitter is on it
    taken = await claim_queueing(store, gig.id, NOW, run=DEAD_RUN)
    assert taken is not None and taken.interrupted_at == NOW  # after this run died
    await record_queue_message(store, gig.id, 20, 21)
    assert await unqueued_gigs(store) == []
    assert await claim_queueing(store, gig.id, NOW, run="yet another run") is None


async def test_an_interest_is_told_once_and_again_only_if_it_reached_nobody(store):
    gig = await approved(store)
    assert await record_interest(store, gig.id, Application(30), NOW, run=DEAD_RUN)
    assert [(i.gig_id, i.user_id) for i in await untold_interests(store)] == [(gig.id, 30)]
    assert not await poster_was_told(store, gig.id, 30)
    claim = await claim_telling(store, gig.id, 30, NOW)
    assert claim is not None and claim.interrupted_at == NOW
    assert await claim_telling(store, gig.id, 30, NOW, again_if_unreached=True) is None
    await record_telling(store, gig.id, 30, PosterTold.NOWHERE, NOW)
    assert await untold_interests(store) == []
    assert not await poster_was_told(store, gig.id, 30)
    assert await claim_telling(store, gig.id, 30, NOW) is None
    assert await claim_telling(store, gig.id, 30, NOW, again_if_unreached=True) is not None
    await record_telling(store, gig.id, 30, PosterTold.DM, NOW)
    assert await poster_was_told(store, gig.id, 30)
    assert await claim_telling(store, gig.id, 30, NOW, again_if_unreached=True) is None


async def test_untold_interests_come_in_batches_oldest_first_each_once(store):
    first, second = await approved(store), await approved(store)
    answers = [(second.id, 31, 0), (first.id, 32, 1), (second.id, 30, 1), (first.id, 33, 2)]
    for gig_id, member, minutes in answers:
        at = NOW + timedelta(minutes=minutes)
        assert await record_interest(store, gig_id, Application(member), at, run=DEAD_RUN)
    await record_telling(store, first.id, 33, PosterTold.DM, NOW)  # told: not owed any more
    batches, after = [], None
    while batch := await untold_interests(store, after, limit=2):
        batches.append([(i.gig_id, i.user_id) for i in batch])
        after = batch[-1]
    # At the same instant, by gig then member; a batch picks up where the last one ended.
    assert batches == [[(second.id, 31), (first.id, 32)], [(second.id, 30)]]
