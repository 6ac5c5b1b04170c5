"""The hub's pause between changes of what Mozaik made public: the rule and its turn."""

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from bot.errors import Refusal
from bot.hubs.pause import Change, check_ready
from bot.hubs.pause_store import last_change, take_turn
from bot.store import Store

NOW = datetime(2026, 12, 2, 8, 0, tzinfo=UTC)


def test_a_change_waits_the_pause_after_the_last_one_and_says_until_when():
    check_ready(None, 60, NOW)
    check_ready(NOW - timedelta(seconds=60), 60, NOW)
    check_ready(NOW, 0, NOW)  # a hub without a pause
    with pytest.raises(Refusal) as refused:
        check_ready(NOW - timedelta(seconds=10), 60, NOW)
    assert refused.value.key == "core.change_cooldown"
    assert refused.value.params == {"ready_at": int((NOW + timedelta(seconds=50)).timestamp())}


async def test_ten_changes_at_once_take_one_turn_and_the_next_comes_after_the_pause(
    store_database,
):
    async with Store.open(store_database) as store:
        tries = [take_turn(store, 1, 2, Change.GIG_EDIT, 60, NOW) for _ in range(10)]
        outcomes = await asyncio.gather(*tries, return_exceptions=True)
        assert sum(outcome is None for outcome in outcomes) == 1
        assert all(isinstance(o, Refusal) for o in outcomes if o is not None)
        assert await last_change(store, 1, 2, Change.GIG_EDIT) == NOW
        # Another kind of change, another member or another hub has a turn of its own.
        await take_turn(store, 1, 2, Change.INTRO_UPDATE, 60, NOW)
        await take_turn(store, 1, 3, Change.GIG_EDIT, 60, NOW)
        await take_turn(store, 9, 2, Change.GIG_EDIT, 60, NOW)
        await take_turn(store, 1, 2, Change.GIG_EDIT, 60, NOW + timedelta(seconds=60))
