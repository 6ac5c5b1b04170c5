"""/gig for members and /gigmod for moderators: posting, browsing and curating gigs.

Thin on purpose: options and permissions here, rules in bot/gigs, records in bot/gigs/store, and
what Mozaik writes in Discord in the helper modules next to this one.
"""

from __future__ import annotations

import logging
from decimal import Decimal

import discord
from apscheduler.triggers.cron import CronTrigger
from discord import app_commands
from discord.ext import commands

from bot.app import Mozaik
from bot.errors import Refusal
from bot.gigs.curation import GigAction, check_action, may_see_applicants
from bot.gigs.drafts import GigDraft, draft_of
from bot.gigs.model import (
    CITY_MAX,
    CloseReason,
    Engagement,
    GigStatus,
    LocationType,
)
from bot.gigs.rules import check_not_banned
from bot.gigs.search import QUERY_MAX, GigFilters
from bot.gigs.store.board import gigs_of
from bot.gigs.store.posting import posting_history
from bot.gigs.store.responses import interests_in
from bot.gigs.validation import check_before_form
from bot.hubs.pause import Change, check_ready
from bot.hubs.pause_store import last_change
from bot.i18n import as_locale, t
from bot.intros.store.people import headlines
from bot.translator import localised_options, slash_command
from bot.ui import interaction_locale
from cogs._access import actor_of, guild_id_of
from cogs._background import Background
from cogs._catch_up import CatchUp
from cogs._groups import FeatureGroup, group_texts
from cogs._limits import fit
from cogs.gigs._board import list_page, search_page
from cogs.gigs._delivery import catch_up
from cogs.gigs._embeds import (
    applicants_embed,
    gig_embed,
    gig_line,
    list_embed,
    with_decision_reason,
)
from cogs.gigs._expiry import upkeep
from cogs.gigs._forms import form_submitted, open_gig_form
from cogs.gigs._lookup import require_gig
from cogs.gigs._moderation import GigModCog
from cogs.gigs._options import (
    CLOSE_CHOICES,
    DELIVERY_DAYS,
    ENGAGEMENT_CHOICES,
    GIG_NUMBER,
    LOCATION_CHOICES,
    MIN_PAY,
    TERM_OPTIONS,
    ChosenTerms,
    Pick,
    term_options,
)
from cogs.gigs._posts import post_link, taxonomy_of
from cogs.gigs._submission import check_may_open_form, ensure_ready
from cogs.gigs._views import DYNAMIC_ITEMS, close_by_poster
from cogs.skills._choices import chosen_skill

log = logging.getLogger(__name__)

UPKEEP_JOB = "gigs:upkeep"


