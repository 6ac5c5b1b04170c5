"""What Mozaik still owes Discord about gigs, done once it is back and every few minutes after:
gigs stored but not yet in the queue, approved but not yet published, and interests recorded
but not yet passed on to the poster (Mozaik died in between, or Discord refused for a while).

Each is claimed before it is done, so a catch-up and a member's click never both do it; a claim
left by a run that died is taken over after looking in Discord for what that run had made.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from bot.gigs.curation import GigAction
from bot.gigs.model import GigStatus
from bot.gigs.store.claims import claim_queueing, unpublished_gigs, unqueued_gigs
from bot.gigs.store.records import get_gig
from bot.gigs.store.responses import PosterTold, claim_telling, record_telling, untold_interests
from bot.i18n import t
from cogs._catch_up import in_served_hubs
from cogs._channels import audit
from cogs._markup import quoted
from cogs.gigs._decisions import (
    TITLE_IN_NOTES,
    announce_publication,
    queue_note,
    record_in_audit_log,
    report_refusal,
)
from cogs.gigs._lookup import require_gig
from cogs.gigs._posts import post_link, refresh_queue_message, send_to_queue
from cogs.gigs._responses import tell_of_interest

if TYPE_CHECKING:
    from bot.app import Mozaik

log = logging.getLogger(__name__)


async def catch_up(bot: Mozaik) -> None:
    """Everything owed, oldest first in each kind."""
    queued = await queue_unqueued_gigs(bot)
    published = await publish_approved_gigs(bot)
    told = await tell_untold_interests(bot)
    if queued or published or told:
        log.info(
            "gigs caught up: %d queued, %d published, %d interests passed on",
            queued,
            published,
            told,
        )


async def queue_unqueued_gigs(bot: Mozaik) -> int:
    """Put in the queue the pending gigs that never reached it."""
    queued = 0
    async for gig, hub in in_served_hubs(bot, await unqueued_gigs(bot.store)):
        if hub.queue_channel_id is None:
            continue  # kept until an admin names a queue channel again
        claim = await claim_queueing(bot.store, gig.id, bot.clock.now())
        if claim is None:
            continue  # its submitter is queueing it right now, or it was decided meanwhile
        note = t(hub.locale, "gigmod.queue_new", poster=f"<@{gig.poster_id}>", number=gig.id)
        if await send_to_queue(bot, gig, hub, note, interrupted_at=claim.interrupted_at):
            queued += 1
            if claim.interrupted_at is not None:
                await record_in_audit_log(bot, hub, gig, GigAction.SUBMIT, gig.poster_id)
    return queued


async def publish_approved_gigs(bot: Mozaik) -> int:
    """Publish the approved gigs whose post does not exist yet; when one goes out, its queue
    message shows the decision and the audit log says where it is."""
    published = 0
    async for gig, hub in in_served_hubs(bot, await unpublished_gigs(bot.store)):
        publishing = await announce_publication(bot, gig, hub, first_time=True)
        if publishing.refused is not None:
            await report_refusal(bot, gig, hub, publishing.refused, gig.decided_by)
        if not publishing.shown:
            continue
        published += 1
        gig = await require_gig(bot, gig.id)
        await refresh_queue_message(bot, gig, hub, queue_note(bot, gig, hub, gig.decided_by))
        text = t(
            hub.locale,
            "gigmod.audit_published_late",
            number=gig.id,
            title=quoted(gig.title, TITLE_IN_NOTES),
            link=post_link(gig) or "",
        )
        await audit(bot, hub, text)
    return published


async def tell_untold_interests(bot: Mozaik) -> int:
    """Tell posters of the interests recorded as Mozaik died, before it could tell them, a batch
    at a time, oldest first; between batches the loop answers members and runs the digest."""
    told = 0
    after = None
    while batch := await untold_interests(bot.store, after):
        for interest in batch:
            if bot.serves(interest.guild_id):  # else another process's shard tells it
                told += await _tell_untold(bot, interest.gig_id, interest.user_id)
        after = batch[-1]
        await asyncio.sleep(0)
    return told


async def _tell_untold(bot: Mozaik, gig_id: int, member_id: int) -> int:
    """1 when the poster heard of this interest now, else 0."""
    if await claim_telling(bot.store, gig_id, member_id, bot.clock.now()) is None:
        return 0  # being told right now
    gig = await get_gig(bot.store, gig_id)
    if gig is None or gig.status is not GigStatus.APPROVED:
        # Closed meanwhile: nobody to tell any more.
        await record_telling(bot.store, gig_id, member_id, PosterTold.NOWHERE, bot.clock.now())
        return 0
    return int(await tell_of_interest(bot, gig, member_id) is not PosterTold.NOWHERE)
