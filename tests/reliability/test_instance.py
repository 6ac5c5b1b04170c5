"""One running Mozaik per database: a second `mozaik run` on the same database (a double start,
an overlapping deploy) refuses to start and says who holds it, and the running one goes on
posting each gig once; a holder that died is taken over."""

import asyncio
import os
import re
import socket
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.clock import ManualClock
from bot.instance import GRACE, HEARTBEAT, DatabaseInUse, held_database
from bot.sandbox import Sandbox
from bot.store import Store
from bot.store.lease import lease_holder, take_lease

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
    sandbox: Sandbox, tmp_path: Path
):
    hub = a_hub(sandbox)
    database = tmp_path / "mozaik.db"
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

    printed = second.log.read_text(encoding="utf-8").strip().splitlines()
    print("\n".join(printed))
    assert status == 2
    assert len(printed) == 1, printed
    [line] = printed
    holder = re.fullmatch(
        rf"{re.escape(str(database))} is in use by another Mozaik \(host (\S+), pid (\d+), "
        r"since (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) UTC\); stop it first\. One that stopped is "
        rf"taken over {int(GRACE.total_seconds())} s after its last heartbeat\.",
        line,
    )
    assert holder is not None, line
    assert holder[1] == socket.gethostname()
    since = datetime.strptime(holder[3], "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
    assert abs(since - started) < timedelta(seconds=30)
    assert posts_per_gig(sandbox, hub) == dict.fromkeys(numbers, 1)


async def test_a_holder_that_stopped_answering_is_taken_over_after_the_grace_period(tmp_path):
    clock = ManualClock(datetime(2026, 12, 2, 8, 0, tzinfo=UTC))
    database = tmp_path / "mozaik.db"
    async with Store.open(database) as store:
        # A run on another machine that took the lease and then went silent.
        assert await take_lease(
            store,
            run="elsewhere",
            host="web-2",
            pid=1234,
            now=clock.now(),
            stale_before=clock.now() - GRACE,
        )

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


async def test_a_holder_that_died_on_this_host_is_taken_over_at_once(tmp_path):
    clock = ManualClock(datetime(2026, 12, 2, 8, 0, tzinfo=UTC))
    database = tmp_path / "mozaik.db"
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
