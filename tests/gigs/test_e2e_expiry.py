"""The hourly upkeep: posters are reminded before expiry and may renew; expired gigs close and
their posts say so."""

from datetime import timedelta

import discord

from bot.sandbox import Sandbox
from cogs.gigs import UPKEEP_JOB
from cogs.gigs._expiry import expire_gigs, upkeep
from tests.support.hub import a_hub, set_up_hub
from tests.support.outbox import drained
from tests.support.reading import labels, only, show
from tests.support.replies import click

from .e2e import post_gig


async def test_a_reminded_poster_renews_and_the_gig_expires_a_period_later(
    sandbox: Sandbox, settings, clock
):
    hub = a_hub(sandbox)
    mod = hub.add_member("mod", roles=["Moderators"])
    alice = hub.add_member("alice")
    async with sandbox.run_bot(settings, clock=clock) as bot:
        assert bot.scheduler.get_job(UPKEEP_JOB) is not None
        await set_up_hub(sandbox, hub)
        await post_gig(sandbox, alice)
        await click(sandbox, mod, only(sandbox.messages(hub.channel("queue"))), "Approve")
        post = only(sandbox.messages(hub.channel("gigs")))
        published_at = clock.now()

        clock.advance(timedelta(days=26))
        await upkeep(bot)
        await drained(bot)  # the reminders it owes
        assert len(sandbox.dms(alice)) == 1, "nothing to remind of yet"
        clock.advance(timedelta(days=1, hours=1))
        await upkeep(bot)
        await drained(bot)  # the reminders it owes
        await upkeep(bot)
        await drained(bot)  # the reminders it owes
        reminder = sandbox.dms(alice)[-1]
        show("alice, in DMs", reminder)
        assert len(sandbox.dms(alice)) == 2, "reminded once"
        assert "expires <t:" in reminder.text
        assert labels(reminder) == ["Renew", "Close"]

        renewed = await click(sandbox, alice, reminder, "Renew")
        show("alice", renewed)
        until = int((clock.now() + timedelta(days=30)).timestamp())
        assert f"stays open until <t:{until}:D>" in renewed.text
        assert labels(reminder) == ["Renew (disabled)", "Close (disabled)"]

        clock.set(published_at + timedelta(days=31))
        assert await expire_gigs(bot, clock.now()) == 0, "the renewal moved the expiry"
        clock.advance(timedelta(days=27))
        assert await expire_gigs(bot, clock.now()) == 1
        assert await expire_gigs(bot, clock.now()) == 0

        show("everyone, in #gigs", post)
        assert "Closed: expired" in post.embed["footer"]["text"]
        assert labels(post) == ["I'm interested (disabled)", "Report (disabled)"]
        assert "has expired" in sandbox.dms(alice)[-1].text


async def test_closing_from_the_reminder_asks_whether_the_hub_filled_it(
    sandbox: Sandbox, settings, clock
):
    hub = a_hub(sandbox)
    mod = hub.add_member("mod", roles=["Moderators"])
    alice = hub.add_member("alice")
    async with sandbox.run_bot(settings, clock=clock) as bot:
        await set_up_hub(sandbox, hub)
        await post_gig(sandbox, alice)
        await click(sandbox, mod, only(sandbox.messages(hub.channel("queue"))), "Approve")
        clock.advance(timedelta(days=28))
        await upkeep(bot)
        await drained(bot)  # the reminders it owes
        reminder = sandbox.dms(alice)[-1]

        how = await click(sandbox, alice, reminder, "Close")
        assert "Why are you closing gig #1?" in how.text
        question = await click(sandbox, alice, how, "It was filled")
        assert "was it filled through this hub?" in question.text
        await sandbox.click(alice, question, "No, elsewhere")
        stats = await (await sandbox.slash(mod, "gigmod stats")).wait_followup()
        assert "Filled: 1" in stats.text


async def test_a_publication_refused_by_discord_is_retried_by_the_upkeep(
    sandbox: Sandbox, settings
):
    hub = a_hub(sandbox)
    mod = hub.add_member("mod", roles=["Moderators"])
    alice = hub.add_member("alice")
    gigs = hub.channel("gigs")
    gigs.set_permissions(hub.me, deny=discord.Permissions(send_messages=True))
    async with sandbox.run_bot(settings) as bot:
        await set_up_hub(sandbox, hub)
        await post_gig(sandbox, alice)
        approved = await click(
            sandbox, mod, only(sandbox.messages(hub.channel("queue"))), "Approve"
        )
        show("mod", approved)
        assert "approved, but Mozaik couldn't publish it in" in approved.text
        assert sandbox.messages(gigs) == []
        assert [v.code for v in sandbox.take_violations()] == [50013]

        gigs.set_permissions(hub.me, allow=discord.Permissions(send_messages=True))
        await upkeep(bot)
        await upkeep(bot)
        post = only(sandbox.messages(gigs))
        assert labels(post) == ["I'm interested", "Report"]
        assert "is published" in sandbox.dms(alice)[-1].text
