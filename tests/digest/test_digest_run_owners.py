"""A digest run's owner and lease in the store, on both engines: several processes share one
database, and each run still 'sending' is written by one of them alone."""

import asyncio
from datetime import UTC, datetime

import pytest
from digest_processes import serving

from bot.digest.personal import letter_item
from bot.digest.run_lease import RUN_LEASE, lease_until
from bot.digest.store.runs import (
    finish_run,
    finish_run_owing,
    get_run,
    record_part,
    start_run,
    take_over_run,
    unfinished_runs,
)
from bot.outbox.store import Address
from bot.store import Store
from bot.store.stamps import stamp

GUILD, WEEK = 111, "2026-W46"
DUE = datetime(2026, 11, 9, 2, 0, tzinfo=UTC)
A, B, C = "run-a", "run-b", "run-c"  # three processes' runs of Mozaik (bot/instance.py THIS_RUN)
LETTERS = {letter_item(WEEK, 0): [Address(7, "en", "{}")]}


@pytest.fixture
async def store(store_database):
    async with Store.open(store_database) as store:
        yield store


async def started_by(store, owner):
    assert await start_run(
        store, GUILD, WEEK, DUE, 40, "{}", DUE, owner=owner, lease_until=lease_until(DUE)
    )
    return await get_run(store, GUILD, WEEK)


async def owner_of(store):
    row = await store.fetch_one(
        "SELECT owner FROM digest_runs WHERE guild_id = ? AND iso_week = ?", (GUILD, WEEK)
    )
    return row["owner"]


async def letters(store):
    """The members owed a personal digest letter, in order."""
    rows = await store.fetch_all(
        "SELECT user_id FROM outbox WHERE kind = 'personal_digest' ORDER BY user_id"
    )
    return [row["user_id"] for row in rows]


async def test_of_two_processes_taking_over_one_expired_run_at_once_one_wins(store):
    run = await started_by(store, A)
    expired = DUE + RUN_LEASE
    await serving(store, A, B, C, at=expired)
    taken = await asyncio.gather(
        *(take_over_run(store, run, owner, expired, lease_until(expired)) for owner in (B, C))
    )
    assert sorted(taken) == [False, True]
    assert await owner_of(store) == (B if taken[0] else C)


async def test_a_run_whose_lease_has_not_ended_is_not_resumed_by_another(store):
    run = await started_by(store, A)
    soon = DUE + RUN_LEASE / 2
    await serving(store, A, B, at=soon)
    assert not await take_over_run(store, run, B, soon, lease_until(soon))
    assert await owner_of(store) == A
    assert await take_over_run(store, run, A, soon, lease_until(soon))  # its own: renewed
    later = DUE + RUN_LEASE  # the first lease's end, not the renewed one's
    await serving(store, A, B, at=later)
    assert not await take_over_run(store, run, B, later, lease_until(later))
    assert await owner_of(store) == A


async def test_a_run_whose_owner_serves_no_more_is_taken_over_before_its_lease_ends(store):
    run = await started_by(store, A)
    await serving(store, B, at=DUE)  # A holds no lease on the database: it died, or stalled
    assert await take_over_run(store, run, B, DUE, lease_until(DUE))
    assert await owner_of(store) == B


async def test_an_owner_whose_run_was_taken_over_writes_no_part_end_or_letter(store):
    run = await started_by(store, A)
    expired = DUE + RUN_LEASE
    await serving(store, A, B, at=expired)
    assert await take_over_run(store, run, B, expired, lease_until(expired))
    lease = lease_until(expired)

    assert not await record_part(store, run, 0, 5001, owner=A, lease_until=lease)
    assert not await finish_run_owing(store, run, LETTERS, expired, owner=A)
    assert not await finish_run(store, run, "missed", expired, owner=A)
    found = await get_run(store, GUILD, WEEK)
    assert (found.status, found.message_ids, await letters(store)) == ("sending", {}, [])
    assert await owner_of(store) == B

    assert await record_part(store, run, 0, 5002, owner=B, lease_until=lease)
    assert await finish_run(store, run, "sent", expired, owner=B)
    found = await get_run(store, GUILD, WEEK)
    assert (found.status, found.message_ids) == ("sent", {0: 5002})


async def test_a_sent_run_stays_sent(store):
    run = await started_by(store, A)
    assert await record_part(store, run, 0, 5001, owner=A, lease_until=lease_until(DUE))
    assert await finish_run_owing(store, run, {}, DUE, owner=A)
    much_later = DUE + RUN_LEASE * 10
    await serving(store, A, B, at=much_later)
    lease = lease_until(much_later)

    for owner in (A, B):
        assert not await take_over_run(store, run, owner, much_later, lease)
        assert not await record_part(store, run, 0, 6001, owner=owner, lease_until=lease)
        assert not await record_part(store, run, 1, 6002, owner=owner, lease_until=lease)
        assert not await finish_run(store, run, "missed", much_later, owner=owner)
        assert not await finish_run_owing(store, run, LETTERS, much_later, owner=owner)
        assert not await start_run(
            store, GUILD, WEEK, DUE, 40, "{}", much_later, owner=owner, lease_until=lease
        )
    found = await get_run(store, GUILD, WEEK)
    assert (found.status, found.message_ids, await letters(store)) == ("sent", {0: 5001}, [])
    assert await unfinished_runs(store) == []


async def test_a_run_sending_from_before_leases_is_taken_by_the_first_that_resumes_it(store):
    await store.write(
        "INSERT INTO digest_runs (guild_id, iso_week, due_at, status, channel_id, digest,"
        " created_at) VALUES (?, ?, ?, 'sending', 40, '{}', ?)",
        (GUILD, WEEK, stamp(DUE), stamp(DUE)),
    )
    run = await get_run(store, GUILD, WEEK)
    await serving(store, A, B, at=DUE)
    assert await take_over_run(store, run, A, DUE, lease_until(DUE))
    assert not await take_over_run(store, run, B, DUE, lease_until(DUE))
