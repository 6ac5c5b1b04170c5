"""Totals for pages of results, counted up to the cap members are shown (bot/page_totals.py)."""

from __future__ import annotations

from bot.page_totals import COUNT_CAP
from bot.store import Params, Store


def capped(rows_sql: str) -> str:
    """SQL counting the rows `rows_sql` selects, stopping one past the cap."""
    # PostgreSQL 15 wants a name for a subquery in FROM; SQLite takes one too.
    return f"SELECT COUNT(*) FROM ({rows_sql} LIMIT {COUNT_CAP + 1}) AS counted"  # noqa: S608 - fixed SQL


async def capped_count(store: Store, rows_sql: str, params: Params) -> int:
    """How many rows `rows_sql` selects, or COUNT_CAP + 1 when there are more than COUNT_CAP."""
    row = await store.fetch_one(capped(rows_sql), params)
    assert row is not None
    return int(row[0])
