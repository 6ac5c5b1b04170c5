"""Discord failing the real Mozaik in the sandbox: rate limits and server errors while a gig is
published, a gigs or digest channel refusing the bot, direct messages refused with 50007, and the
gateway dropping in the middle of a flow. Each time members and moderators must end up seeing what
they would have seen without the fault, once, or be told what could not be done.
"""

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

import discord
import pytest

from bot.clock import ManualClock
from bot.config import HubDefaults, Settings
from bot.i18n import t
from bot.sandbox import Channel, Member, Sandbox, faults

from ._crash_harness import (
    GIG_CHOICES,
    Hub,
    a_hub,
    gig_form,
    gig_of,
    post_gig,
    posts_per_gig,
    pressable,
    queued_gig,
    run_upkeep,
    set_up,
)

NO_SENDING = discord.Permissions(send_messages=True)
JAKARTA_MONDAY_NINE = datetime(2026, 11, 9, 2, 0, tzinfo=UTC)  # the default digest time
TITLE = "Packaging for a coffee roaster"


@pytest.fixture
def settings(database: Path) -> Settings:
    relaxed = HubDefaults(post_cooldown_seconds=0, max_open_gigs_per_week=100)
    return Settings(database=database, hub_defaults=relaxed)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(JAKARTA_MONDAY_NINE - timedelta(days=1))


async def approve(sandbox: Sandbox, hub: Hub, number: int) -> str:
    """A moderator presses Approve on the gig's queue message; what they are told."""
    waiting = pressable(sandbox, hub.queue, "approve")[number]
    approving = await sandbox.click(hub.moderators[0], waiting, f"gig:approve:{number}")
    return (await approving.wait_followup()).content


def published_answer(sandbox: Sandbox, hub: Hub, number: int) -> str:
    [post] = [m for m in sandbox.messages(hub.gigs) if gig_of(m, "report") == number]
    link = f"https://discord.com/channels/{hub.guild.id}/{hub.gigs.id}/{post.id}"
    return t("en", "gigmod.approved", number=number, link=link)


def told_published(sandbox: Sandbox, poster: Member, number: int, title: str = TITLE) -> int:
    """How many times the poster was told by DM that the gig is published."""
    announcement = t("en", "gigs.dm_approved", number=number, title=title, link="")
    return sum(message.content.startswith(announcement) for message in sandbox.dms(poster))


def publications(sandbox: Sandbox, channel: Channel) -> list[int]:
    """The status of each request to post in `channel`, in order."""
    path = f"/channels/{channel.id}/messages"
    return [e.status for e in sandbox.exchanges if e.method == "POST" and e.path == path]


# Rate limits and server errors while publishing.


async def test_a_rate_limited_publication_waits_retry_after_and_publishes_once(
    sandbox: Sandbox, settings
):
    hub = a_hub(sandbox)
    poster = hub.posters[0]
    async with sandbox.run_bot(settings):
        await set_up(sandbox, hub)
        number = await queued_gig(sandbox, hub, poster, TITLE)
        limited = sandbox.inject(
            f"POST /channels/{hub.gigs.id}/messages", faults.rate_limited(0.3), times=2
        )
        answer = await approve(sandbox, hub, number)

    assert (limited.served, publications(sandbox, hub.gigs)) == (2, [429, 429, 200])
    assert answer == published_answer(sandbox, hub, number)
    assert posts_per_gig(sandbox, hub) == {number: 1}
    assert told_published(sandbox, poster, number) == 1


@pytest.mark.parametrize("status", [500, 502])
async def test_a_server_error_on_publication_is_retried_and_publishes_once(
    sandbox: Sandbox, settings, status
):
    hub = a_hub(sandbox)
    poster = hub.posters[0]
    async with sandbox.run_bot(settings):
        await set_up(sandbox, hub)
        number = await queued_gig(sandbox, hub, poster, TITLE)
        sandbox.inject(f"POST /channels/{hub.gigs.id}/messages", faults.server_error(status))
        answer = await approve(sandbox, hub, number)

    assert publications(sandbox, hub.gigs) == [status, 200]
    assert answer == published_answer(sandbox, hub, number)
    assert posts_per_gig(sandbox, hub) == {number: 1}
    assert told_published(sandbox, poster, number) == 1


