"""The bot dies after Discord created the week's digest but before the bot heard its id: back
within Discord's nonce memory, it sends the digest again with the same nonce and Discord answers
with the message it already made, so the channel holds one digest. The real bot in the sandbox;
"dies" is its job cancelled the moment the digest exists, then the bot closed and started again
on the same database."""

import asyncio
from datetime import timedelta
from typing import Any

import pytest
from test_e2e_digest import JAKARTA_DUE, a_hub, configure, digest_cog, fire, seed_week

from bot.clock import ManualClock
from bot.digest.publishing import message_nonce
from bot.sandbox import Sandbox
from bot.sandbox.messages import NONCE_MEMORY
from bot.sandbox.state import Channel
from bot.store import Store
from bot.store.digest import get_run

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


async def test_a_digest_discord_made_as_the_bot_died_is_one_digest_after_the_restart(
    sandbox, settings
):
    hub = a_hub(sandbox)
    await configure(settings, hub)
    await seed_week(settings, hub, JAKARTA_DUE)
    digest_channel = hub.channel("digest")
    clock = ManualClock(JAKARTA_DUE - timedelta(days=1))
    await crash_while_posting(sandbox, settings, hub, clock)
    [made] = sandbox.messages(digest_channel)

    sandbox.elapse(timedelta(minutes=1))  # the bot is back a minute later
    clock.advance(timedelta(minutes=1))
    async with sandbox.run_bot(settings, clock=clock) as bot:
        results = await digest_cog(bot).due_at_start

    assert [r.outcome for r in results] == ["posted", "already_done"]
    assert sandbox.messages(digest_channel) == [made]
    async with Store.open(settings.database) as store:
        run = await get_run(store, hub.id, WEEK_KEY)
    assert run.status == "sent" and run.message_ids == {0: made.id}
    # It was sent again, with the same nonce, and Discord answered with the first message.
    posts = [
        e
        for e in sandbox.exchanges
        if e.method == "POST" and e.path == f"/channels/{digest_channel.id}/messages"
    ]
    assert [e.answer["id"] for e in posts] == [str(made.id), str(made.id)]
    assert {e.answer["nonce"] for e in posts} == {message_nonce(hub.id, WEEK_KEY, 0)}


async def test_back_after_discord_forgot_the_nonce_the_digest_is_posted_again(sandbox, settings):
    """The limit bot.digest.publishing accepts: the nonce outlives a crash by minutes only."""
    hub = a_hub(sandbox)
    await configure(settings, hub)
    await seed_week(settings, hub, JAKARTA_DUE)
    digest_channel = hub.channel("digest")
    clock = ManualClock(JAKARTA_DUE - timedelta(days=1))
    await crash_while_posting(sandbox, settings, hub, clock)

    sandbox.elapse(NONCE_MEMORY + timedelta(hours=1))  # back an hour later, within the grace
    clock.advance(NONCE_MEMORY + timedelta(hours=1))
    async with sandbox.run_bot(settings, clock=clock) as bot:
        await digest_cog(bot).due_at_start

    first, second = sandbox.messages(digest_channel)
    assert first.embeds == second.embeds
