"""/collab: members look for partners, co-founders, mentors and buddies, and answer each other.

The form, buttons and the work behind them are in `_views`; what they look like in `_embeds`;
where they are posted in `_posts`. Requests expire through an hourly job (`expire_requests`).
"""

from __future__ import annotations

import logging
from datetime import datetime

import discord
from apscheduler.triggers.cron import CronTrigger
from discord import app_commands
from discord.ext import commands

from bot.app import Mozaik
from bot.collab.drafts import FormValues
from bot.collab.model import PARTNERS_MAX, CollabRequest, Compensation, Kind, Status
from bot.collab.rules import check_can_close
from bot.collab.store.drafts import forget_stale_drafts
from bot.collab.store.requests import (
    close_request,
    expire_due_requests,
    get_request,
    open_requests,
    requests_by,
)
from bot.errors import Refusal
from bot.i18n import t
from bot.skills.store import hub_taxonomy
from bot.translator import choice, localised_options, slash_command
from bot.ui import interaction_locale, send_private
from cogs._access import guild_id_of, moderates
from cogs._background import Background
from cogs._catch_up import CatchUp
from cogs._groups import FeatureGroup, group_texts
from cogs._people import send_dm
from cogs.collab._answers import AnswerButton, DecisionButton, refresh_post
from cogs.collab._delivery import catch_up
from cogs.collab._embeds import language, list_embed, plain, requester_note
from cogs.collab._form import ReopenDraft, check_may_request, form_submitted, request_form
from cogs.collab._posts import moved_on
from cogs.collab._queue import ReviewButton, mark_queue_message
from cogs.collab._suggestions import InviteButton
from cogs.reputation._partners import ask_partners

log = logging.getLogger(__name__)

PERSISTENT_ITEMS = (AnswerButton, DecisionButton, InviteButton, ReopenDraft, ReviewButton)

EXPIRY_JOB = "collab-expiry"
LIST_SIZE = 10

KIND_CHOICES = [choice(f"collab.kind_{kind.value}", kind.value) for kind in Kind]
COMPENSATION_CHOICES = [
    choice(f"collab.compensation_{compensation.value}", compensation.value)
    for compensation in Compensation
]


async def expire_requests(bot: Mozaik, now: datetime) -> list[CollabRequest]:
    """Close every request past its hub's expiry and show it on its post; the expired ones."""
    expired = await expire_due_requests(bot.store, now, await bot.served_hub_ids())
    for request in expired:
        try:
            await _show_expired(bot, request)
        except discord.HTTPException:
            log.warning("could not show that request %s expired", request.id, exc_info=True)
    return expired


async def _show_expired(bot: Mozaik, request: CollabRequest) -> None:
    if request.message_id is not None:
        await refresh_post(bot, request)
    else:
        hub = await bot.hub(request.guild_id)
        await mark_queue_message(bot, request, t(language(hub.locale), "collab.queue_expired"))
    await send_dm(bot, request.requester_id, content=requester_note(request, "collab.expired_dm"))
    await ask_partners(bot, request)