# A channel that refuses the bot.


def moderators_told_unpublished(sandbox: Sandbox, hub: Hub, number: int, channel: Channel) -> bool:
    """Whether a message every moderator sees (the audit log, the queue) says that gig #number
    could not go out in `channel`."""
    seen = sandbox.messages(hub.audit) + sandbox.messages(hub.queue)
    return any(f"#{number}" in m.text and channel.mention in m.text for m in seen)


@pytest.mark.parametrize("approved_by", ["moderator", "trusted poster"])
async def test_a_gig_the_gigs_channel_refuses_stays_approved_and_is_published_when_it_works(
    sandbox: Sandbox, settings, clock, approved_by
):
    hub = a_hub(sandbox)
    trusted = approved_by == "trusted poster"
    poster = hub.guild.add_member("trusted", roles=["Trusted"]) if trusted else hub.posters[0]
    async with sandbox.run_bot(settings, clock=clock) as bot:
        await set_up(sandbox, hub)
        hub.gigs.set_permissions(hub.guild.me, deny=NO_SENDING)
        number = 1  # the hub's first gig
        if trusted:
            answer = (await (await post_gig(sandbox, poster, TITLE)).wait_followup()).content
            assert answer == t("en", "gigs.trusted_not_published", number=number)
        else:
            assert await queued_gig(sandbox, hub, poster, TITLE) == number
            assert await approve(sandbox, hub, number) == t(
                "en", "gigmod.approved_not_published", number=number, channel=hub.gigs.mention
            )
        refused = sandbox.take_violations()
        assert [(v.path, v.code) for v in refused] == [(f"/channels/{hub.gigs.id}/messages", 50013)]
        assert sandbox.messages(hub.gigs) == []
        assert told_published(sandbox, poster, number) == 0
        shown = await (await sandbox.slash(hub.fans[0], "gig show", number=number)).wait_followup()
        assert t("en", "gigs.status_approved") in shown.text, "the gig stays approved"
        moderators_told = moderators_told_unpublished(sandbox, hub, number, hub.gigs)

        hub.gigs.set_permissions(hub.guild.me)  # an admin gives Mozaik its permission back
        clock.advance(timedelta(days=1))
        await run_upkeep(bot)

        assert posts_per_gig(sandbox, hub) == {number: 1}
        assert told_published(sandbox, poster, number) == 1
        assert moderators_told, (
            f"neither the audit log nor the queue told the moderators that gig #{number} "
            "could not be published in #gigs"
        )


def digest_cog(bot):
    return bot.get_cog("DigestCog")


async def test_a_digest_the_digest_channel_refuses_is_posted_once_when_it_works_again(
    sandbox: Sandbox, settings, clock
):
    hub = a_hub(sandbox, channels=("digest",))
    digest = hub.channel("digest")
    async with sandbox.run_bot(settings, clock=clock) as bot:
        await set_up(sandbox, hub, digest=digest)
        digest.set_permissions(hub.guild.me, deny=NO_SENDING)
        clock.set(JAKARTA_MONDAY_NINE)
        await digest_cog(bot).scheduled_run(hub.guild.id)  # the hub's weekly job fires
        refused = sandbox.take_violations()
        assert [(v.path, v.code) for v in refused] == [(f"/channels/{digest.id}/messages", 50013)]
        assert sandbox.messages(digest) == []
        moderators_told = any(digest.mention in m.text for m in sandbox.messages(hub.audit))

        digest.set_permissions(hub.guild.me)
        for _ in range(2):  # the sweeps that follow, every 15 minutes
            clock.advance(timedelta(minutes=15))
            await digest_cog(bot).run_due_digests()

        assert len(sandbox.messages(digest)) == 1
        assert moderators_told, (
            "the audit log did not tell the moderators that the weekly digest could not be "
            "posted in #digest"
        )


