"""What Mozaik still owes Discord about collaboration requests, done once it is back and every
few minutes after (see cogs/_catch_up.py): requests stored but not yet in the queue, and open
(submitted or approved) but not yet posted, as when Mozaik died in between.

Each is claimed first; a claim left by a run that died is taken over after reading back what
that run had made, so no request is posted twice.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

import discord

from bot.collab.model import CollabRequest
from bot.collab.store.delivery import (
    claim_publication,
    claim_queueing,
    unpublished_requests,
    unqueued_requests,
)
from bot.errors import Refusal
from bot.i18n import t
from cogs._catch_up import in_served_hubs
from cogs.collab._answers import publish_request
from cogs.collab._embeds import language
from cogs.collab._queue import mark_queue_message, send_to_queue

if TYPE_CHECKING:
    from bot.app import Mozaik
    from bot.hubs.model import HubSettings

log = logging.getLogger(__name__)

Made = TypeVar("Made", covariant=True)


class Claimed(Protocol):
    @property
    def interrupted_at(self) -> datetime | None: ...


Claim = Callable[[Any, int, datetime], Awaitable[Claimed | None]]


class Make(Protocol[Made]):
    """Make what the request is owed, reading back first after a run that died."""

    async def __call__(
        self,
        bot: Mozaik,
        hub: HubSettings,
        request: CollabRequest,
        *,
        interrupted_at: datetime | None = None,
    ) -> Made: ...


async def catch_up(bot: Mozaik) -> None:
    queued = await queue_unqueued_requests(bot)
    posted = await post_unposted_requests(bot)
    if queued or posted:
        log.info("collaboration requests caught up: %d queued, %d posted", queued, posted)


async def queue_unqueued_requests(bot: Mozaik) -> int:
    requests = await unqueued_requests(bot.store)
    return len(await _each_claimed(bot, requests, claim_queueing, send_to_queue, "queued"))


async def post_unposted_requests(bot: Mozaik) -> int:
    requests = await unpublished_requests(bot.store)
    posted = await _each_claimed(bot, requests, claim_publication, publish_request, "posted")
    for hub, placed in posted:
        # Approved as Mozaik died: the moderators' copy still shows the buttons.
        await mark_queue_message(bot, placed, t(language(hub.locale), "collab.queue_posted_late"))
    return len(posted)


async def _each_claimed(
    bot: Mozaik,
    requests: list[CollabRequest],
    claim: Claim,
    make: Make[Made],
    done: str,
) -> list[tuple[HubSettings, Made]]:
    """Make what each request of a served hub is owed, under a claim; what was made, with its
    hub. A request claimed by someone else is being made right now (or was decided); one Discord
    refuses is left for the next round."""
    made: list[tuple[HubSettings, Made]] = []
    async for request, hub in in_served_hubs(bot, requests):
        claimed = await claim(bot.store, request.id, bot.clock.now())
        if claimed is None:
            continue
        try:
            made.append((hub, await make(bot, hub, request, interrupted_at=claimed.interrupted_at)))
        except (Refusal, discord.HTTPException):
            log.warning("request %s is still not %s", request.id, done, exc_info=True)
    return made
