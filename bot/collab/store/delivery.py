"""What Mozaik owes Discord for a request, claimed so two callers never do it twice: its post
in the collaboration channel (once open) and its message in the moderators' queue (while
pending). A run that died leaves its claim; the next takes it over and reads back first."""

from __future__ import annotations

from bot.collab.model import CollabRequest, Status
from bot.collab.store.rows import requests_where
from bot.store import Store
from bot.store.claims import moderated_posts

PUBLISHING, QUEUEING = moderated_posts("collab_requests", Status.OPEN.value, Status.PENDING.value)
# Whether the run may post the open request: no post yet, nobody else posting it.
claim_publication = PUBLISHING.claim_row
release_publication = PUBLISHING.release_row
# Whether the run may put the pending request in the queue: not there yet, nobody on it.
claim_queueing = QUEUEING.claim_row
release_queueing = QUEUEING.release_row


async def unpublished_requests(store: Store) -> list[CollabRequest]:
    """Open requests without a post: Mozaik died before posting, or Discord refused for now."""
    return await requests_where(store, "status = ? AND message_id IS NULL", (Status.OPEN.value,))


async def unqueued_requests(store: Store) -> list[CollabRequest]:
    """Pending requests without a queue message, for the same reasons."""
    return await requests_where(
        store, "status = ? AND queue_message_id IS NULL", (Status.PENDING.value,)
    )
