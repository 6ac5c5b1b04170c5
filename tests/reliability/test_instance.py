"""One running Mozaik per database, or per shard of it: a second `mozaik run` on the same
database (a double start, an overlapping deploy) refuses to start and says who holds it, and the
running one goes on posting each gig once; a holder that died is taken over. Sharded runs share
one database, each serving the hubs of its own shards, and one asking for a held shard refuses."""

import asyncio
import os
import re
import socket
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot import instance
from bot.clock import ManualClock
from bot.database import parse_database
from bot.instance import GRACE, HEARTBEAT, DatabaseInUse, held_database
from bot.sandbox import Sandbox
from bot.shards import Shards
from bot.store import Store
from bot.store.lease import WHOLE_DATABASE, lease_holder, take_lease
from tests.support.hub import a_hub as a_plain_hub
from tests.support.hub import set_up_hub
from tests.support.sandbox import strict_sandbox

from ._crash_harness import (
    BotProcess,
    a_hub,
    posts_per_gig,
    pressable,
    queued_gig,
    set_up,
    write_config,
)


async def test_a_second_mozaik_on_the_database_exits_2_naming_the_holder_and_gigs_post_once(
    sandbox: Sandbox, tmp_path: Path, database: Path | str
):
    hub = a_hub(sandbox)
    config = write_config(tmp_path, database=database)
    first = await BotProcess.spawn(sandbox, config, tmp_path / "first.log")
    second = await BotProcess.spawn(sandbox, config, tmp_path / "second.log")
    try:
        await first.start()
        started = datetime.now(UTC)
        await set_up(sandbox, hub)
        numbers = [
            await queued_gig(sandbox, hub, poster, f"Packaging for shop {index}")
            for index, poster in enumerate(hub.posters)
        ]
        # The second start, while the moderators approve the queued gigs.
        await second.release()
        waiting = pressable(sandbox, hub.queue, "approve")

        async def approve(number: int) -> None:
            moderator = hub.moderators[number % 2]
            clicked = await sandbox.click(moderator, waiting[number], f"gig:approve:{number}")
            await clicked.wait_followup()

        *_, status = await asyncio.gather(*map(approve, numbers), second.exited())
        await sandbox.wait_until(lambda: len(posts_per_gig(sandbox, hub)) == len(numbers))
        assert first.running
    finally:
        await first.stop()
        await second.kill()

    assert status == 2
    assert_refused_naming_the_holder(second, database, "", started)
    assert posts_per_gig(sandbox, hub) == dict.fromkeys(numbers, 1)


