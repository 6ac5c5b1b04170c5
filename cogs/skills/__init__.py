"""/skills: moderators shape their hub's skills: add one, give one another name, merge two, and
decide whether members may add skills of their own."""

from __future__ import annotations

from dataclasses import replace

import discord
from discord import app_commands

from bot.app import Mozaik
from bot.hubs.store import save_hub
from bot.i18n import t
from bot.skills import new_hub_alias, new_hub_merge, new_hub_skill, split_skill_list
from bot.skills.store import add_hub_alias, add_hub_skills, hub_taxonomy, merge_hub_skills
from bot.translator import localised_options, slash_command
from bot.ui import OnlySome, interaction_locale, send_private
from cogs._access import guild_id_of
from cogs._groups import ModeratorGroup, group_texts
from cogs._on_off import OnOff
from cogs.skills._choices import skill_choices


class SkillsCog(ModeratorGroup, **group_texts("hubskills")):
    def refusal(self) -> OnlySome:
        return OnlySome("hubskills.moderators_only")

    @slash_command("hubskills.cmd.add")
    @localised_options("hubskills.cmd.add", "name", "aliases")
    async def add(
        self, interaction: discord.Interaction[Mozaik], name: str, aliases: str | None = None
    ) -> None:
        guild_id = guild_id_of(interaction)
        locale = await interaction_locale(interaction)
        taxonomy = await hub_taxonomy(self.bot.store, guild_id)
        skill = new_hub_skill(taxonomy, name, split_skill_list(aliases or ""), locale=locale)
        await add_hub_skills(
            self.bot.store, guild_id, [skill], interaction.user.id, self.bot.clock.now()
        )
        text = t(locale, "hubskills.added", skill=skill.name)
        if skill.aliases:
            text += "\n" + t(locale, "hubskills.added_aliases", aliases=", ".join(skill.aliases))
        await send_private(interaction, text)

    @slash_command("hubskills.cmd.alias")
    @localised_options("hubskills.cmd.alias", "skill", "alias")
    @app_commands.autocomplete(skill=skill_choices)
    async def alias(self, interaction: discord.Interaction[Mozaik], skill: str, alias: str) -> None:
        guild_id = guild_id_of(interaction)
        locale = await interaction_locale(interaction)
        taxonomy = await hub_taxonomy(self.bot.store, guild_id)
        added = new_hub_alias(taxonomy, skill, alias, locale=locale)
        await add_hub_alias(self.bot.store, guild_id, added, self.bot.clock.now())
        target = taxonomy.get(added.slug)
        assert target is not None
        await send_private(
            interaction,
            t(locale, "hubskills.alias_added", alias=added.alias, skill=target.name(locale)),
        )

    @slash_command("hubskills.cmd.merge")
    @localised_options("hubskills.cmd.merge", "merged", "into")
    @app_commands.autocomplete(merged=skill_choices, into=skill_choices)
    async def merge(self, interaction: discord.Interaction[Mozaik], merged: str, into: str) -> None:
        guild_id = guild_id_of(interaction)
        locale = await interaction_locale(interaction)
        taxonomy = await hub_taxonomy(self.bot.store, guild_id)
        merge = new_hub_merge(taxonomy, merged, into, locale=locale)
        counts = await merge_hub_skills(self.bot.store, guild_id, merge, self.bot.clock.now())
        source, target = taxonomy.get(merge.merged_slug), taxonomy.get(merge.into_slug)
        assert source is not None and target is not None
        await send_private(
            interaction,
            t(
                locale,
                "hubskills.merged",
                merged=source.name(locale),
                into=target.name(locale),
                profiles=counts.profiles,
                gigs=counts.gigs,
                requests=counts.requests,
            ),
        )

    @slash_command("hubskills.cmd.allow_new")
    @localised_options("hubskills.cmd.allow_new", "state")
    async def allow_new(
        self,
        interaction: discord.Interaction[Mozaik],
        state: app_commands.Transform[bool, OnOff("hubskills.choice_on", "hubskills.choice_off")],
    ) -> None:
        guild_id = guild_id_of(interaction)
        locale = await interaction_locale(interaction)
        hub = await self.bot.hub(guild_id)
        await save_hub(self.bot.store, replace(hub, allow_new_skills=state), self.bot.clock.now())
        await send_private(
            interaction, t(locale, "hubskills.new_allowed" if state else "hubskills.new_refused")
        )


async def setup(bot: Mozaik) -> None:
    await bot.add_cog(SkillsCog(bot))
