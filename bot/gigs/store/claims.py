"""Work Mozaik owes Discord for a gig (its post, its queue message, a reminder), claimed so two
callers never do it twice."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.gigs.model import (
    Gig,
    GigStatus,
)
from bot.gigs.store.rows import gigs_from_rows
from bot.intros.store.alerts import queue_skill_alerts
from bot.outbox.model import Kind
from bot.outbox.store import Address, add_letters
from bot.store import Connection, Store
from bot.store.claims import finish_work, moderated_posts
from bot.store.stamps import stamp

PUBLISHING, QUEUEING = moderated_posts("gigs", GigStatus.APPROVED.value, GigStatus.PENDING.value)
# Whether the run may create the approved gig's post: none yet, nobody else creating it.
claim_publication = PUBLISHING.claim_row
release_publication = PUBLISHING.release_row
# Whether the run may put the pending gig in the queue: not there yet, nobody else on it.
claim_queueing = QUEUEING.claim_row
release_queueing = QUEUEING.release_row


@dataclass(frozen=True)
class Publication:
    """Where a gig's post is; all None when it is gone and must be created again."""

    channel_id: int | None = None
    message_channel_id: int | None = None
    message_id: int | None = None
    thread_id: int | None = None


async def record_publication(store: Store, gig_id: int, post: Publication, now: datetime) -> None:
    """The gig's post exists. The first time, the skill alerts it owes are added to the outbox in
    the same transaction: a crash never leaves a published gig whose alerts were forgotten."""
    async with store.transaction() as db:
        await db.execute(
            "UPDATE gigs SET channel_id = ?, message_channel_id = ?, message_id = ?, "
            "thread_id = ?, publishing_since = NULL, publishing_by = NULL, "
            "refusal_reported_at = NULL WHERE id = ?",
            (post.channel_id, post.message_channel_id, post.message_id, post.thread_id, gig_id),
        )
        first = await (
            await db.execute("SELECT posts_lost = 0 FROM gigs WHERE id = ?", (gig_id,))
        ).fetchone()
        if first is not None and first[0]:
            await queue_skill_alerts(db, gig_id, now)


async def forget_publication(store: Store, gig_id: int) -> None:
    """The gig's post is gone from Discord: the next one is a new post, with a new nonce."""
    await store.write(
        "UPDATE gigs SET channel_id = NULL, message_channel_id = NULL, message_id = NULL, "
        "thread_id = NULL, posts_lost = posts_lost + 1 WHERE id = ?",
        (gig_id,),
    )


async def claim_refusal_report(store: Store, gig_id: int, now: datetime) -> bool:
    """Whether the moderators still need telling that the gigs channel refused the gig: once
    until it is published."""
    changed = await store.write(
        "UPDATE gigs SET refusal_reported_at = ? WHERE id = ? AND refusal_reported_at IS NULL",
        (stamp(now), gig_id),
    )
    return changed == 1


def reminder_item(gig: Gig) -> int:
    """What a reminder is about, as the outbox keys it: the gig in its current period (a
    renewal starts a period with a reminder of its own)."""
    return gig.id * 100 + gig.renewals


def reminded_gig(item_id: int) -> tuple[int, int]:
    """The gig and the renewals of a reminder's item."""
    return divmod(item_id, 100)


async def owe_reminder(store: Store, gig: Gig, locale: str, now: datetime) -> bool:
    """Whether the poster is to be reminded now: once per expiry period, however often the
    hourly job runs. The reminder is a letter of the outbox, owed in the same transaction."""

    async def owe(db: Connection) -> bool:
        cursor = await db.execute(
            "UPDATE gigs SET reminded_at = ? WHERE id = ? AND status = ? AND reminded_at IS NULL",
            (stamp(now), gig.id, GigStatus.APPROVED.value),
        )
        if cursor.rowcount != 1:
            return False
        to = [Address(gig.poster_id, locale)]
        await add_letters(db, Kind.GIG_REMINDER, gig.guild_id, reminder_item(gig), to, now)
        return True

    return await store.atomic(owe)


async def unpublished_gigs(store: Store) -> list[Gig]:
    """Approved gigs whose post does not exist yet: a publication that failed, to retry."""
    rows = await store.fetch_all(
        "SELECT * FROM gigs WHERE status = ? AND message_id IS NULL ORDER BY id",
        (GigStatus.APPROVED.value,),
    )
    return await gigs_from_rows(store, rows)


async def record_thread(store: Store, gig_id: int, thread_id: int) -> None:
    await store.write("UPDATE gigs SET thread_id = ? WHERE id = ?", (thread_id, gig_id))


async def record_queue_message(
    store: Store, gig_id: int, channel_id: int | None, message_id: int | None
) -> None:
    made = {"queue_channel_id": channel_id, "queue_message_id": message_id}
    await finish_work(store, QUEUEING, (gig_id,), made)


async def unqueued_gigs(store: Store) -> list[Gig]:
    """Pending gigs without a queue message: stored as Mozaik died, or the queue refused them."""
    rows = await store.fetch_all(
        "SELECT * FROM gigs WHERE status = ? AND queue_message_id IS NULL ORDER BY id",
        (GigStatus.PENDING.value,),
    )
    return await gigs_from_rows(store, rows)
