"""When a hub's digest is due: a weekday and a time in the hub's timezone, once per ISO week.

All instants going in and out are UTC; the hub's timezone is used only to find the wall-clock
moment, so a hub on Europe/Amsterdam gets its digest at 09:00 before and after daylight saving
changes. A wall-clock time that does not exist (skipped by a spring-forward) or exists twice is
taken with its earlier UTC offset, as zoneinfo and APScheduler's cron trigger both do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger

from bot.errors import Refusal
from bot.hubs.model import HubSettings

# APScheduler's day-of-week names; spelled out because its numbers are easy to get wrong.
CRON_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WEEK = timedelta(days=7)


@dataclass(frozen=True)
class DigestSchedule:
    weekday: int  # 0 = Monday, as datetime.weekday()
    at: time
    timezone: str

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


def schedule_of(hub: HubSettings) -> DigestSchedule:
    return DigestSchedule(hub.digest_weekday, parse_clock_time(hub.digest_time), hub.timezone)


# "09:00" with room for spaces; a refusal quotes no more than this of what was typed.
CLOCK_TIME_MAX = 16


def parse_clock_time(text: str) -> time:
    """A 24-hour "HH:MM" (a single-digit hour is fine); refused politely otherwise."""
    match = re.fullmatch(r"\s*([01]?\d|2[0-3])[:.]([0-5]\d)\s*", text)
    if match is None:
        raise Refusal("digest.bad_time", time=text.strip()[:CLOCK_TIME_MAX])
    return time(int(match[1]), int(match[2]))


def clock_text(at: time) -> str:
    return f"{at.hour:02d}:{at.minute:02d}"


def _due_on(schedule: DigestSchedule, day: date) -> datetime:
    return datetime.combine(day, schedule.at, tzinfo=schedule.zone).astimezone(UTC)


def latest_due(schedule: DigestSchedule, now: datetime) -> datetime:
    """The most recent due instant at or before now."""
    local_day = now.astimezone(schedule.zone).date()
    day = local_day - timedelta(days=(local_day.weekday() - schedule.weekday) % 7)
    due = _due_on(schedule, day)
    return due if due <= now else _due_on(schedule, day - WEEK)


def next_due(schedule: DigestSchedule, now: datetime) -> datetime:
    """The first due instant strictly after now."""
    latest = latest_due(schedule, now)
    return _due_on(schedule, latest.astimezone(schedule.zone).date() + WEEK)


def week_ending(end: datetime, timezone: str) -> tuple[datetime, datetime]:
    """The seven local days that end at `end`: across a daylight saving change that is 167 or
    169 hours, so a weekly window never gains or loses an hour of posts."""
    zone = ZoneInfo(timezone)
    wall_clock_end = end.astimezone(zone).replace(tzinfo=None)
    start = (wall_clock_end - WEEK).replace(tzinfo=zone)
    return start.astimezone(UTC), end.astimezone(UTC)


def iso_week_key(schedule: DigestSchedule, due: datetime) -> str:
    """The key of a run, e.g. "2026-W46": the ISO week of the due instant's date in the hub."""
    year, week, _ = due.astimezone(schedule.zone).isocalendar()
    return f"{year}-W{week:02d}"


def is_within_grace(due: datetime, now: datetime, grace: timedelta) -> bool:
    return timedelta(0) <= now - due <= grace


def cron_trigger(schedule: DigestSchedule) -> CronTrigger:
    return CronTrigger(
        day_of_week=CRON_WEEKDAYS[schedule.weekday],
        hour=schedule.at.hour,
        minute=schedule.at.minute,
        timezone=schedule.zone,
    )
