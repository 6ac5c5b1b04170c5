"""Facts the bot keeps about itself between runs."""

from __future__ import annotations

from bot.store import Store


async def read_state(store: Store, key: str) -> str | None:
    row = await store.fetch_one("SELECT value FROM bot_state WHERE key = ?", (key,))
    return None if row is None else str(row["value"])


async def write_state(store: Store, key: str, value: str) -> None:
    await store.write(
        "INSERT INTO bot_state (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )
