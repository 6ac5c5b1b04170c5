"""Gigs stored but never queued wait for a queue channel, and reach it once there is one."""

import logging
from dataclasses import replace

import pytest

from bot.gigs.store.records import create_gig, get_gig
from bot.hubs.store import save_hub
from bot.sandbox import Sandbox
from cogs.gigs._delivery import catch_up
from tests.support.hub import a_hub, set_up_hub

from .factories import terms


async def test_a_gig_waits_for_a_queue_channel_and_is_queued_once_one_is_named(
    sandbox: Sandbox, settings, caplog: pytest.LogCaptureFixture
):
    """Meanwhile the catch-up every three minutes leaves it be, without a warning each time."""
    hub = a_hub(sandbox)
    queue = hub.channel("queue")
    async with sandbox.run_bot(settings) as bot:
        await set_up_hub(sandbox, hub)
        # The admin's queue channel was unset while a member's gig was being stored.
        await save_hub(
            bot.store, replace(await bot.hub(hub.id), queue_channel_id=None), bot.clock.now()
        )
        gig = await create_gig(
            bot.store,
            guild_id=hub.id,
            poster_id=hub.add_member("poster").id,
            terms=terms(),
            now=bot.clock.now(),
            queueing_by=None,
        )

        caplog.clear()
        with caplog.at_level(logging.WARNING):
            await catch_up(bot)
            await catch_up(bot)
        assert [r.getMessage() for r in caplog.records if r.name.startswith("cogs.")] == []
        waiting = await get_gig(bot.store, gig.id)
        assert waiting is not None and waiting.queue_message_id is None
        assert sandbox.messages(queue) == []

        await sandbox.slash(hub.owner, "hub setup", queue=queue)
        await catch_up(bot)
        await catch_up(bot)
        [queued] = sandbox.messages(queue)
        assert f"gig:approve:{gig.id}" in str(queued.components)
        assert sandbox.take_violations() == []
