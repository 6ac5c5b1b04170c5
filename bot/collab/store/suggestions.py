"""Who Mozaik suggested to a request's author: the only members an invite may go to."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from bot.store import Connection, Store
from bot.store.stamps import stamp


async def record_suggestions(
    store: Store, request_id: int, user_ids: Iterable[int], now: datetime
) -> None:
    rows = [(request_id, user_id, stamp(now)) for user_id in user_ids]

    async def suggesting(db: Connection) -> None:
        await db.executemany(
            "INSERT INTO collab_suggestions (request_id, user_id, suggested_at) VALUES (?, ?, ?)"
            " ON CONFLICT (request_id, user_id) DO NOTHING",
            rows,
        )

    await store.atomic(suggesting)
