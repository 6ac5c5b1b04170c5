"""How the outbox sends: each letter's nonce, when a failed letter is tried again, and the pace
that keeps a fan-out under Discord's global limit of 50 requests a second.

Plain Python: the drainer (cogs/outbox.py) asks, the store records.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from bot.outbox.model import Letter

# A letter Discord keeps refusing for a passing reason (429, 5xx, a lost connection) is tried
# this often in all, then recorded as failed.
MAX_ATTEMPTS = 8
FIRST_RETRY = timedelta(seconds=30)
LONGEST_RETRY = timedelta(hours=1)


def nonce_of(letter: Letter) -> str:
    """The same nonce every time the letter is sent (Discord takes up to 25 characters)."""
    seed = f"mozaik-outbox:{letter.kind}:{letter.guild_id}:{letter.item_id}:{letter.user_id}"
    return "o" + hashlib.sha256(seed.encode()).hexdigest()[:24]


def retry_delay(attempts: int) -> timedelta:
    """How long to wait after the `attempts`-th failed attempt: doubling, at most an hour."""
    delay: timedelta = FIRST_RETRY * 2 ** max(0, attempts - 1)
    return min(delay, LONGEST_RETRY)


def gives_up(attempts: int) -> bool:
    """Whether a letter that failed for a passing reason on its `attempts`-th try is abandoned."""
    return attempts >= MAX_ATTEMPTS


class Pace:
    """A token bucket: at most `rate` requests a second on average and `burst` at once.

    `wait(now)` takes a token and says how long to sleep first; the caller's clock is monotonic
    seconds, so the rule is the same for a test's clock and the drainer's."""

    def __init__(self, rate: float, burst: int) -> None:
        if rate <= 0 or burst < 1:
            raise ValueError("a pace needs a positive rate and a burst of at least one")
        self.rate = rate
        self.burst = burst
        self._tokens = float(burst)
        self._at: float | None = None

    def wait(self, now: float) -> float:
        if self._at is not None:
            self._tokens = min(self.burst, self._tokens + (now - self._at) * self.rate)
        self._at = now
        self._tokens -= 1
        return 0.0 if self._tokens >= 0 else -self._tokens / self.rate
