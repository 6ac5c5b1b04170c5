"""Skill options as members see them: autocomplete in their language, and reading what was chosen.

Any cog with a skill option can use these: the choice's value is the skill's slug, and
`chosen_skill` also accepts whatever the member typed instead of picking a suggestion.
"""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands

from bot.errors import Refusal
from bot.i18n import Locale
from bot.skills import Skill, Taxonomy, describe_unknown_skills
from bot.skills.store import hub_taxonomy
from bot.ui import interaction_locale


async def skill_choices(
    interaction: discord.Interaction[Any], current: str
) -> list[app_commands.Choice[str]]:
    """At most 25 of the hub's skills matching what the member typed, named in their language."""
    if interaction.guild_id is None:
        return []
    taxonomy = await hub_taxonomy(interaction.client.store, interaction.guild_id)
    locale = await interaction_locale(interaction)
    return [
        app_commands.Choice(name=skill.name(locale), value=skill.slug)
        for skill in taxonomy.autocomplete(current, locale)
    ]


def chosen_skill(taxonomy: Taxonomy, text: str, locale: Locale) -> Skill:
    """The skill a member picked or typed, or a refusal with suggestions."""
    skill = taxonomy.resolve(text.strip())
    if skill is None:
        unknown = describe_unknown_skills([text.strip()], taxonomy, locale)
        raise Refusal("skills.unknown", unknown=unknown, count=1)
    return skill
