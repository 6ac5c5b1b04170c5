"""The one scheduler of Mozaik's timed work: the weekly digest, the hourly and daily upkeep."""

from __future__ import annotations

from datetime import UTC

from apscheduler.schedulers.asyncio import AsyncIOScheduler


def build_scheduler() -> AsyncIOScheduler:
    # A job that fires late (the loop was busy, the machine slept) must still run once rather than
    # be skipped after APScheduler's one-second default grace; runs that piled up collapse into one.
    return AsyncIOScheduler(
        timezone=UTC,
        job_defaults={"coalesce": True, "misfire_grace_time": 3600, "max_instances": 1},
    )