class GigCog(FeatureGroup, **group_texts("gigs")):
    def __init__(self, bot: Mozaik) -> None:
        super().__init__(bot, Background(bot, DYNAMIC_ITEMS, CatchUp(bot, "gigs", catch_up)))
        # hourly: an expired gig is closed within the hour
        self.background.schedule(UPKEEP_JOB, CronTrigger(minute=15), upkeep, bot)

    @commands.Cog.listener()
    async def on_interaction(self, interaction: discord.Interaction[Mozaik]) -> None:
        await form_submitted(interaction)

    @slash_command("gigs.cmd.post")
    @localised_options("gigs.cmd.post", *TERM_OPTIONS)
    @term_options
    async def post(
        self,
        interaction: discord.Interaction[Mozaik],
        kind: Pick,
        engagement: Pick,
        location: Pick,
        level: Pick,
        city: app_commands.Range[str, 1, CITY_MAX] | None = None,
        per: Pick | None = None,
        currency: app_commands.Range[str, 3, 3] | None = None,
        delivery_days: DELIVERY_DAYS | None = None,
    ) -> None:
        hub = await self.bot.hub(guild_id_of(interaction))
        chosen = ChosenTerms(kind, engagement, location, level, city, per, currency, delivery_days)
        draft = GigDraft(**chosen.draft_fields())
        check_before_form(draft)
        await check_may_open_form(self.bot, hub, interaction.user)
        await open_gig_form(interaction, draft)

    @slash_command("gigs.cmd.edit")
    @localised_options("gigs.cmd.edit", "number", *TERM_OPTIONS)
    @term_options
    async def edit(
        self,
        interaction: discord.Interaction[Mozaik],
        number: GIG_NUMBER,
        kind: Pick | None = None,
        engagement: Pick | None = None,
        location: Pick | None = None,
        level: Pick | None = None,
        city: app_commands.Range[str, 1, CITY_MAX] | None = None,
        per: Pick | None = None,
        currency: app_commands.Range[str, 3, 3] | None = None,
        delivery_days: DELIVERY_DAYS | None = None,
    ) -> None:
        guild_id = guild_id_of(interaction)
        hub = await self.bot.hub(guild_id)
        ensure_ready(hub)
        gig = await require_gig(self.bot, number, guild_id)
        check_action(gig, GigAction.EDIT, actor_of(interaction, hub))
        history = await posting_history(
            self.bot.store,
            guild_id=hub.guild_id,
            user_id=interaction.user.id,
            now=self.bot.clock.now(),
        )
        check_not_banned(history, self.bot.clock.now())
        # Refused before a word is typed while the pause after the last edit lasts.
        last = await last_change(self.bot.store, hub.guild_id, interaction.user.id, Change.GIG_EDIT)
        check_ready(last, hub.post_cooldown_seconds, self.bot.clock.now())
        locale = await interaction_locale(interaction)
        taxonomy = await taxonomy_of(self.bot, guild_id)
        chosen = ChosenTerms(kind, engagement, location, level, city, per, currency, delivery_days)
        draft = chosen.applied_to(
            draft_of(gig.terms, taxonomy.display_names(gig.terms.skills, locale))
        )
        check_before_form(draft)
        await open_gig_form(interaction, draft, editing=gig.id)

    @slash_command("gigs.cmd.list")
    @localised_options("gigs.cmd.list", "skill", "engagement", "location", "min_pay")
    @app_commands.choices(engagement=ENGAGEMENT_CHOICES, location=LOCATION_CHOICES)
    async def list_gigs(
        self,
        interaction: discord.Interaction[Mozaik],
        skill: str | None = None,
        engagement: Pick | None = None,
        location: Pick | None = None,
        min_pay: MIN_PAY | None = None,
    ) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        guild_id = guild_id_of(interaction)
        hub = await self.bot.hub(guild_id)
        locale = await interaction_locale(interaction)
        slug = None
        if skill:
            taxonomy = await taxonomy_of(self.bot, guild_id)
            slug = chosen_skill(taxonomy, skill, as_locale(locale) or "en").slug
        filters = GigFilters(
            skill=slug,
            engagement=None if engagement is None else Engagement(engagement.value),
            location=None if location is None else LocationType(location.value),
            min_pay=None if min_pay is None else Decimal(min_pay),
            currency=hub.currency,
        )
        embed, view = await list_page(self.bot, guild_id, filters, 0, locale)
        await interaction.followup.send(embed=embed, view=view, ephemeral=True)

    @list_gigs.autocomplete("skill")
    async def _skills(
        self, interaction: discord.Interaction[Mozaik], current: str
    ) -> list[app_commands.Choice[str]]:
        if interaction.guild_id is None:
            return []
        language = as_locale(interaction.locale.value) or "en"
        taxonomy = await taxonomy_of(self.bot, interaction.guild_id)
        return [
            app_commands.Choice(name=fit(skill.name(language), 100), value=skill.slug)
            for skill in taxonomy.autocomplete(current, language)
        ]

    @slash_command("gigs.cmd.search")
    @localised_options("gigs.cmd.search", "query")
    async def search(
        self,
        interaction: discord.Interaction[Mozaik],
        query: app_commands.Range[str, 1, QUERY_MAX],
    ) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        guild_id = guild_id_of(interaction)
        locale = await interaction_locale(interaction)
        embed, view = await search_page(self.bot, guild_id, query, 0, locale)
        await interaction.followup.send(embed=embed, view=view, ephemeral=True)

    @slash_command("gigs.cmd.show")
    @localised_options("gigs.cmd.show", "number")
    async def show(self, interaction: discord.Interaction[Mozaik], number: GIG_NUMBER) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        guild_id = guild_id_of(interaction)
        hub = await self.bot.hub(guild_id)
        gig = await require_gig(self.bot, number, guild_id)
        if gig.status is not GigStatus.APPROVED and not may_see_applicants(
            gig, actor_of(interaction, hub)
        ):
            raise Refusal("gigs.not_found", number=number)
        locale = await interaction_locale(interaction)
        taxonomy = await taxonomy_of(self.bot, guild_id)
        embed = with_decision_reason(
            gig_embed(gig, locale, taxonomy, self.bot.clock.now()), gig, locale
        )
        link = post_link(gig)
        await interaction.followup.send(link or discord.utils.MISSING, embed=embed, ephemeral=True)

    @slash_command("gigs.cmd.mine")
    async def mine(self, interaction: discord.Interaction[Mozaik]) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        guild_id = guild_id_of(interaction)
        locale = await interaction_locale(interaction)
        gigs = await gigs_of(self.bot.store, guild_id, interaction.user.id)
        now = self.bot.clock.now()
        lines = [gig_line(gig, locale, now, with_status=True) for gig in gigs]
        if not lines:
            lines = [t(locale, "gigs.mine_none")]
        embed = list_embed(t(locale, "gigs.mine_title"), lines, locale)
        await interaction.followup.send(embed=embed, ephemeral=True)

    @slash_command("gigs.cmd.close")
    @localised_options("gigs.cmd.close", "number", "reason")
    @app_commands.choices(reason=CLOSE_CHOICES)
    async def close(
        self, interaction: discord.Interaction[Mozaik], number: GIG_NUMBER, reason: Pick
    ) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        guild_id = guild_id_of(interaction)
        await require_gig(self.bot, number, guild_id)
        locale = await interaction_locale(interaction)
        text, view = await close_by_poster(interaction, number, CloseReason(reason.value), locale)
        if view is None:
            await interaction.followup.send(text, ephemeral=True)
        else:
            await interaction.followup.send(text, view=view, ephemeral=True)

    @slash_command("gigs.cmd.applicants")
    @localised_options("gigs.cmd.applicants", "number")
    async def applicants(
        self, interaction: discord.Interaction[Mozaik], number: GIG_NUMBER
    ) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        guild_id = guild_id_of(interaction)
        hub = await self.bot.hub(guild_id)
        gig = await require_gig(self.bot, number, guild_id)
        if not may_see_applicants(gig, actor_of(interaction, hub)):
            raise Refusal("gigs.applicants_private", number=number)
        interests = await interests_in(self.bot.store, gig.id)
        known = await headlines(self.bot.store, guild_id, [i.user_id for i in interests])
        locale = await interaction_locale(interaction)
        embed = applicants_embed(gig, interests, known, locale)
        await interaction.followup.send(embed=embed, ephemeral=True)


async def setup(bot: Mozaik) -> None:
    await bot.add_cog(GigCog(bot))
    await bot.add_cog(GigModCog(bot))
