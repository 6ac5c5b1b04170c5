"""What Mozaik owes Discord for a request, claimed so two callers never do it twice: its post
in the collaboration channel (once open) and its message in the moderators' queue (while
pending). A run that died leaves its claim; the next takes it over and reads back first."""

from __future__ import annotations

from datetime import datetime

from bot.collab.model import CollabRequest, Status
from bot.collab.store.rows import requests_where
from bot.instance import THIS_RUN
from bot.store import Store
from bot.store.claims import Claim, Work, claim_work, release_work

PUBLISHING = Work(
    "collab_requests",
    "publishing_since",
    "publishing_by",
    f"status = '{Status.OPEN.value}' AND message_id IS NULL",
)
QUEUEING = Work(
    "collab_requests",
    "queueing_since",
    "queueing_by",
    f"status = '{Status.PENDING.value}' AND queue_message_id IS NULL",
)


async def claim_publication(
    store: Store, request_id: int, now: datetime, run: str = THIS_RUN
) -> Claim | None:
    """Whether the run may post the open request: no post yet, nobody else posting it."""
    return await claim_work(store, PUBLISHING, (request_id,), now, run)


async def release_publication(store: Store, request_id: int) -> None:
    await release_work(store, PUBLISHING, (request_id,))


async def claim_queueing(
    store: Store, request_id: int, now: datetime, run: str = THIS_RUN
) -> Claim | None:
    """Whether the run may put the pending request in the queue: not there yet, nobody on it."""
    return await claim_work(store, QUEUEING, (request_id,), now, run)


async def release_queueing(store: Store, request_id: int) -> None:
    await release_work(store, QUEUEING, (request_id,))


async def unpublished_requests(store: Store) -> list[CollabRequest]:
    """Open requests without a post: Mozaik died before posting, or Discord refused for now."""
    return await requests_where(store, "status = ? AND message_id IS NULL", (Status.OPEN.value,))


async def unqueued_requests(store: Store) -> list[CollabRequest]:
    """Pending requests without a queue message, for the same reasons."""
    return await requests_where(
        store, "status = ? AND queue_message_id IS NULL", (Status.PENDING.value,)
    )
