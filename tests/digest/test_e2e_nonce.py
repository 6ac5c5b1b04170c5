"""The bot dies after Discord created the week's digest but before the bot heard its id. Back
on the next start, it finds the digest in the channel by the mark in its footer and records it;
without the channel's history to read, the nonce still makes it one digest while Discord
remembers it. The real bot in the sandbox; "dies" is its job cancelled the moment the digest
exists, then the bot closed and started again on the same database."""

import asyncio
from datetime import timedelta
from typing import Any

import discord
import pytest
from test_e2e_digest import JAKARTA_DUE, a_hub, configure, digest_cog, fire, seed_week

from bot.clock import ManualClock
from bot.digest.publishing import message_nonce
from bot.digest.store.runs import get_run
from bot.sandbox import Channel, Guild, Message, Sandbox
from bot.sandbox.messages import NONCE_MEMORY
from bot.sandbox.spec import ApiSpec
from bot.store import Store

WEEK_KEY = "2026-W46"


def die_when_created(sandbox: Sandbox, channel: Channel, job: asyncio.Task[Any]) -> None:
    """Cancel `job` the moment Discord creates a message in `channel`, before it answers."""

    def on_event(event: str, payload: dict[str, Any], intent: int) -> None:
        if event == "MESSAGE_CREATE" and payload["channel_id"] == str(channel.id):
            job.cancel()  # a no-op once the job is over

    sandbox.world.subscribe(on_event)


async def crash_while_posting(sandbox: Sandbox, settings, hub, clock: ManualClock) -> None:
    """The hub's job fires at its due time and the bot dies while Discord posts the digest."""
    async with sandbox.run_bot(settings, clock=clock) as bot:
        await digest_cog(bot).due_at_start
        job = asyncio.create_task(fire(bot, clock, hub.id))
        die_when_created(sandbox, hub.channel("digest"), job)
        with pytest.raises(asyncio.CancelledError):
            await job
    async with Store.open(settings.database) as store:
        run = await get_run(store, hub.id, WEEK_KEY)
    assert run.status == "sending" and run.message_ids == {}  # Discord has it; the bot does not


async def a_digest_made_as_the_bot_died(
    sandbox: Sandbox, settings
) -> tuple[Guild, ManualClock, Message]:
    """A hub whose weekly digest Discord made as the bot died, before the bot recorded it: the
    hub, the clock the bot ran on, and the message."""
    hub = a_hub(sandbox)
    await configure(settings, hub)
    await seed_week(settings, hub, JAKARTA_DUE)
    clock = ManualClock(JAKARTA_DUE - timedelta(days=1))
    await crash_while_posting(sandbox, settings, hub, clock)
    [made] = sandbox.messages(hub.channel("digest"))
    return hub, clock, made


def posts_to(sandbox: Sandbox, channel: Channel) -> list[Any]:
    return [
        e
        for e in sandbox.exchanges
        if e.method == "POST" and e.path == f"/channels/{channel.id}/messages"
    ]


async def restart_after(sandbox: Sandbox, settings, clock: ManualClock, downtime: timedelta):
    """The bot back `downtime` later: what it did about the due and interrupted digests."""
    sandbox.elapse(downtime)
    clock.advance(downtime)
    async with sandbox.run_bot(settings, clock=clock) as bot:
        return await digest_cog(bot).due_at_start


async def test_a_digest_discord_made_as_the_bot_died_is_found_and_not_posted_again(
    sandbox, settings
):
    hub, clock, made = await a_digest_made_as_the_bot_died(sandbox, settings)
    digest_channel = hub.channel("digest")
    assert made.embeds[-1]["footer"]["text"] == "Mozaik digest · week of Nov 9, 2026 · 1/1"

    results = await restart_after(sandbox, settings, clock, timedelta(minutes=1))

    assert [r.outcome for r in results] == ["posted", "already_done"]
    assert sandbox.messages(digest_channel) == [made]
    assert len(posts_to(sandbox, digest_channel)) == 1  # found, not sent again
    async with Store.open(settings.database) as store:
        run = await get_run(store, hub.id, WEEK_KEY)
    assert run.status == "sent" and run.message_ids == {0: made.id}


async def test_without_the_channels_history_the_nonce_keeps_a_quick_restart_to_one_digest(
    sandbox, settings
):
    hub, clock, made = await a_digest_made_as_the_bot_died(sandbox, settings)
    digest_channel = hub.channel("digest")
    digest_channel.set_permissions(hub.me, deny=discord.Permissions(read_message_history=True))

    await restart_after(sandbox, settings, clock, timedelta(minutes=1))

    [refused] = sandbox.take_violations()  # Discord's 403 to the bot reading back the channel
    assert (refused.method, refused.status) == ("GET", 403)
    assert sandbox.messages(digest_channel) == [made]
    # It was sent again, with the same nonce, and Discord answered with the first message.
    posts = posts_to(sandbox, digest_channel)
    assert [e.answer["id"] for e in posts] == [str(made.id), str(made.id)]
    assert {e.answer["nonce"] for e in posts} == {message_nonce(hub.id, WEEK_KEY, 0)}


async def test_back_after_discord_forgot_the_nonce_the_digest_is_still_posted_once(
    sandbox, settings
):
    hub, clock, made = await a_digest_made_as_the_bot_died(sandbox, settings)
    digest_channel = hub.channel("digest")

    # Back an hour later, within the grace: Discord no longer remembers the nonce.
    await restart_after(sandbox, settings, clock, NONCE_MEMORY + timedelta(hours=1))

    assert sandbox.messages(digest_channel) == [made]
    async with Store.open(settings.database) as store:
        run = await get_run(store, hub.id, WEEK_KEY)
    assert run.status == "sent" and run.message_ids == {0: made.id}
    # The channel was read back from the run's start, one page, as Discord would answer it.
    [read] = [
        e
        for e in sandbox.exchanges
        if e.method == "GET" and e.path == f"/channels/{digest_channel.id}/messages"
    ]
    assert [m["id"] for m in read.answer] == [str(made.id)]
    spec = ApiSpec.load()
    assert spec is not None
    assert spec.check_response("GET", read.path, read.status, read.answer) == []
