"""The introduction form: the modal, what happens on submit, and reopening a refused draft.

A refused form is kept server-side as a draft; the refusal carries a button that reopens the
form with exactly what the member typed.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any, Self

import discord

from bot.app import Mozaik
from bot.errors import Refusal
from bot.i18n import Locale, t
from bot.profiles.form import IntroForm, check_form, details_template, form_for
from bot.profiles.model import ABOUT_MAX, HEADLINE_MAX, Availability
from bot.store.profiles import get_draft, get_profile, save_draft, save_profile
from bot.store.skills import add_hub_skills, hub_taxonomy
from bot.ui import MozaikModal, answers_errors, send_private
from cogs.intros._embeds import profile_card, skill_names
from cogs.intros._posts import publish_intro
from cogs.skills._choices import member_locale

# Room for a little more than the rules allow, so a draft that was too long reopens whole.
SKILLS_INPUT_MAX = 1000
LINKS_INPUT_MAX = 1500
DETAILS_INPUT_MAX = 500


class IntroModal(MozaikModal):
    def __init__(self, form: IntroForm, locale: Locale, user_id: int) -> None:
        # One form per member: opening it again replaces the one discord.py was waiting for.
        super().__init__(title=t(locale, "intro.form_title"), custom_id=f"intro:form:{user_id}")
        self.availability = form.availability
        self.headline = self._field(locale, "headline", form.headline, HEADLINE_MAX)
        self.about = self._field(
            locale, "about", form.about, ABOUT_MAX, paragraph=True, required=False
        )
        self.skills = self._field(locale, "skills", form.skills, SKILLS_INPUT_MAX, paragraph=True)
        self.links = self._field(
            locale, "links", form.links, LINKS_INPUT_MAX, paragraph=True, required=False
        )
        self.details = self._field(
            locale, "details", form.details, DETAILS_INPUT_MAX, paragraph=True, required=False
        )

    def _field(
        self,
        locale: Locale,
        name: str,
        value: str,
        max_length: int,
        *,
        paragraph: bool = False,
        required: bool = True,
    ) -> discord.ui.TextInput[Self]:
        text_input: discord.ui.TextInput[Self] = discord.ui.TextInput(
            custom_id=name,
            style=discord.TextStyle.paragraph if paragraph else discord.TextStyle.short,
            default=value[:max_length] or None,
            max_length=max_length,
            required=required,
        )
        self.add_item(
            discord.ui.Label(
                text=t(locale, f"intro.field_{name}"),
                description=t(locale, f"intro.field_{name}_hint"),
                component=text_input,
            )
        )
        return text_input

    def typed(self) -> IntroForm:
        return IntroForm(
            headline=self.headline.value,
            about=self.about.value,
            skills=self.skills.value,
            links=self.links.value,
            details=self.details.value,
            availability=self.availability,
        )

    async def on_submit(self, interaction: discord.Interaction[Any], /) -> None:
        await submit_form(interaction, self.typed())


class ReopenDraft(
    discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"intro:draft:(?P<user>\d+)"
):
    """Opens the form again with the draft the member's refused submission left."""

    def __init__(self, user_id: int, label: str | None = None) -> None:
        super().__init__(
            discord.ui.Button(
                label=label, style=discord.ButtonStyle.primary, custom_id=f"intro:draft:{user_id}"
            )
        )
        self.user_id = user_id

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> Self:
        return cls(int(match["user"]))

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        await self._reopen(interaction)

    @answers_errors
    async def _reopen(self, interaction: discord.Interaction[Mozaik]) -> None:
        if interaction.user.id != self.user_id:
            raise Refusal("intro.not_your_draft")
        assert interaction.guild_id is not None
        draft = await get_draft(interaction.client.store, interaction.guild_id, self.user_id)
        if draft is None:
            raise Refusal("intro.draft_gone")
        locale = await member_locale(interaction)
        await interaction.response.send_modal(IntroModal(draft, locale, self.user_id))


async def open_form(
    interaction: discord.Interaction[Mozaik], availability: Availability | None
) -> None:
    """Open the form with the member's refused draft, else their profile, else a blank form."""
    bot = interaction.client
    assert interaction.guild_id is not None
    locale = await member_locale(interaction)
    user_id = interaction.user.id
    form = await get_draft(bot.store, interaction.guild_id, user_id)
    if form is None:
        profile = await get_profile(bot.store, interaction.guild_id, user_id)
        if profile is None:
            form = IntroForm(details=details_template(locale))
        else:
            taxonomy = await hub_taxonomy(bot.store, interaction.guild_id)
            names = skill_names(profile.skills, taxonomy, locale)
            form = form_for(profile.content, locale, names)
    if availability is not None:
        form = replace(form, availability=availability)
    await interaction.response.send_modal(IntroModal(form, locale, user_id))


async def submit_form(interaction: discord.Interaction[Mozaik], form: IntroForm) -> None:
    """Save and post the introduction; a refusal keeps the draft and offers to reopen it."""
    bot = interaction.client
    guild_id = interaction.guild_id
    member = interaction.user
    assert guild_id is not None and isinstance(member, discord.Member)
    locale = await member_locale(interaction)
    hub = await bot.hub(guild_id)
    taxonomy = await hub_taxonomy(bot.store, guild_id)
    try:
        checked = check_form(
            form,
            taxonomy,
            allow_new_skills=hub.allow_new_skills,
            currency=hub.currency,
            locale=locale,
        )
    except Refusal as refusal:
        await save_draft(bot.store, guild_id, member.id, form, bot.clock.now())
        reopen = discord.ui.View(timeout=None)
        reopen.add_item(ReopenDraft(member.id, t(locale, "intro.refused_reopen")))
        await send_private(interaction, t(locale, refusal.key, **refusal.params), view=reopen)
        return
    await interaction.response.defer(ephemeral=True, thinking=True)
    now = bot.clock.now()
    await add_hub_skills(bot.store, guild_id, checked.new_skills, member.id, now)
    profile = await save_profile(
        bot.store,
        guild_id,
        member.id,
        checked.content,
        display_name=member.display_name,
        locale=locale,
        now=now,
    )
    outcome = await publish_intro(bot, profile, hub, member)
    lines = [t(locale, outcome.value, channel=f"<#{hub.intros_channel_id}>")]
    if checked.new_skills:
        added = ", ".join(skill.name for skill in checked.new_skills)
        lines.append(t(locale, "intro.new_hub_skills", skills=added))
    card = profile_card(
        profile,
        name=member.display_name,
        avatar_url=member.display_avatar.url,
        taxonomy=await hub_taxonomy(bot.store, guild_id),
        locale=locale,
    )
    await send_private(interaction, "\n".join(lines), embed=card)
