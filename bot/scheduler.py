"""The one scheduler of Mozaik's timed work: the weekly digest, the hourly and daily upkeep."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger


def build_scheduler() -> AsyncIOScheduler:
    # A job that fires late (the loop was busy, the machine slept) must still run once rather than
    # be skipped after APScheduler's one-second default grace; runs that piled up collapse into one.
    return AsyncIOScheduler(
        timezone=UTC,
        job_defaults={"coalesce": True, "misfire_grace_time": 3600, "max_instances": 1},
    )


def every(
    scheduler: AsyncIOScheduler,
    interval: timedelta,
    job: Callable[[], Awaitable[None]],
    job_id: str,
) -> None:
    """Run `job` every `interval` from now on, in place of the job a reload left under `job_id`."""
    scheduler.add_job(
        job, IntervalTrigger(seconds=interval.total_seconds()), id=job_id, replace_existing=True
    )
