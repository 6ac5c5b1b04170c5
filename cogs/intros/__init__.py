"""/intro: members introduce themselves, find each other by skill and hear of gigs for their skills
(the alerts are letters of the outbox: cogs/intros/_alerts.py, sent by cogs/outbox.py).

Also the listeners that keep profiles honest: departures
(from Discord's event when the hub enabled the members intent, else noticed on look-up) and the
daily removal of profiles whose members left 30 days ago.
"""

from __future__ import annotations

import logging

import discord
from apscheduler.triggers.cron import CronTrigger
from discord import app_commands
from discord.ext import commands

from bot.app import Mozaik
from bot.errors import Refusal
from bot.hubs.web_store import hub_web
from bot.i18n import FALLBACK, as_locale, t
from bot.intros.model import Availability
from bot.intros.store.profiles import (
    get_profile,
    mark_departed,
    mark_present,
    purge_departed,
    remove_profile,
    set_skill_alerts,
)
from bot.intros.store.public import set_public
from bot.reputation.store.cards import card_reputation
from bot.skills.store import hub_taxonomy
from bot.translator import choice, localised_options, slash_command
from bot.ui import interaction_locale, send_private
from cogs._access import guild_id_of
from cogs._background import Background
from cogs._catch_up import CatchUp
from cogs._groups import FeatureGroup, group_texts
from cogs._on_off import OnOff
from cogs.intros._delivery import catch_up
from cogs.intros._embeds import profile_card
from cogs.intros._find import FindResults, results_page
from cogs.intros._form import ReopenDraft, form_submitted, open_form
from cogs.intros._members import MemberLookups
from cogs.intros._posts import delete_posts, refresh_intro_post
from cogs.reputation._cards import testimonials_button
from cogs.reputation._commands import manage_testimonials, start_testimonial
from cogs.reputation._export import export_resume
from cogs.skills._choices import chosen_skill, skill_choices

log = logging.getLogger(__name__)

PURGE_JOB = "intros:purge-departed"
AVAILABILITY_CHOICES = [
    choice(f"intros.availability_{availability.value}", availability.value)
    for availability in Availability
]

TurnedOn = app_commands.Transform[bool, OnOff("intros.choice_on", "intros.choice_off")]


