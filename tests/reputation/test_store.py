from datetime import UTC, datetime

import pytest

from bot.reputation.model import Answer, EngagementKind
from bot.reputation.model import TestimonialStatus as Status_
from bot.reputation.store.engagements import (
    answer,
    ask,
    completed_between,
    completed_count,
    get_engagement,
)
from bot.reputation.store.testimonials import (
    move_testimonial,
    received_testimonials,
    write_testimonial,
)
from bot.store import Store

NOW = datetime(2026, 11, 2, 2, 0, tzinfo=UTC)
GUILD, POSTER, BUDI, CITRA = 10, 1, 2, 3


@pytest.fixture
async def store(store_database):
    async with Store.open(store_database) as opened:
        yield opened


async def test_a_pair_named_twice_is_asked_once(store):
    first = await ask(
        store, GUILD, EngagementKind.GIG, 7, POSTER, [BUDI, CITRA], NOW, asker_says_yes=True
    )
    again = await ask(store, GUILD, EngagementKind.GIG, 7, POSTER, [BUDI], NOW, asker_says_yes=True)
    assert [e.member_id for e in first] == [BUDI, CITRA] and again == []


async def test_a_confirmation_counts_for_both_sides_and_only_once(store):
    (named,) = await ask(
        store, GUILD, EngagementKind.GIG, 7, POSTER, [BUDI], NOW, asker_says_yes=True
    )
    confirmed = await answer(store, named, BUDI, Answer.YES, NOW, confirms=True)
    assert confirmed is not None and confirmed.confirmed_at == NOW
    assert (
        await answer(store, named, BUDI, Answer.YES, NOW, confirms=True) is None
    )  # a second click
    assert await completed_count(store, GUILD, POSTER) == 1
    assert await completed_count(store, GUILD, BUDI) == 1
    assert await completed_count(store, GUILD + 1, BUDI) == 0
    assert (await completed_between(store, GUILD, BUDI, POSTER)).id == named.id
    assert await completed_between(store, GUILD, BUDI, CITRA) is None


async def test_a_collaboration_needs_a_yes_from_both_and_a_no_ends_it(store):
    (asked,) = await ask(
        store, GUILD, EngagementKind.COLLAB, 3, POSTER, [BUDI], NOW, asker_says_yes=False
    )
    half = await answer(store, asked, BUDI, Answer.YES, NOW, confirms=False)
    assert half is not None and half.confirmed_at is None
    # The requester's click read the engagement before Budi's yes: it no longer holds.
    assert await answer(store, asked, POSTER, Answer.YES, NOW, confirms=False) is None
    both = await answer(store, half, POSTER, Answer.YES, NOW, confirms=True)
    assert both is not None and both.confirmed_at == NOW
    (other,) = await ask(
        store, GUILD, EngagementKind.COLLAB, 3, POSTER, [CITRA], NOW, asker_says_yes=False
    )
    declined = await answer(store, other, CITRA, Answer.NO, NOW, confirms=False)
    assert declined is not None and declined.declined_at == NOW
    assert (await get_engagement(store, other.id)).confirmed_at is None
    assert await completed_count(store, GUILD, CITRA) == 0


async def test_one_testimonial_per_side_shown_only_once_approved(store):
    (named,) = await ask(
        store, GUILD, EngagementKind.GIG, 7, POSTER, [BUDI], NOW, asker_says_yes=True
    )
    written = await write_testimonial(store, GUILD, named.id, POSTER, BUDI, "Great", NOW)
    assert written is not None and written.status is Status_.WAITING
    assert await write_testimonial(store, GUILD, named.id, POSTER, BUDI, "Again", NOW) is None
    shown = (Status_.SHOWN,)
    assert await received_testimonials(store, GUILD, BUDI, shown, limit=5) == ([], 0)
    waiting = (Status_.WAITING,)
    assert await move_testimonial(store, written.id, Status_.SHOWN, waiting, NOW)
    assert await move_testimonial(store, written.id, Status_.SHOWN, waiting, NOW) is None
    listed, total = await received_testimonials(store, GUILD, BUDI, shown, limit=5)
    assert [t.body for t in listed] == ["Great"] and total == 1
    removed = await move_testimonial(
        store, written.id, Status_.REMOVED, shown, NOW, removed_by=9, reason="Spam"
    )
    assert removed is not None and removed.status is Status_.REMOVED
    assert await received_testimonials(store, GUILD, BUDI, shown, limit=5) == ([], 0)


async def test_a_testimonial_refused_as_a_second_one_takes_no_number(store):
    """Moderators name testimonials by number: on both engines the next one written is the
    next number, whatever was refused before it."""
    (named,) = await ask(
        store, GUILD, EngagementKind.GIG, 7, POSTER, [BUDI], NOW, asker_says_yes=True
    )
    first = await write_testimonial(store, GUILD, named.id, POSTER, BUDI, "Great", NOW)
    assert await write_testimonial(store, GUILD, named.id, POSTER, BUDI, "Again", NOW) is None
    second = await write_testimonial(store, GUILD, named.id, BUDI, POSTER, "Clear brief", NOW)
    assert first is not None and second is not None
    assert second.id == first.id + 1