def assert_refused_naming_the_holder(
    refused: BotProcess, database: Path | str, lease: str, started: datetime
) -> None:
    """The refused process printed one line: the database (and `lease`, the shard), and the
    holder on this host, holding since about `started`."""
    printed = refused.log.read_text(encoding="utf-8").strip().splitlines()
    print("\n".join(printed))
    assert len(printed) == 1, printed
    [line] = printed
    named = str(parse_database(database))  # a server as host:port/database, never its URL
    holder = re.fullmatch(
        rf"{re.escape(named + lease)} is in use by another Mozaik \(host (\S+), "
        r"pid (\d+), since (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) UTC\); stop it first\. One that "
        rf"stopped is taken over {int(GRACE.total_seconds())} s after its last heartbeat\.",
        line,
    )
    assert holder is not None, line
    assert holder[1] == socket.gethostname()
    since = datetime.strptime(holder[3], "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
    assert abs(since - started) < timedelta(seconds=30)


async def held_elsewhere(store: Store, clock: ManualClock, name: str = WHOLE_DATABASE) -> None:
    """The lease `name` taken now by a run on another machine (host web-2, pid 1234)."""
    assert await take_lease(
        store,
        run="elsewhere",
        host="web-2",
        pid=1234,
        now=clock.now(),
        stale_before=clock.now() - GRACE,
        name=name,
    )


async def test_a_holder_that_stopped_answering_is_taken_over_after_the_grace_period(database):
    clock = ManualClock(datetime(2026, 12, 2, 8, 0, tzinfo=UTC))
    async with Store.open(database) as store:
        # A run on another machine that took the lease and then went silent.
        await held_elsewhere(store, clock)

        clock.advance(GRACE - HEARTBEAT)
        try:
            async with held_database(store, database, "this-run", clock):
                raise AssertionError("a live holder's lease was taken")
        except DatabaseInUse as in_use:
            assert "(host web-2, pid 1234, since 2026-12-02 08:00:00 UTC)" in str(in_use)

        clock.advance(HEARTBEAT * 2)
        async with held_database(store, database, "this-run", clock):
            holder = await lease_holder(store)
            assert holder is not None
            assert (holder.run, holder.host, holder.pid) == (
                "this-run",
                socket.gethostname(),
                os.getpid(),
            )
        assert await lease_holder(store) is None, "a run that stops lets the database go"


async def test_a_holder_that_died_on_this_host_is_taken_over_at_once(database):
    clock = ManualClock(datetime(2026, 12, 2, 8, 0, tzinfo=UTC))
    finished = await asyncio.create_subprocess_exec("true")
    await finished.wait()  # a process of this host that no longer exists
    async with Store.open(database) as store:
        assert await take_lease(
            store,
            run="crashed",
            host=socket.gethostname(),
            pid=finished.pid,
            now=clock.now(),
            stale_before=clock.now() - GRACE,
        )

        async with held_database(store, database, "this-run", clock):
            holder = await lease_holder(store)
            assert holder is not None and holder.run == "this-run"


async def test_two_sharded_bots_on_one_database_each_serve_only_their_shards_hubs(
    sandbox: Sandbox, settings
):
    east = a_plain_hub(sandbox, shard=(0, 2))
    west = a_plain_hub(sandbox, shard=(1, 2))
    reached: dict[str, list[int | None]] = {"shard 0": [], "shard 1": []}

    async with (
        sandbox.run_bot(settings, shards=[0], shard_count=2) as zero,
        sandbox.run_bot(settings, shards=[1], shard_count=2) as one,
    ):
        for bot, name in ((zero, "shard 0"), (one, "shard 1")):

            async def seen(interaction, name=name) -> None:
                reached[name].append(interaction.guild_id)

            bot.add_listener(seen, "on_interaction")
        await set_up_hub(sandbox, east)
        await set_up_hub(sandbox, west)
        east_help = await sandbox.slash(east.add_member("ana"), "help")
        west_help = await sandbox.slash(west.add_member("budi"), "help")

        # The timed work each process would run: the hubs of its own shard, out of both.
        assert [hub.guild_id for hub in await zero.served_hubs()] == [east.id]
        assert [hub.guild_id for hub in await one.served_hubs()] == [west.id]
        assert [guild.id for guild in zero.guilds] == [east.id]
        assert [guild.id for guild in one.guilds] == [west.id]

    assert east_help.content or east_help.embeds
    assert west_help.content or west_help.embeds
    assert set(reached["shard 0"]) == {east.id}
    assert set(reached["shard 1"]) == {west.id}
    assert len(reached["shard 0"]) == len(reached["shard 1"]) > 1


async def test_a_process_asking_for_a_held_shard_exits_2_naming_the_shard_and_its_holder(
    tmp_path: Path, database: Path | str
):
    # Four session starts at once, as Discord allows a large bot: no five seconds between shards.
    async with strict_sandbox(max_concurrency=4) as sandbox:
        await _a_third_process_asks_for_a_held_shard(sandbox, tmp_path, database)


async def _a_third_process_asks_for_a_held_shard(
    sandbox: Sandbox, tmp_path: Path, database: Path | str
) -> None:
    for shard in range(4):
        a_plain_hub(sandbox, shard=(shard, 4))
    config = write_config(tmp_path, database=database)
    sharding = ["--shard-count", "4"]
    first = await BotProcess.spawn(
        sandbox, config, tmp_path / "first.log", run_options=["--shards", "0-1", *sharding]
    )
    other = await BotProcess.spawn(
        sandbox, config, tmp_path / "other.log", run_options=["--shards", "2-3", *sharding]
    )
    third = await BotProcess.spawn(
        sandbox, config, tmp_path / "third.log", run_options=["--shards", "1-2", *sharding]
    )
    try:
        await first.start()
        started = datetime.now(UTC)
        await other.start()  # shards 2 and 3 are free: it serves beside the first
        await third.release()
        status = await third.exited()
        assert first.running and other.running
    finally:
        await first.stop()
        await other.stop()
        await third.kill()

    assert status == 2
    assert_refused_naming_the_holder(third, database, " (shard 1 of 4)", started)


async def test_a_sharded_run_refuses_a_database_served_unsharded_or_with_another_count(database):
    clock = ManualClock(datetime(2026, 12, 2, 8, 0, tzinfo=UTC))
    async with Store.open(database) as store:
        # A live run on another machine serving shard 0 of 4.
        await held_elsewhere(store, clock, "shard 0 of 4")
        for other_way in (Shards(), Shards(ids=(1,), count=8)):
            try:
                async with held_database(store, database, "this-run", clock, other_way):
                    raise AssertionError("two ways of sharding served one database")
            except DatabaseInUse as in_use:
                assert "(shard 0 of 4) is in use by another Mozaik (host web-2" in str(in_use)
            assert await lease_holder(store, "shard 1 of 8") is None, "taken leases let go"

        async with held_database(store, database, "this-run", clock, Shards((1, 2), 4)):
            holder = await lease_holder(store, "shard 2 of 4")
            assert holder is not None and holder.run == "this-run"


async def test_the_heartbeat_on_postgresql_survives_a_dropped_connection(
    postgres_database, monkeypatch
):
    monkeypatch.setattr(instance, "HEARTBEAT", timedelta(milliseconds=50))
    clock = ManualClock(datetime(2026, 12, 2, 8, 0, tzinfo=UTC))
    renew = instance.renew_leases
    beats: list[str] = []

    async def renew_after_a_drop(store, run, now):
        beats.append("beat")
        if len(beats) == 1:  # the server ends the connection in the middle of the renewal
            async with store.transaction() as db:
                await db.execute("SELECT pg_terminate_backend(pg_backend_pid())")
        return await renew(store, run, now)

    monkeypatch.setattr(instance, "renew_leases", renew_after_a_drop)
    lost: list[str] = []
    async with Store.open(postgres_database) as store:
        async with held_database(store, postgres_database, "this-run", clock) as lease:

            async def note_lost() -> None:
                lost.append("lost")

            lease.on_lost = note_lost
            clock.advance(HEARTBEAT)
            for _ in range(200):
                holder = await _holder_or_none(store)
                if len(beats) > 2 and holder is not None and holder.heartbeat_at == clock.now():
                    break
                await asyncio.sleep(0.05)
            else:
                raise AssertionError(f"the heartbeat stopped after the drop ({len(beats)} beats)")
        assert lost == []


async def _holder_or_none(store):
    try:
        return await lease_holder(store)
    except store.errors:  # the drop reaches this read too
        return None
