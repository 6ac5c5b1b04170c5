"""A fan-out as a big hub makes it: one approved gig matches thousands of opted-in members. Each
gets exactly one DM, the drain keeps under Discord's global limit with no 429 and nothing refused,
and members using /gig list meanwhile are answered as fast as ever.

Discord opens at most 5 DM channels per 5 s, so 2,000 DMs take half an hour on Discord: this
sandbox shortens every rate-limit window by RATE_SCALE (counts kept), and the drain's pace is
sped up by the same factor, so the traffic has Discord's shape in a hundredth of the time. The
global limit is then 50 requests per RATE_SCALE seconds."""

import asyncio
import statistics
import time

import pytest

from bot.config import Settings
from bot.sandbox.ratelimits import GLOBAL_LIMIT
from tests.gigs.e2e import post_gig
from tests.support.hub import a_hub, set_up_hub
from tests.support.outbox import drained, opt_in, scaled_pace
from tests.support.replies import finished
from tests.support.sandbox import strict_sandbox

MEMBERS = 2_000
RATE_SCALE = 0.01
PACE = scaled_pace(RATE_SCALE)  # the default 20 a second, in the shortened seconds
LISTERS = 3


@pytest.mark.long
async def test_one_gig_for_two_thousand_members_sends_each_one_dm_within_discords_limits(
    database,
):
    settings = Settings(database=database, outbox_requests_per_second=PACE)
    async with strict_sandbox(rate_scale=RATE_SCALE) as sandbox:
        hub = a_hub(sandbox)
        moderator = hub.add_member("mod", roles=["Moderators"])
        poster = hub.add_member("poster")
        listers = [hub.add_member(f"lister{i}") for i in range(LISTERS)]
        fans = [hub.add_member(f"fan{i}") for i in range(MEMBERS)]
        await opt_in(database, hub.id, [fan.id for fan in fans], "graphic-design")
        async with sandbox.run_bot(settings) as bot:
            await set_up_hub(sandbox, hub)
            await post_gig(sandbox, poster)
            [waiting] = sandbox.messages(hub.channel("queue"))
            since = len(sandbox.exchanges)
            began = time.monotonic()
            await finished(await sandbox.click(moderator, waiting, "Approve"))

            waits: list[float] = []
            draining = asyncio.create_task(drained(bot, within=240))

            async def list_gigs(member):
                while not draining.done():
                    started = time.monotonic()
                    await finished(await sandbox.slash(member, "gig list"))
                    waits.append(time.monotonic() - started)
                    await asyncio.sleep(0.2)

            await asyncio.gather(*(list_gigs(member) for member in listers))
            counts = await draining
            took = time.monotonic() - began

        traffic = sandbox.traffic(since)
        busiest = sandbox.ledger.busiest(RATE_SCALE, global_limit=True)
        p95 = statistics.quantiles(waits, n=20)[-1]
        print(
            f"{MEMBERS} DMs in {took:.1f} s: {traffic.requests} requests, "
            f"busiest {RATE_SCALE:g} s {busiest} under the global limit, "
            f"{traffic.rate_limited} 429s; /gig list {len(waits)}x, p95 {p95:.3f} s, "
            f"max {max(waits):.3f} s"
        )
        assert counts == {"sent": MEMBERS}
        assert all(len(sandbox.dms(fan)) == 1 for fan in fans)
        assert busiest <= GLOBAL_LIMIT.requests
        assert traffic.rate_limited == 0
        assert sandbox.violations == []
        assert p95 < 1.0