# Direct messages refused.


async def test_interest_a_poster_cannot_be_sent_by_dm_is_said_in_the_gig_thread_pinging_only_them(
    sandbox: Sandbox, settings
):
    hub = a_hub(sandbox)
    poster, fan = hub.posters[0], hub.fans[0]
    async with sandbox.run_bot(settings):
        await set_up(sandbox, hub)
        number = await queued_gig(sandbox, hub, poster, TITLE)
        await approve(sandbox, hub, number)
        [post] = sandbox.messages(hub.gigs)
        [published] = sandbox.dms(poster)
        # The poster took DMs until now; then they closed them, or blocked Mozaik.
        sandbox.inject(
            f"POST /channels/{published.channel.id}/messages", faults.cannot_message_user()
        )
        opened = await sandbox.click(fan, post, f"gig:interest:{number}")
        answer = await (await sandbox.submit_modal(fan, opened, {"note": ""})).wait_followup()

    assert answer.content == t("en", "gigs.interest_sent_in_thread", number=number)
    assert sandbox.dms(poster) == [published]
    [thread] = sandbox.threads(hub.gigs)
    [note] = sandbox.messages(thread)
    assert note.content == t(
        "en", "gigs.thread_interest", poster=poster.mention, member=fan.mention, number=number
    )
    assert note.pings.users == {poster.id}
    assert not note.pings.roles and not note.pings.everyone


# The gateway dropping in the middle of a flow.


async def test_a_gig_posted_approved_and_answered_across_gateway_drops_happens_once(
    sandbox: Sandbox, settings
):
    hub = a_hub(sandbox)
    poster, fan = hub.posters[0], hub.fans[0]
    async with sandbox.run_bot(settings):
        await set_up(sandbox, hub)

        # The form is open when the connection drops; it is submitted while Mozaik is away.
        opened = await sandbox.slash(poster, "gig post", **GIG_CHOICES)
        assert opened.modal is not None
        async with sandbox.gateway_outage():
            submitting = asyncio.create_task(sandbox.submit_modal(poster, opened, gig_form(TITLE)))
        submitted = await (await submitting).wait_followup()
        [waiting] = sandbox.messages(hub.queue)
        number = gig_of(waiting, "approve")
        assert submitted.content == t("en", "gigs.submitted", number=number)

        # The connection drops while Mozaik publishes the approved gig.
        approving = await sandbox.click(hub.moderators[0], waiting, f"gig:approve:{number}")
        await sandbox.drop_gateway()
        approved = await approving.wait_followup()
        assert approved.content == published_answer(sandbox, hub, number)

        # A member answers: the form with their note is sent while Mozaik is away.
        [post] = sandbox.messages(hub.gigs)
        opened = await sandbox.click(fan, post, f"gig:interest:{number}")
        assert opened.modal is not None
        async with sandbox.gateway_outage():
            answering = asyncio.create_task(sandbox.submit_modal(fan, opened, {"note": "Hi!"}))
        answered = await (await answering).wait_followup()
        assert answered.content == t("en", "gigs.interest_sent", number=number)
        mine = await (await sandbox.slash(poster, "gig mine")).wait_followup()

    assert mine.text.count(TITLE) == 1
    assert len(sandbox.messages(hub.queue)) == 1
    assert posts_per_gig(sandbox, hub) == {number: 1}
    assert told_published(sandbox, poster, number) == 1
    interest = t("en", "gigs.dm_interest", member=fan.mention, number=number, title=TITLE, link="")
    assert sum(m.content.startswith(interest) for m in sandbox.dms(poster)) == 1
