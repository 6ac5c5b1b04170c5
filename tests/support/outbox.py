"""The outbox in tests: its pace in a sandbox whose rate limits are shortened, many members
opted in to skill alerts at once, and waiting until no letter is due any more."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from bot.app import Mozaik
from bot.config import Settings
from bot.store import Store
from bot.store.stamps import stamp


def scaled_pace(rate_scale: float) -> float:
    """The outbox's default pace in a sandbox whose rate-limit windows are `rate_scale` of
    Discord's, so its letters keep the same share of the (shortened) global limit."""
    default: float = Settings.model_fields["outbox_requests_per_second"].default
    return default / rate_scale


async def opt_in(
    database: Path | str, guild_id: int, user_ids: Iterable[int], skill: str, locale: str = "en"
) -> None:
    """Each member has an introduction offering `skill` and skill alerts on, as thousands of
    /intro set and /intro alerts would leave them (written at once: they are not under test)."""
    now = stamp(datetime.now(UTC))
    ids = list(user_ids)
    async with Store.open(database) as store, store.transaction() as db:
        await db.executemany(
            "INSERT INTO profiles (guild_id, user_id, display_name, locale, headline, about,"
            " availability, skill_alerts, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, 'Designer', '', 'open_to_work', 1, ?, ?)",
            [(guild_id, user_id, f"member {user_id}", locale, now, now) for user_id in ids],
        )
        await db.executemany(
            "INSERT INTO profile_skills (guild_id, user_id, skill, position) VALUES (?, ?, ?, 0)",
            [(guild_id, user_id, skill) for user_id in ids],
        )


async def statuses(bot: Mozaik) -> Counter[str]:
    """How many letters of the outbox are in each status."""
    rows = await bot.store.fetch_all("SELECT status, count(*) AS n FROM outbox GROUP BY status")
    return Counter({row["status"]: row["n"] for row in rows})


async def due(bot: Mozaik) -> int:
    """How many letters wait to be sent now (not those waiting for a retry later)."""
    row = await bot.store.fetch_one(
        "SELECT count(*) FROM outbox WHERE status = 'waiting' AND due_at <= ?",
        (stamp(bot.clock.now()),),
    )
    assert row is not None
    return int(row[0])


async def drained(bot: Mozaik, within: float = 30.0) -> Counter[str]:
    """Wait until no letter is due any more; the statuses then."""
    deadline = time.monotonic() + within
    while await due(bot):
        if time.monotonic() > deadline:
            raise TimeoutError(f"{within} s on, letters still due: {dict(await statuses(bot))}")
        # Often: the matrix and bad-input suites drain once per example, thousands of times.
        await asyncio.sleep(0.005)
    return await statuses(bot)
