"""What Mozaik still owes Discord about collaboration requests, done once it is back and every
few minutes after (see cogs/_catch_up.py): requests stored but not yet in the queue, and open
(submitted or approved) but not yet posted, as when Mozaik died in between.

Each is claimed first; a claim left by a run that died is taken over after reading back what
that run had made, so no request is posted twice.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord

from bot.collab.store.delivery import (
    claim_publication,
    claim_queueing,
    unpublished_requests,
    unqueued_requests,
)
from bot.errors import Refusal
from bot.i18n import t
from cogs.collab._answers import publish_request
from cogs.collab._embeds import language
from cogs.collab._queue import mark_queue_message, send_to_queue

if TYPE_CHECKING:
    from bot.app import Mozaik

log = logging.getLogger(__name__)


async def catch_up(bot: Mozaik) -> None:
    queued = await queue_unqueued_requests(bot)
    posted = await post_unposted_requests(bot)
    if queued or posted:
        log.info("collaboration requests caught up: %d queued, %d posted", queued, posted)


async def queue_unqueued_requests(bot: Mozaik) -> int:
    queued = 0
    for request in await unqueued_requests(bot.store):
        if not bot.serves(request.guild_id):
            continue  # another process's shard
        hub = await bot.hub(request.guild_id)
        claim = await claim_queueing(bot.store, request.id, bot.clock.now())
        if claim is None:
            continue  # its requester's form is queueing it right now, or it was decided
        try:
            await send_to_queue(bot, hub, request, interrupted_at=claim.interrupted_at)
        except (Refusal, discord.HTTPException):
            log.warning("request %s is still not in the queue", request.id, exc_info=True)
            continue
        queued += 1
    return queued


async def post_unposted_requests(bot: Mozaik) -> int:
    posted = 0
    for request in await unpublished_requests(bot.store):
        if not bot.serves(request.guild_id):
            continue  # another process's shard
        hub = await bot.hub(request.guild_id)
        claim = await claim_publication(bot.store, request.id, bot.clock.now())
        if claim is None:
            continue  # being posted right now
        try:
            placed = await publish_request(bot, hub, request, interrupted_at=claim.interrupted_at)
        except (Refusal, discord.HTTPException):
            log.warning("request %s is still not posted", request.id, exc_info=True)
            continue
        posted += 1
        # Approved as Mozaik died: the moderators' copy still shows the buttons.
        await mark_queue_message(bot, placed, t(language(hub.locale), "collab.queue_posted_late"))
    return posted
