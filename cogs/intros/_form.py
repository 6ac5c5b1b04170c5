"""The introduction form: the modal, what happens on submit, and reopening a refused draft.

The form is answered by its custom id rather than by an object kept in memory. A refused form is
kept server-side as a draft; the refusal carries a button that reopens the form with exactly
what the member typed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

import discord

from bot.app import Mozaik
from bot.errors import Refusal
from bot.hubs.pause import Change
from bot.hubs.pause_store import take_turn
from bot.hubs.trust import check_links_allowed
from bot.i18n import Locale, t
from bot.intros.form import IntroForm, check_form, details_template, form_for
from bot.intros.model import ABOUT_MAX, HEADLINE_MAX, Availability
from bot.intros.store.profiles import get_draft, get_profile, save_draft, save_profile
from bot.skills.store import add_hub_skills, hub_taxonomy
from bot.ui import described, interaction_locale, send_private
from cogs._access import guild_id_of
from cogs._forms import ReopenDraft as ReopenDraftButton
from cogs._forms import answer_form, labelled, offer_form_again
from cogs.intros._embeds import profile_card
from cogs.intros._posts import PostOutcome, publish_intro

# Room for a little more than the rules allow, so a draft that was too long reopens whole.
SKILLS_INPUT_MAX = 1000
LINKS_INPUT_MAX = 1500
DETAILS_INPUT_MAX = 500

FORM = re.compile(r"intro:form:(?P<availability>[a-z_]{1,30})")
_FIELDS = {
    # custom id: (longest value, paragraph, required)
    "headline": (HEADLINE_MAX, False, True),
    "about": (ABOUT_MAX, True, False),
    "skills": (SKILLS_INPUT_MAX, True, True),
    "links": (LINKS_INPUT_MAX, True, False),
    "details": (DETAILS_INPUT_MAX, True, False),
}


def intro_form(form: IntroForm, locale: Locale) -> discord.ui.Modal:
    """The form, filled in with `form`. It is answered by its custom id (see `form_submitted`),
    which carries the availability chosen with the command: a form sent after a restart still
    counts, and one the member closes leaves nothing behind in memory."""
    modal = discord.ui.Modal(
        title=t(locale, "intros.form_title"), custom_id=f"intro:form:{form.availability.value}"
    )
    modal.stop()
    for name, (limit, paragraph, required) in _FIELDS.items():
        value: str = getattr(form, name)
        text_input: discord.ui.TextInput[Any] = discord.ui.TextInput(
            custom_id=name,
            style=discord.TextStyle.paragraph if paragraph else discord.TextStyle.short,
            default=value[:limit] or None,
            max_length=limit,
            required=required,
        )
        modal.add_item(labelled(text_input, locale, f"intros.field_{name}"))
    return modal


async def form_submitted(interaction: discord.Interaction[Mozaik]) -> None:
    """Answer a submitted introduction form; other interactions are not ours to answer."""
    await answer_form(interaction, {FORM: _form_submitted})


async def _form_submitted(
    interaction: discord.Interaction[Mozaik], match: re.Match[str], values: Mapping[str, str]
) -> None:
    form = IntroForm(
        **{name: values.get(name, "") for name in _FIELDS},
        availability=Availability(match["availability"]),
    )
    await submit_form(interaction, form)


class ReopenDraft(ReopenDraftButton, prefix="intro:draft"):
    """Opens the form again with the draft the member's refused submission left."""

    not_yours = Refusal("intros.not_your_draft")
    gone = Refusal("intros.draft_gone")
    kept = staticmethod(get_draft)
    form = staticmethod(intro_form)


async def open_form(
    interaction: discord.Interaction[Mozaik], availability: Availability | None
) -> None:
    """Open the form with the member's refused draft, else their profile, else a blank form."""
    bot = interaction.client
    guild_id = guild_id_of(interaction)
    locale = await interaction_locale(interaction)
    user_id = interaction.user.id
    form = await get_draft(bot.store, guild_id, user_id)
    if form is None:
        profile = await get_profile(bot.store, guild_id, user_id)
        if profile is None:
            form = IntroForm(details=details_template(locale))
        else:
            taxonomy = await hub_taxonomy(bot.store, guild_id)
            names = taxonomy.display_names(profile.skills, locale)
            form = form_for(profile.content, locale, names)
    if availability is not None:
        form = replace(form, availability=availability)
    await interaction.response.send_modal(intro_form(form, locale))


async def submit_form(interaction: discord.Interaction[Mozaik], form: IntroForm) -> None:
    """Save and post the introduction; a refusal keeps the draft and offers to reopen it."""
    bot = interaction.client
    guild_id = interaction.guild_id
    member = interaction.user
    if guild_id is None or not isinstance(member, discord.Member):
        raise Refusal("core.guild_only")
    locale = await interaction_locale(interaction)
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
        check_links_allowed(checked.content.links, hub)
        if await get_profile(bot.store, guild_id, member.id) is not None:
            # An update edits the public post: one per pause between posts.
            await take_turn(
                bot.store,
                guild_id,
                member.id,
                Change.INTRO_UPDATE,
                hub.post_cooldown_seconds,
                bot.clock.now(),
            )
    except Refusal as refusal:
        await save_draft(bot.store, guild_id, member.id, form, bot.clock.now())
        reopen = described(ReopenDraft(member.id, t(locale, "intros.refused_reopen")))
        await offer_form_again(interaction, refusal, locale, reopen)
        return
    await interaction.response.defer(ephemeral=True, thinking=True)
    now = bot.clock.now()
    await add_hub_skills(bot.store, guild_id, checked.new_skills, member.id, now)
    profile, claim = await save_profile(
        bot.store,
        guild_id,
        member.id,
        checked.content,
        display_name=member.display_name,
        locale=locale,
        now=now,
    )
    outcome = PostOutcome.PENDING
    if claim is not None:
        outcome = await publish_intro(
            bot, profile, hub, member, interrupted_at=claim.interrupted_at
        )
    lines = [t(locale, outcome.value, channel=f"<#{hub.intros_channel_id}>")]
    if checked.new_skills:
        added = ", ".join(skill.name for skill in checked.new_skills)
        lines.append(t(locale, "intros.new_hub_skills", skills=added))
    card = profile_card(
        profile,
        name=member.display_name,
        avatar_url=member.display_avatar.url,
        taxonomy=await hub_taxonomy(bot.store, guild_id),
        locale=locale,
    )
    await send_private(interaction, "\n".join(lines), embed=card)
