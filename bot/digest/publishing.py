"""Posting a hub's weekly digest exactly once, and each subscriber's own message with it.

How "once" holds:
- A run is keyed by (hub, ISO week of the due date). It is written as 'sending', together with
  the digest as composed, BEFORE the first message goes out; each part's message id is written as
  soon as Discord returns it, and the run becomes 'sent' when every part and subscriber is done.
- When the bot dies after Discord created a message but before its id was written, the run is
  found 'sending' on the next start. Before a part without an id is sent again, the channel's
  messages since the run began are read back and the part is looked for by its mark (the week
  and the part in its footer, see bot.digest.recognition); found, its id is recorded instead.
- One process sends a run at a time, its owner (bot/digest/run_lease.py): it starts the run
  with a lease and renews it with each part it records. Another process resumes a run still
  'sending' only by taking over an expired lease; an owner that finds its run taken over stops
  without writing, and the run's parts, its end and its subscribers' letters are written by its
  owner alone.
- Every part is also sent with a nonce derived from (hub, week, part) and Discord is asked to
  enforce it, so a part sent twice within Discord's few minutes of nonce memory (a retried
  request, a history Mozaik may not read) is still made once.
- Subscribers' own messages are letters of the outbox (bot/outbox), owed in the transaction
  that finishes the run and sent by its drain (claimed, nonced, read back after a crash).
- A digest channel that refuses Mozaik (a permission taken away) leaves the run 'sending': the
  moderators are told once in the audit log, and the sweep posts it once the channel takes it.
- A digest whose due time passed while the bot was down is posted on start (and by the periodic
  sweep) if it is still within the grace period; later, the week is recorded as 'missed' and
  logged, never posted.
The Outbox (bot/digest/outbox.py) is the Discord side, the digest cog; everything here is plain
Python.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import secrets
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from bot.digest.chart import render_chart
from bot.digest.compose import (
    Digest,
    Reader,
    SkillName,
    compose_digest,
    compose_personal,
    marked,
    slug_as_name,
)
from bot.digest.outbox import ChannelRefused, Outbox
from bot.digest.personal import letter_item
from bot.digest.recognition import PostedMessage, find_posted
from bot.digest.run_lease import lease_until
from bot.digest.schedule import (
    is_within_grace,
    iso_week_key,
    latest_due,
    schedule_of,
    week_ending,
)
from bot.digest.store.personal import personal_matches
from bot.digest.store.runs import (
    DigestRun,
    finish_run,
    finish_run_owing,
    get_run,
    record_part,
    record_unsent_run,
    start_run,
    subscribers,
    take_over_run,
    unfinished_runs,
)
from bot.digest.store.week import load_week, member_skills
from bot.digest.week import DigestWeek
from bot.hubs.model import HubSettings
from bot.instance import THIS_RUN
from bot.links import jump_link
from bot.outbox.store import Address
from bot.store import Store

log = logging.getLogger(__name__)


class Outcome(StrEnum):
    POSTED = "posted"
    ALREADY_DONE = "already_done"  # this week's run exists and is finished
    QUIET = "quiet"  # nothing new, and the hub posts nothing in a quiet week
    MISSED = "missed"  # due longer ago than the grace period: skipped and logged
    NO_CHANNEL = "no_channel"  # the hub has no digest channel
    CHANNEL_REFUSED = "channel_refused"  # the channel refused it: tried again by the sweep
    ELSEWHERE = "elsewhere"  # another process owns the run, or took it over: it sends it


@dataclass(frozen=True)
class RunResult:
    guild_id: int
    iso_week: str
    outcome: Outcome
    message_ids: tuple[int, ...] = ()
    direct_messages: int = 0  # subscribers owed their own message by this call (the outbox)


SkillNames = Callable[[int], Awaitable[SkillName]]  # guild id -> how its skills are named


async def _slugs(guild_id: int) -> SkillName:
    return slug_as_name


def message_nonce(guild_id: int, iso_week: str, part: int) -> str:
    """The same text every time one part of one run is sent (Discord takes up to 25 chars)."""
    seed = f"mozaik-digest:{guild_id}:{iso_week}:channel:{part}".encode()
    return "dg" + hashlib.sha256(seed).hexdigest()[:23]


class DigestPublisher:
    def __init__(
        self,
        store: Store,
        outbox: Outbox,
        *,
        grace: timedelta,
        features: frozenset[str],
        skill_names: SkillNames = _slugs,
        owner: str = THIS_RUN,
    ) -> None:
        self._store = store
        self._owner = owner  # who this process's runs are owned by
        self._outbox = outbox
        self._grace = grace
        self._features = features
        self._skill_names = skill_names
        self._locks: dict[int, asyncio.Lock] = {}
        self._refusals_reported: set[tuple[int, str]] = set()

    @property
    def features(self) -> frozenset[str]:
        """The features whose tables exist: "gigs", "profiles", "collab"."""
        return self._features

    async def compose(self, hub: HubSettings, ends_at: datetime) -> Digest:
        """The hub's digest of the seven days up to ends_at, as it would be posted."""
        return await self._compose(hub, await self._week(hub, ends_at))

    async def post_now(self, hub: HubSettings, now: datetime) -> tuple[int, ...]:
        """Post the digest of the last seven days now, outside any run (a moderator asked)."""
        if hub.digest_channel_id is None:
            return ()
        digest = await self.compose(hub, now)
        if digest.quiet and not hub.digest_quiet_note:
            return ()
        chart = await chart_png(digest)
        return tuple(
            [
                await self._outbox.post(
                    hub.digest_channel_id,
                    message,
                    chart if message.chart else None,
                    "dn" + secrets.token_hex(11),  # a one-off post: nothing to recognise later
                )
                for message in digest.messages
            ]
        )

    async def run_digest(self, hub: HubSettings, now: datetime) -> RunResult:
        """The hub's weekly run for the latest due time at or before now: posted if due within
        the grace period and not posted yet; finished if a previous attempt was interrupted."""
        schedule = schedule_of(hub)
        due = latest_due(schedule, now)
        iso_week = iso_week_key(schedule, due)
        async with self._lock(hub.guild_id):
            run = await get_run(self._store, hub.guild_id, iso_week)
            if run is not None:
                return await self._continue(run, hub, now)
            if hub.digest_channel_id is None:
                log.debug(
                    "hub %d has no digest channel; week %s not posted", hub.guild_id, iso_week
                )
                return RunResult(hub.guild_id, iso_week, Outcome.NO_CHANNEL)
            if not is_within_grace(due, now, self._grace):
                if await record_unsent_run(self._store, hub.guild_id, iso_week, due, "missed", now):
                    _log_missed(hub.guild_id, iso_week, due, now, self._grace)
                return RunResult(hub.guild_id, iso_week, Outcome.MISSED)
            week = await self._week(hub, due)
            digest = await self._compose(hub, week)
            if digest.quiet and not hub.digest_quiet_note:
                await record_unsent_run(self._store, hub.guild_id, iso_week, due, "quiet", now)
                return RunResult(hub.guild_id, iso_week, Outcome.QUIET)
            started = await start_run(
                self._store,
                hub.guild_id,
                iso_week,
                due,
                hub.digest_channel_id,
                marked(digest, hub.locale, iso_week).to_json(),
                now,
                owner=self._owner,
                lease_until=lease_until(now),
            )
            if not started:  # another process claimed the week meanwhile
                return RunResult(hub.guild_id, iso_week, Outcome.ALREADY_DONE)
            run = await get_run(self._store, hub.guild_id, iso_week)
            assert run is not None
            return await self._send(run, hub, week, now, resumed=False)

    async def run_due_digests(self, hubs: Iterable[HubSettings], now: datetime) -> list[RunResult]:
        """What the bot does on start and every sweep: finish interrupted runs, then post every
        hub's digest that is due within the grace period and not posted yet."""
        by_id = {hub.guild_id: hub for hub in hubs}
        results = []
        for run in await unfinished_runs(self._store):
            hub = by_id.get(run.guild_id)
            if hub is not None:
                async with self._lock(hub.guild_id):
                    results.append(await self._continue(run, hub, now))
        # A channel that refused a moment ago is not asked again in the same sweep, nor is a run
        # another process owns taken over.
        left = {Outcome.CHANNEL_REFUSED, Outcome.ELSEWHERE}
        skipped = {r.guild_id for r in results if r.outcome in left}
        for hub in by_id.values():
            if hub.guild_id not in skipped:
                results.append(await self.run_digest(hub, now))
        return results

    def _lock(self, guild_id: int) -> asyncio.Lock:
        return self._locks.setdefault(guild_id, asyncio.Lock())

    async def _continue(self, run: DigestRun, hub: HubSettings, now: datetime) -> RunResult:
        """A run found in the store: done already, or interrupted and finished now if in time."""
        if run.status != "sending":
            return RunResult(hub.guild_id, run.iso_week, Outcome.ALREADY_DONE)
        if not await take_over_run(self._store, run, self._owner, now, lease_until(now)):
            log.info(
                "the digest of hub %d, week %s is being sent by another process",
                run.guild_id,
                run.iso_week,
            )
            return RunResult(hub.guild_id, run.iso_week, Outcome.ELSEWHERE)
        if not is_within_grace(run.due_at, now, self._grace):
            if not await finish_run(self._store, run, "missed", now, owner=self._owner):
                return self._taken_over(run)
            _log_missed(run.guild_id, run.iso_week, run.due_at, now, self._grace)
            return RunResult(hub.guild_id, run.iso_week, Outcome.MISSED)
        log.info("finishing the interrupted digest of hub %d, week %s", hub.guild_id, run.iso_week)
        return await self._send(run, hub, await self._week(hub, run.due_at), now, resumed=True)

    async def _send(
        self, run: DigestRun, hub: HubSettings, week: DigestWeek, now: datetime, *, resumed: bool
    ) -> RunResult:
        """Send the run's parts without an id; when resuming, each only if it is not found among
        the channel's messages since the run began. The run's lease is renewed with each part
        recorded; one taken over meanwhile stops here, writing nothing more."""
        assert run.digest is not None and run.channel_id is not None
        began = time.monotonic()
        digest = Digest.from_json(run.digest)
        chart: bytes | None = None
        message_ids = dict(run.message_ids)
        history: list[PostedMessage] = []
        if resumed and len(message_ids) < len(digest.messages):
            history = await self._outbox.channel_history(run.channel_id, run.created_at)
        for part, message in enumerate(digest.messages):
            if part in message_ids:
                continue
            found = find_posted(history, message)
            if found is not None:
                log.info(
                    "found part %d of the digest of hub %d, week %s, already in its channel",
                    part,
                    run.guild_id,
                    run.iso_week,
                )
                message_ids[part] = found
            else:
                if message.chart and chart is None:
                    chart = await chart_png(digest)
                nonce = message_nonce(run.guild_id, run.iso_week, part)
                try:
                    message_ids[part] = await self._outbox.post(
                        run.channel_id, message, chart if message.chart else None, nonce
                    )
                except ChannelRefused:
                    await self._report_refused(run, hub)
                    return RunResult(hub.guild_id, run.iso_week, Outcome.CHANNEL_REFUSED)
            recorded = await record_part(
                self._store,
                run,
                part,
                message_ids[part],
                owner=self._owner,
                lease_until=lease_until(_later(now, began)),
            )
            if not recorded:
                return self._taken_over(run)
        owed = await self._personal_letters(run, hub, week)
        if not await finish_run_owing(self._store, run, owed, now, owner=self._owner):
            return self._taken_over(run)
        members = len({address.user_id for to in owed.values() for address in to})
        log.info(
            "posted the digest of hub %d, week %s: %d messages; %d members owed their own",
            hub.guild_id,
            run.iso_week,
            len(message_ids),
            members,
        )
        return RunResult(
            hub.guild_id,
            run.iso_week,
            Outcome.POSTED,
            tuple(message_ids[part] for part in sorted(message_ids)),
            members,
        )

    def _taken_over(self, run: DigestRun) -> RunResult:
        """This process's lease ran out and another took the run over: it finishes it."""
        log.warning(
            "another process took over the digest of hub %d, week %s; this one stops sending it",
            run.guild_id,
            run.iso_week,
        )
        return RunResult(run.guild_id, run.iso_week, Outcome.ELSEWHERE)

    async def _report_refused(self, run: DigestRun, hub: HubSettings) -> None:
        """Once per run (while the bot runs): every sweep tries again, the moderators hear once."""
        log.warning(
            "the digest channel of hub %d refused week %s; trying again at the next sweep",
            run.guild_id,
            run.iso_week,
        )
        assert run.channel_id is not None
        if (run.guild_id, run.iso_week) not in self._refusals_reported:
            self._refusals_reported.add((run.guild_id, run.iso_week))
            await self._outbox.report_refused(hub, run.channel_id, run.iso_week)

    async def _personal_letters(
        self, run: DigestRun, hub: HubSettings, week: DigestWeek
    ) -> dict[int, list[Address]]:
        """Each subscriber's own message, part by part, as letters of the outbox by item: for
        those the week has something for."""
        owed: dict[int, list[Address]] = {}
        if "profiles" not in self._features:
            return owed  # without profiles there are no skills to match
        skill_name = await self._skill_names(hub.guild_id)
        for subscriber in await subscribers(self._store, hub.guild_id):
            user_id = subscriber.user_id
            skills = await member_skills(self._store, hub.guild_id, user_id)
            gigs, requests = await personal_matches(
                self._store, hub.guild_id, week.starts_at, week.ends_at, skills, user_id
            )
            if not gigs and not requests:
                continue
            personal = await asyncio.to_thread(
                compose_personal,
                self._outbox.hub_name(hub.guild_id),
                gigs,
                requests,
                Reader(subscriber.locale, hub.timezone, skill_name),
            )
            personal = marked(
                personal, subscriber.locale, run.iso_week, link=jump_link(hub.guild_id)
            )
            for part, message in enumerate(personal.messages):
                owed.setdefault(letter_item(run.iso_week, part), []).append(
                    Address(user_id, subscriber.locale, Digest((message,)).to_json())
                )
        return owed

    async def _week(self, hub: HubSettings, ends_at: datetime) -> DigestWeek:
        starts_at, ends_at = week_ending(ends_at, hub.timezone)
        return await load_week(self._store, hub.guild_id, starts_at, ends_at, self._features)

    async def _compose(self, hub: HubSettings, week: DigestWeek) -> Digest:
        skill_name = await self._skill_names(hub.guild_id)
        return await asyncio.to_thread(
            compose_digest, week, Reader(hub.locale, hub.timezone, skill_name)
        )


async def chart_png(digest: Digest) -> bytes | None:
    """The digest's chart, drawn in a worker thread: rendering blocks for a noticeable moment."""
    if digest.chart is None:
        return None
    return await asyncio.to_thread(render_chart, digest.chart)


def _later(now: datetime, began: float) -> datetime:
    """`now`, the instant the run was asked at (by the bot's clock or a test's), moved on by the
    time the run has taken since `began` (time.monotonic): a lease is renewed from when its part
    was recorded, not from when the run began."""
    return now + timedelta(seconds=time.monotonic() - began)


def _log_missed(
    guild_id: int, iso_week: str, due: datetime, now: datetime, grace: timedelta
) -> None:
    # The bot was not running at the due time (or the hub was set up after it).
    log.warning(
        "the digest of hub %d for week %s was due at %s, %s ago, beyond the grace period of %s:"
        " not posted",
        guild_id,
        iso_week,
        due.isoformat(),
        now - due,
        grace,
    )
