"""The JSON Resume exports members ask for: each one a letter of the outbox, written when it
is sent (cogs/reputation/_export.py)."""

from __future__ import annotations

from datetime import datetime

from bot.outbox.model import Kind
from bot.outbox.store import Address, add_letters
from bot.store import Connection, Store


async def owe_export(
    store: Store, guild_id: int, user_id: int, asked_by: int, locale: str, now: datetime
) -> None:
    """Owe the member the export they asked for with the interaction `asked_by` (its id makes
    each request its own letter)."""
    to = [Address(user_id, locale)]

    async def owing(db: Connection) -> None:
        await add_letters(db, Kind.RESUME_EXPORT, guild_id, asked_by, to, now)

    await store.atomic(owing)
