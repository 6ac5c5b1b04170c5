"""/digest: the hub's weekly opportunity digest, its schedule, and members' own weekly message.

Scheduling: one cron job per configured hub fires at the hub's weekday and time in its timezone
(`digest:hub:<guild id>`). A sweep every 15 minutes (`digest:sweep`) adds jobs for hubs set up
since, follows schedule changes made elsewhere (/hub setup changes the timezone), finishes
interrupted runs and posts any digest still due within the grace period, which also covers a
cron fire APScheduler 3.x skips (its CronTrigger can skip a week when a daylight saving change
falls between two fires at midnight, agronholm/apscheduler#529). Runs are keyed by hub and ISO
week in the store, so whichever comes first posts and the other finds it done. Once the bot is
ready, the same check runs for what fell due while it was down (`due_at_start`).
"""

from __future__ import annotations

import asyncio
import gc
import logging
from dataclasses import replace
from datetime import datetime, timedelta

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import Mozaik
from bot.digest.chart import load_drawing_library
from bot.digest.compose import SkillName
from bot.digest.outbox import ChannelRefused
from bot.digest.publishing import DigestPublisher, RunResult, chart_png
from bot.digest.schedule import (
    CLOCK_TIME_MAX,
    DigestSchedule,
    clock_text,
    cron_trigger,
    next_due,
    parse_clock_time,
    schedule_of,
)
from bot.digest.store.runs import subscribe, unsubscribe
from bot.digest.store.week import installed_features, member_skills
from bot.errors import Refusal
from bot.hubs.model import HubSettings
from bot.hubs.rules import checked_timezone
from bot.hubs.store import save_hub
from bot.i18n import FALLBACK, as_locale, t
from bot.scheduler import every
from bot.skills.store import hub_taxonomy
from bot.timezones import TIMEZONE_MAX
from bot.translator import choice, localised_options, slash_command
from bot.ui import interaction_locale, send_private
from cogs._access import check_moderates, guild_id_of
from cogs._groups import FeatureGroup, group_texts
from cogs._letters import OUTBOX_FILLED
from cogs._timezones import timezone_choices
from cogs.digest._outbox import DiscordOutbox
from cogs.digest._render import chart_file, embeds_of

log = logging.getLogger(__name__)

SWEEP_JOB = "digest:sweep"
SWEEP_EVERY = timedelta(minutes=15)
WEEKDAY_CHOICES = [choice(f"digest.day_{day}", str(day)) for day in range(7)]


def hub_job_id(guild_id: int) -> str:
    return f"digest:hub:{guild_id}"


