from datetime import UTC, datetime

import pytest

from bot.clock import ManualClock


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(datetime(2026, 11, 2, 2, 0, tzinfo=UTC))
