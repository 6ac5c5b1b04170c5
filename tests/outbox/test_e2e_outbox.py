"""The outbox through the running bot: a direct message Discord fails with a 5xx is sent later,
once (looked for in the member's DMs first); one Discord refuses because the member does not
accept DMs is recorded and never tried again."""

from datetime import UTC, datetime, timedelta

from bot.clock import ManualClock
from bot.sandbox import Sandbox, faults
from tests.gigs.e2e import post_gig
from tests.support.hub import a_hub, set_up_hub
from tests.support.outbox import drained, opt_in
from tests.support.replies import finished


async def approve_a_gig(sandbox, hub):
    moderator = hub.add_member("mod", roles=["Moderators"])
    poster = hub.add_member("poster")
    await set_up_hub(sandbox, hub)
    await post_gig(sandbox, poster)
    [waiting] = sandbox.messages(hub.channel("queue"))
    await finished(await sandbox.click(moderator, waiting, "Approve"))


async def test_a_dm_discord_fails_is_sent_once_later_and_closed_dms_are_not_asked_again(
    sandbox: Sandbox, settings
):
    hub = a_hub(sandbox)
    unlucky, lucky = hub.add_member("unlucky"), hub.add_member("lucky")
    closed = hub.add_member("closed", accepts_dms=False)
    await opt_in(settings.database, hub.id, [unlucky.id, lucky.id, closed.id], "graphic-design")
    clock = ManualClock(datetime.now(UTC))
    # Discord fails the first message to one member with a 503.
    their_dms = sandbox.world.dm_channel(unlucky.user)
    failing = sandbox.inject(f"POST /channels/{their_dms.id}/messages", faults.server_error(503))
    async with sandbox.run_bot(settings, clock=clock) as bot:
        await approve_a_gig(sandbox, hub)
        await sandbox.wait_until(lambda: failing.served == 1)
        assert (await drained(bot))["waiting"] == 1  # tried again in 30 s
        assert [len(sandbox.dms(m)) for m in (unlucky, lucky, closed)] == [0, 1, 0]

        clock.advance(timedelta(seconds=31))  # the first retry's wait
        bot.dispatch("outbox_filled")
        counts = await drained(bot)
        outbox = bot.get_cog("Outbox")
        clock.advance(timedelta(days=1))
        await outbox.drain_due()  # nothing is due any more: nothing is sent again
    assert counts == {"sent": 2, "closed": 1}
    assert [len(sandbox.dms(m)) for m in (unlucky, lucky, closed)] == [1, 1, 0]
    refused = [v.code for v in sandbox.take_violations()]
    assert refused == [50007]  # asked once
