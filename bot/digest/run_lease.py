"""Who sends a hub's weekly run: one process at a time, its owner, while its lease lasts.

A run is started with an owner (the run of Mozaik that sends it, bot/instance.py THIS_RUN) and a
lease of RUN_LEASE, renewed by the owner after each part it posts. Another process resumes a run
still 'sending' only by taking over an expired lease, and a process that finds it no longer owns
its run stops without writing: the one that took it over finishes it. The store's take-over
(bot/digest/store/runs.py `take_over_run`) selects runs by this same rule.
"""

from __future__ import annotations

from datetime import datetime, timedelta

# Long enough for one part to be posted (rate limits included) and for the subscribers' letters
# of a big hub to be composed after the last one. A run left by a process that died is taken
# over sooner: once that process's own lease on the database or its shards has lapsed.
RUN_LEASE = timedelta(minutes=5)


def lease_until(now: datetime) -> datetime:
    """Until when a lease taken or renewed at `now` holds."""
    return now + RUN_LEASE


def is_lease_expired(lease_until: datetime | None, now: datetime, *, owner_serving: bool) -> bool:
    """Whether another process may take the run over at `now`: it has no lease (a run from
    before leases), its lease has ended, or its owner holds no live lease on the database or a
    shard any more (it died or stalled, and another run took its place; bot/instance.py)."""
    return lease_until is None or lease_until <= now or not owner_serving