class DigestCog(FeatureGroup, **group_texts("digest")):
    publisher: DigestPublisher  # made in cog_load, once the features' tables are known

    def __init__(self, bot: Mozaik) -> None:
        super().__init__(bot)
        self.grace = timedelta(hours=bot.settings.hub_defaults.digest_grace_hours)
        self.due_at_start: asyncio.Task[list[RunResult]] | None = None
        self._scheduled: dict[int, DigestSchedule] = {}

    async def cog_load(self) -> None:
        # Which features' tables exist is read once: a migration never runs while the bot does.
        self.publisher = DigestPublisher(
            self.bot.store,
            DiscordOutbox(self.bot),
            grace=self.grace,
            features=await installed_features(self.bot.store),
            skill_names=self._skill_names,
        )
        self._sync_jobs(await self._configured_hubs())
        every(self.bot.scheduler, SWEEP_EVERY, self._sweep, SWEEP_JOB)
        self.due_at_start = asyncio.create_task(self._run_due_at_start())

    async def cog_unload(self) -> None:
        if self.due_at_start is not None:
            self.due_at_start.cancel()
        gc.unfreeze()
        for guild_id in list(self._scheduled):
            self._unschedule(guild_id)
        if self.bot.scheduler.get_job(SWEEP_JOB) is not None:
            self.bot.scheduler.remove_job(SWEEP_JOB)

    # -- the runs, also called by tests at a chosen instant ---------------------------------

    async def run_digest(self, hub: HubSettings, now: datetime | None = None) -> RunResult:
        """The hub's weekly run as its cron job does it, at `now` (the bot's clock if None)."""
        result = await self.publisher.run_digest(hub, now or self.bot.clock.now())
        self.bot.dispatch(OUTBOX_FILLED)  # the subscribers' own messages it owes
        return result

    async def run_due_digests(self, now: datetime | None = None) -> list[RunResult]:
        """What the start and the sweep do: every configured hub's due and interrupted runs."""
        hubs = await self._configured_hubs()
        results = await self.publisher.run_due_digests(hubs, now or self.bot.clock.now())
        self.bot.dispatch(OUTBOX_FILLED)
        return results

    async def scheduled_run(self, guild_id: int) -> None:
        """What a hub's cron job runs when it fires."""
        try:
            hub = await self.bot.hub(guild_id)
            if not hub.configured:
                self._unschedule(guild_id)
                return
            if schedule_of(hub) != self._scheduled.get(guild_id):
                self._schedule(hub)
            await self.run_digest(hub)
        except Exception:  # a job's failure must not stop the scheduler; the next sweep retries
            log.exception("the weekly digest of hub %d failed", guild_id)

    async def _run_due_at_start(self) -> list[RunResult]:
        await self.bot.wait_until_ready()
        try:
            await asyncio.to_thread(load_drawing_library)
        except Exception:  # the first chart will load it, or say why it cannot, in its run
            log.exception("could not load the chart library ahead of the digests")
        # What is loaded by now lives as long as the bot: kept out of the collector's full
        # passes, which walk every object holding the GIL, and so the event loop, for hundreds of
        # milliseconds when a busy week's digest makes tens of thousands of objects.
        gc.freeze()
        try:
            return await self.run_due_digests()
        except Exception:
            log.exception("the digests due at start failed; the next sweep tries again")
            return []

    async def _sweep(self) -> None:
        try:
            hubs = await self._configured_hubs()
            self._sync_jobs(hubs)
            await self.publisher.run_due_digests(hubs, self.bot.clock.now())
            self.bot.dispatch(OUTBOX_FILLED)
        except Exception:
            log.exception("the digest sweep failed")

    async def _configured_hubs(self) -> list[HubSettings]:
        """The hubs whose digests this process sends: those of its shards."""
        return await self.bot.served_hubs()

    # -- the cron jobs ----------------------------------------------------------------------

    @commands.Cog.listener()
    async def on_hub_saved(self, hub: HubSettings) -> None:
        """An admin changed the hub (its time zone, say): its job follows at once."""
        if schedule_of(hub) != self._scheduled.get(hub.guild_id):
            self._schedule(hub)

    def _sync_jobs(self, hubs: list[HubSettings]) -> None:
        """One job per configured hub, on the hub's current schedule."""
        for hub in hubs:
            if schedule_of(hub) != self._scheduled.get(hub.guild_id):
                self._schedule(hub)
        configured = {hub.guild_id for hub in hubs}
        for guild_id in list(self._scheduled):
            if guild_id not in configured:
                self._unschedule(guild_id)

    def _schedule(self, hub: HubSettings) -> None:
        schedule = schedule_of(hub)
        self.bot.scheduler.add_job(
            self.scheduled_run,
            cron_trigger(schedule),
            args=[hub.guild_id],
            id=hub_job_id(hub.guild_id),
            replace_existing=True,
            # Late is fine (the run itself checks the grace), skipped silently is not:
            # APScheduler's default grace is one second.
            coalesce=True,
            misfire_grace_time=max(int(self.grace.total_seconds()), 1),
            max_instances=1,
        )
        self._scheduled[hub.guild_id] = schedule

    def _unschedule(self, guild_id: int) -> None:
        if self.bot.scheduler.get_job(hub_job_id(guild_id)) is not None:
            self.bot.scheduler.remove_job(hub_job_id(guild_id))
        self._scheduled.pop(guild_id, None)

    async def _skill_names(self, guild_id: int) -> SkillName:
        taxonomy = await hub_taxonomy(self.bot.store, guild_id)

        def name(slug: str, locale: str) -> str:
            skill = taxonomy.get(slug)
            return slug if skill is None else skill.name(as_locale(locale) or FALLBACK)

        return name

    # -- commands ---------------------------------------------------------------------------

    @slash_command("digest.cmd.preview")
    async def preview(self, interaction: discord.Interaction[Mozaik]) -> None:
        hub = await self._moderators_hub(interaction)
        await interaction.response.defer(ephemeral=True, thinking=True)
        digest = await self.publisher.compose(hub, self.bot.clock.now())
        chart = await chart_png(digest)
        locale = await interaction_locale(interaction)
        for part, message in enumerate(digest.messages):
            files = [chart_file(chart)] if message.chart and chart is not None else []
            await interaction.followup.send(
                t(locale, "digest.preview_note") if part == 0 else discord.utils.MISSING,
                embeds=embeds_of(message),
                files=files,
                ephemeral=True,
                allowed_mentions=discord.AllowedMentions.none(),
            )

    @slash_command("digest.cmd.now")
    async def now(self, interaction: discord.Interaction[Mozaik]) -> None:
        hub = await self._moderators_hub(interaction)
        if hub.digest_channel_id is None:
            raise Refusal("digest.no_channel")
        await interaction.response.defer(ephemeral=True, thinking=True)
        channel = f"<#{hub.digest_channel_id}>"
        try:
            posted = await self.publisher.post_now(hub, self.bot.clock.now())
        except ChannelRefused:
            raise Refusal("digest.channel_refused", channel=channel) from None
        locale = await interaction_locale(interaction)
        if posted:
            text = t(locale, "digest.posted", channel=channel)
        else:
            text = t(locale, "digest.nothing_to_post")
        await send_private(interaction, text)

    @slash_command("digest.cmd.schedule")
    @localised_options("digest.cmd.schedule", "day", "time", "timezone")
    @app_commands.choices(day=WEEKDAY_CHOICES)
    @app_commands.autocomplete(timezone=timezone_choices)
    async def schedule(
        self,
        interaction: discord.Interaction[Mozaik],
        day: app_commands.Choice[str],
        time: app_commands.Range[str, 1, CLOCK_TIME_MAX],
        timezone: app_commands.Range[str, 1, TIMEZONE_MAX] | None = None,
    ) -> None:
        hub = await self._moderators_hub(interaction)
        hub = replace(
            hub,
            digest_weekday=int(day.value),
            digest_time=clock_text(parse_clock_time(time)),
            timezone=hub.timezone if timezone is None else checked_timezone(timezone),
        )
        hub = await save_hub(self.bot.store, hub, self.bot.clock.now())
        self._schedule(hub)
        locale = await interaction_locale(interaction)
        upcoming = next_due(schedule_of(hub), self.bot.clock.now())
        await send_private(
            interaction,
            t(
                locale,
                "digest.scheduled",
                day=t(locale, f"digest.day_{hub.digest_weekday}"),
                time=hub.digest_time,
                timezone=hub.timezone,
                next=discord.utils.format_dt(upcoming, "F"),
            ),
        )

    @slash_command("digest.cmd.subscribe")
    async def subscribe(self, interaction: discord.Interaction[Mozaik]) -> None:
        guild_id = guild_id_of(interaction)
        locale = await interaction_locale(interaction)
        member_id = interaction.user.id
        now = self.bot.clock.now()
        if not await subscribe(self.bot.store, guild_id, member_id, locale, now):
            key = "digest.already_subscribed"
        elif "profiles" in self.publisher.features and not await member_skills(
            self.bot.store, guild_id, member_id
        ):
            key = "digest.subscribed_no_skills"
        else:
            key = "digest.subscribed"
        await send_private(interaction, t(locale, key))

    @slash_command("digest.cmd.unsubscribe")
    async def unsubscribe(self, interaction: discord.Interaction[Mozaik]) -> None:
        guild_id = guild_id_of(interaction)
        locale = await interaction_locale(interaction)
        stopped = await unsubscribe(self.bot.store, guild_id, interaction.user.id)
        await send_private(
            interaction, t(locale, "digest.unsubscribed" if stopped else "digest.not_subscribed")
        )

    async def _moderators_hub(self, interaction: discord.Interaction[Mozaik]) -> HubSettings:
        """The hub, if the member moderates it; a polite refusal otherwise."""
        guild_id = guild_id_of(interaction)
        hub = await self.bot.hub(guild_id)
        check_moderates(interaction.user, hub, Refusal("digest.moderators_only"))
        return hub


async def setup(bot: Mozaik) -> None:
    await bot.add_cog(DigestCog(bot))