class CollabCog(FeatureGroup, **group_texts("collab")):
    def __init__(self, bot: Mozaik) -> None:
        catching_up = CatchUp(bot, "collab", catch_up)
        super().__init__(bot, Background(bot, PERSISTENT_ITEMS, catching_up))
        # hourly: an old request is closed within the hour
        self.background.schedule(EXPIRY_JOB, CronTrigger(minute=5), self._expire_now)

    async def _expire_now(self) -> None:
        expired = await expire_requests(self.bot, self.bot.clock.now())
        await forget_stale_drafts(self.bot.store, self.bot.clock.now())
        log.info("expired %d collaboration requests", len(expired))

    @commands.Cog.listener()
    async def on_interaction(self, interaction: discord.Interaction[Mozaik]) -> None:
        await form_submitted(interaction)

    @slash_command("collab.cmd.request")
    @localised_options("collab.cmd.request", "kind", "compensation", "partners")
    @app_commands.choices(kind=KIND_CHOICES, compensation=COMPENSATION_CHOICES)
    async def request(
        self,
        interaction: discord.Interaction[Mozaik],
        kind: app_commands.Choice[str],
        compensation: app_commands.Choice[str],
        partners: app_commands.Range[int, 1, PARTNERS_MAX] = 1,
    ) -> None:
        guild_id = guild_id_of(interaction)
        hub = await self.bot.hub(guild_id)
        await check_may_request(self.bot, hub, interaction.user)
        values = FormValues(kind.value, compensation.value, partners)
        locale = language(await interaction_locale(interaction))
        await interaction.response.send_modal(request_form(values, locale))

    @slash_command("collab.cmd.list")
    @localised_options("collab.cmd.list", "skill", "kind")
    @app_commands.choices(kind=KIND_CHOICES)
    async def list_requests(
        self,
        interaction: discord.Interaction[Mozaik],
        skill: str | None = None,
        kind: app_commands.Choice[str] | None = None,
    ) -> None:
        guild_id = guild_id_of(interaction)
        locale = language(await interaction_locale(interaction))
        taxonomy = await hub_taxonomy(self.bot.store, guild_id)
        slug = None
        if skill:
            known = taxonomy.get(skill) or taxonomy.resolve(skill)
            if known is None:
                raise Refusal("collab.unknown_skill", skill=plain(skill[:100]))
            slug = known.slug
        requests = await open_requests(
            self.bot.store,
            guild_id,
            self.bot.clock.now(),
            skill=slug,
            kind=Kind(kind.value) if kind else None,
            limit=LIST_SIZE,
        )
        if not requests:
            await send_private(interaction, t(locale, "collab.list_empty"))
            return
        title = t(locale, "collab.list_title")
        await send_private(interaction, embed=list_embed(title, requests, taxonomy, locale))

    @list_requests.autocomplete("skill")
    async def _skills(
        self, interaction: discord.Interaction[Mozaik], current: str
    ) -> list[app_commands.Choice[str]]:
        guild_id = guild_id_of(interaction)
        locale = language(await interaction_locale(interaction))
        taxonomy = await hub_taxonomy(self.bot.store, guild_id)
        return [
            app_commands.Choice(name=skill.name(locale), value=skill.slug)
            for skill in taxonomy.autocomplete(current, locale)
        ]

    @slash_command("collab.cmd.mine")
    async def mine(self, interaction: discord.Interaction[Mozaik]) -> None:
        guild_id = guild_id_of(interaction)
        locale = language(await interaction_locale(interaction))
        requests = await requests_by(self.bot.store, guild_id, interaction.user.id, limit=LIST_SIZE)
        if not requests:
            await send_private(interaction, t(locale, "collab.mine_empty"))
            return
        taxonomy = await hub_taxonomy(self.bot.store, guild_id)
        title = t(locale, "collab.mine_title")
        await send_private(interaction, embed=list_embed(title, requests, taxonomy, locale))

    @slash_command("collab.cmd.close")
    @localised_options("collab.cmd.close", "number")
    async def close(
        self, interaction: discord.Interaction[Mozaik], number: app_commands.Range[int, 1]
    ) -> None:
        guild_id = guild_id_of(interaction)
        hub = await self.bot.hub(guild_id)
        request = await self._request_here(guild_id, number)
        is_moderator = moderates(interaction.user, hub)

        def check(request: CollabRequest) -> None:
            check_can_close(request, interaction.user.id, is_moderator)

        check(request)
        closed = await close_request(self.bot.store, request, now=self.bot.clock.now())
        if closed is None:
            raise await moved_on(self.bot, request.id, check)
        await interaction.response.defer(ephemeral=True, thinking=True)
        if request.status is Status.PENDING:
            await mark_queue_message(
                self.bot, closed, t(language(hub.locale), "collab.queue_closed")
            )
        else:
            await refresh_post(self.bot, closed)
        locale = language(await interaction_locale(interaction))
        await send_private(interaction, t(locale, "collab.closed", number=closed.id))
        await ask_partners(self.bot, closed)

    async def _request_here(self, guild_id: int, number: int) -> CollabRequest:
        request = await get_request(self.bot.store, number)
        if request is None or request.guild_id != guild_id:
            raise Refusal("collab.not_found", number=number)
        return request


async def setup(bot: Mozaik) -> None:
    await bot.add_cog(CollabCog(bot))
