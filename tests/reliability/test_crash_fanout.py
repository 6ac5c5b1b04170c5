"""Crash safety of the outbox: Mozaik is SIGKILLed while it sends one approved gig's skill alerts
to hundreds of members, Discord's clock moves past its memory of nonces, and Mozaik starts again:
every member still has exactly one alert. What prevents the second ones is the read-back of each
member's DM channel (a letter tried before is looked for there before it is sent again), not
Discord's nonce, which has forgotten by then.

The sandbox's rate-limit windows are shortened by RATE_SCALE and the drain's pace sped up by the
same factor (see test_fanout.py), so the fan-out takes seconds."""

import os
from pathlib import Path
from typing import Any

import pytest

from bot.sandbox import Sandbox
from bot.sandbox.messages import NONCE_MEMORY
from bot.store import Store
from tests.support.outbox import opt_in, scaled_pace
from tests.support.sandbox import strict_sandbox

from ._crash_harness import RestartableBot, a_hub, queued_gig, set_up, write_config

# 300 members on every run; MOZAIK_CRASH_FANS=2000 plays the hub at full size (a minute).
FANS = int(os.environ.get("MOZAIK_CRASH_FANS", "300"))
RATE_SCALE = 0.01
PACE = scaled_pace(RATE_SCALE)  # the default 20 a second, in the shortened seconds
KILL_AFTER = FANS // 2  # alerts Discord made before the kill
BACK_WITHIN = 60.0


def kill_after_direct_messages(sandbox: Sandbox, bot: RestartableBot, count: int) -> None:
    """SIGKILL the bot the moment Discord has made `count` direct messages."""
    made = 0

    def on_event(event: str, payload: dict[str, Any], intent: int) -> None:
        nonlocal made
        if event == "MESSAGE_CREATE" and "guild_id" not in payload:
            made += 1
            if made == count:
                bot.kill_now()

    sandbox.world.subscribe(on_event)


async def letters(database: Path | str) -> dict[str, int]:
    async with Store.open(database) as store:
        rows = await store.fetch_all("SELECT status, count(*) FROM outbox GROUP BY status")
    return {status: count for status, count in rows}


@pytest.mark.long
async def test_a_kill_in_the_middle_of_a_fan_out_leaves_every_member_with_one_alert(
    tmp_path: Path, database: Path | str
):
    config = write_config(
        tmp_path,
        database=database,
        hub_defaults={"post_cooldown_seconds": 0},
        outbox_requests_per_second=PACE,
    )
    async with strict_sandbox(rate_scale=RATE_SCALE) as sandbox:
        hub = a_hub(sandbox)
        fans = [hub.guild.add_member(f"member{i}") for i in range(FANS)]
        bot = RestartableBot(sandbox, config, tmp_path / "bot.log")
        try:
            await bot.start()
            await set_up(sandbox, hub)
            await opt_in(database, hub.guild.id, [fan.id for fan in fans], "graphic-design")
            number = await queued_gig(sandbox, hub, hub.posters[0], "Labels for a roastery")
            [waiting] = sandbox.messages(hub.queue)
            kill_after_direct_messages(sandbox, bot, KILL_AFTER)
            await sandbox.click(hub.moderators[0], waiting, f"gig:approve:{number}")
            await sandbox.wait_until(lambda: not bot.running, BACK_WITHIN)
            alerted = sum(bool(sandbox.dms(fan)) for fan in fans)
            left = await letters(database)

            sandbox.elapse(NONCE_MEMORY * 2)  # Discord forgets every nonce of the dead run
            await bot.start()
            await sandbox.wait_until(lambda: all(sandbox.dms(fan) for fan in fans), BACK_WITHIN)
        finally:
            await bot.close()
        done = await letters(database)
    counts = [len(sandbox.dms(fan)) for fan in fans]
    print(
        f"killed with {alerted} of {FANS} members alerted (letters then: {left}); after the "
        f"restart: {done}, DMs per member {min(counts)}..{max(counts)}"
    )
    assert alerted < FANS, "the kill came after the fan-out: nothing was checked"
    assert left.get("waiting", 0) > 0
    assert counts == [1] * FANS
    assert done == {"sent": FANS}