class IntroCog(FeatureGroup, **group_texts("intros")):
    def __init__(self, bot: Mozaik) -> None:
        super().__init__(bot, Background(bot, [ReopenDraft], CatchUp(bot, "intros", catch_up)))
        self.members = MemberLookups(bot)
        self.background.schedule(
            PURGE_JOB, CronTrigger(hour=3, minute=30), self.purge_departed_profiles
        )

    # --- commands -----------------------------------------------------------------------------

    @slash_command("intros.cmd.set")
    @localised_options("intros.cmd.set", "availability")
    @app_commands.choices(availability=AVAILABILITY_CHOICES)
    async def set_intro(
        self,
        interaction: discord.Interaction[Mozaik],
        availability: app_commands.Choice[str] | None = None,
    ) -> None:
        await open_form(
            interaction, None if availability is None else Availability(availability.value)
        )

    @slash_command("intros.cmd.show")
    @localised_options("intros.cmd.show", "member")
    async def show(
        self, interaction: discord.Interaction[Mozaik], member: discord.Member | None = None
    ) -> None:
        guild_id = interaction.guild_id
        if guild_id is None:
            raise Refusal("core.guild_only")
        target = member or interaction.user
        own = target.id == interaction.user.id
        profile = await get_profile(self.bot.store, guild_id, target.id)
        if profile is None or (profile.departed_at is not None and not own):
            key = "intros.no_profile_self" if own else "intros.no_profile_other"
            raise Refusal(key, member=target.display_name)
        if profile.departed_at is not None:
            await mark_present(self.bot.store, guild_id, target.id)
        # Your own card is for your eyes; someone else's is shown to the channel, in its language.
        hub = await self.bot.hub(guild_id)
        locale = await interaction_locale(interaction) if own else as_locale(hub.locale) or FALLBACK
        reputation = await card_reputation(self.bot.store, guild_id, target.id)
        card = profile_card(
            profile,
            name=target.display_name,
            avatar_url=target.display_avatar.url,
            taxonomy=await hub_taxonomy(self.bot.store, guild_id),
            locale=locale,
            reputation=reputation,
        )
        if reputation.shown > 1:
            pages = testimonials_button(target.id, reputation.shown, locale)
            await interaction.response.send_message(embed=card, view=pages, ephemeral=own)
            return
        await interaction.response.send_message(embed=card, ephemeral=own)

    @slash_command("intros.cmd.testimonial")
    @localised_options("intros.cmd.testimonial", "member")
    async def testimonial(
        self, interaction: discord.Interaction[Mozaik], member: discord.Member
    ) -> None:
        await start_testimonial(interaction, member)

    @slash_command("intros.cmd.testimonials")
    async def testimonials(self, interaction: discord.Interaction[Mozaik]) -> None:
        await manage_testimonials(interaction)

    @slash_command("intros.cmd.export")
    async def export(self, interaction: discord.Interaction[Mozaik]) -> None:
        await export_resume(interaction)

    @slash_command("intros.cmd.find")
    @localised_options("intros.cmd.find", "skill", "skill2", "availability")
    @app_commands.choices(availability=AVAILABILITY_CHOICES)
    @app_commands.autocomplete(skill=skill_choices, skill2=skill_choices)
    async def find(
        self,
        interaction: discord.Interaction[Mozaik],
        skill: str,
        skill2: str | None = None,
        availability: app_commands.Choice[str] | None = None,
    ) -> None:
        guild = interaction.guild
        if guild is None:
            raise Refusal("core.guild_only")
        # Answered within Discord's three seconds whatever the reads below wait behind.
        await interaction.response.defer(ephemeral=True, thinking=True)
        locale = await interaction_locale(interaction)
        taxonomy = await hub_taxonomy(self.bot.store, guild.id)
        typed = [skill, skill2] if skill2 else [skill]
        asked = tuple(dict.fromkeys(chosen_skill(taxonomy, name, locale).slug for name in typed))
        wanted = None if availability is None else Availability(availability.value)
        embed, page = await results_page(self.bot, self.members, guild, asked, wanted, 0, locale)
        if page.count > 1:
            view = FindResults(self.members, interaction.user.id, asked, wanted, page, locale)
            view.message = await interaction.followup.send(
                embed=embed, view=view, ephemeral=True, wait=True
            )
        else:
            await interaction.followup.send(embed=embed, ephemeral=True)

    @slash_command("intros.cmd.remove")
    async def remove(self, interaction: discord.Interaction[Mozaik]) -> None:
        guild_id = guild_id_of(interaction)
        profile = await remove_profile(
            self.bot.store, guild_id, interaction.user.id, self.bot.clock.now()
        )
        if profile is None:
            raise Refusal("intros.nothing_to_remove")
        await interaction.response.defer(ephemeral=True, thinking=True)
        locale = await interaction_locale(interaction)
        if await delete_posts(self.bot, profile):
            await send_private(interaction, t(locale, "intros.removed"))
            return
        channel = f"<#{profile.post_channel_id}>"
        await send_private(interaction, t(locale, "intros.removed_post_pending", channel=channel))

    @slash_command("intros.cmd.alerts")
    @localised_options("intros.cmd.alerts", "state")
    async def alerts(self, interaction: discord.Interaction[Mozaik], state: TurnedOn) -> None:
        guild_id = guild_id_of(interaction)
        changed = await set_skill_alerts(self.bot.store, guild_id, interaction.user.id, state)
        if state and not changed:
            raise Refusal("intros.alerts_need_profile")
        locale = await interaction_locale(interaction)
        await send_private(
            interaction, t(locale, "intros.alerts_on" if state else "intros.alerts_off")
        )

    @slash_command("intros.cmd.public")
    @localised_options("intros.cmd.public", "state")
    async def public(self, interaction: discord.Interaction[Mozaik], state: TurnedOn) -> None:
        """Whether the hub's public board may show the member's page and name them on gigs."""
        guild_id = guild_id_of(interaction)
        now = self.bot.clock.now()
        if not await set_public(self.bot.store, guild_id, interaction.user.id, state, now):
            raise Refusal("intros.public_needs_profile")
        locale = await interaction_locale(interaction)
        if not state:
            await send_private(interaction, t(locale, "intros.public_off"))
            return
        url = f"{self.bot.settings.web.root}/hubs/{guild_id}/members/{interaction.user.id}"
        web = await hub_web(self.bot.store, guild_id)
        key = "intros.public_on" if web is not None and web.public else "intros.public_on_board_off"
        await send_private(interaction, t(locale, key, url=url))

    @commands.Cog.listener()
    async def on_interaction(self, interaction: discord.Interaction[Mozaik]) -> None:
        await form_submitted(interaction)

    @commands.Cog.listener()
    async def on_reputation_changed(self, guild_id: int, user_id: int) -> None:
        await refresh_intro_post(self.bot, guild_id, user_id)

    # --- members who leave --------------------------------------------------------------------

    @commands.Cog.listener()
    async def on_raw_member_remove(self, payload: discord.RawMemberRemoveEvent) -> None:
        """Only with the members intent: hide the profile at once."""
        self.members.forget(payload.guild_id, payload.user.id)
        await mark_departed(self.bot.store, payload.guild_id, payload.user.id, self.bot.clock.now())

    @commands.Cog.listener()
    async def on_member_join(self, member: discord.Member) -> None:
        """Only with the members intent: a member who comes back is shown again."""
        await mark_present(self.bot.store, member.guild.id, member.id)

    async def purge_departed_profiles(self) -> None:
        removed = await purge_departed(
            self.bot.store, self.bot.clock.now(), await self.bot.served_hub_ids()
        )
        await delete_posts(self.bot)
        if removed:
            log.info("removed %d profiles of members who left 30 days ago", len(removed))


async def setup(bot: Mozaik) -> None:
    await bot.add_cog(IntroCog(bot))
