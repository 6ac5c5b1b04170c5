"""The request form and what sending it does: checked, stored, then published or queued.

The form answers by its custom id, so a form sent before a restart still counts; a refused form
is offered again with what the member typed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Self

import discord

from bot.app import Mozaik
from bot.collab.drafts import checked_draft
from bot.collab.model import (
    COMMITMENT_MAX,
    DESCRIPTION_MAX,
    SKILLS_MAX,
    SKILLS_MIN,
    TITLE_MAX,
)
from bot.collab.rules import check_request_cooldown, start_of
from bot.collab.store.requests import create_request, discard_request, last_request_at
from bot.errors import Refusal
from bot.hubs.model import HubSettings
from bot.hubs.trust import check_links_allowed
from bot.i18n import Locale, t
from bot.skills import HubSkill, parse_skills
from bot.skills.store import add_hub_skills, hub_taxonomy
from bot.ui import MozaikModal, MozaikView, interaction_locale, send_private
from bot.web_links import links_in
from cogs._access import check_trust_gates, guild_id_of
from cogs._forms import labelled, offer_form_again
from cogs.collab._answers import publish_request
from cogs.collab._embeds import (
    request_link,
)
from cogs.collab._posts import Interaction
from cogs.collab._queue import send_to_queue
from cogs.collab._suggestions import suggestions

SKILLS_TEXT_MAX = 400
FORM_KEPT_SECONDS = 3600


@dataclass(frozen=True)
class FormValues:
    """Everything a member put into a request so far, kept to offer the form again."""

    kind: str
    compensation: str
    partners_wanted: int
    title: str = ""
    description: str = ""
    skills: str = ""
    commitment: str = ""


async def check_may_request(
    bot: Mozaik, hub: HubSettings, member: discord.User | discord.Member
) -> None:
    """Refuse before the form opens when the hub cannot take requests, or not yet from this
    member (the trust gates, the pause between posts): nothing typed in vain. Checked again
    when the form comes back."""
    if hub.collab_channel_id is None:
        raise Refusal("collab.no_channel")
    if hub.collab_via_queue and hub.queue_channel_id is None:
        raise Refusal("collab.no_queue")
    check_trust_gates(member, hub, bot.clock.now())
    last = await last_request_at(bot.store, hub.guild_id, member.id)
    check_request_cooldown(last, hub.post_cooldown_seconds, bot.clock.now())


class RequestForm(MozaikModal):
    def __init__(self, values: FormValues, locale: Locale) -> None:
        super().__init__(title=t(locale, "collab.form_heading"))
        self.values = values
        self.title_text = self._field(
            locale, "title", values.title, max_length=TITLE_MAX, style=discord.TextStyle.short
        )
        self.description_text = self._field(
            locale, "description", values.description, max_length=DESCRIPTION_MAX
        )
        self.skills_text = self._field(locale, "skills", values.skills, max_length=SKILLS_TEXT_MAX)
        self.commitment_text = self._field(
            locale,
            "commitment",
            values.commitment,
            max_length=COMMITMENT_MAX,
            style=discord.TextStyle.short,
        )

    def _field(
        self,
        locale: Locale,
        name: str,
        default: str,
        *,
        max_length: int,
        style: discord.TextStyle = discord.TextStyle.paragraph,
    ) -> discord.ui.TextInput[Self]:
        text_input: discord.ui.TextInput[Self] = discord.ui.TextInput(
            custom_id=name,
            style=style,
            max_length=max_length,
            default=default or None,
            placeholder=t(locale, f"collab.form_{name}_placeholder"),
        )
        self.add_item(labelled(text_input, locale, f"collab.form_{name}"))
        return text_input

    async def on_submit(self, interaction: Interaction, /) -> None:  # type: ignore[override]
        values = replace(
            self.values,
            title=self.title_text.value,
            description=self.description_text.value,
            skills=self.skills_text.value,
            commitment=self.commitment_text.value,
        )
        try:
            await submit_request(interaction, values)
        except Refusal as refusal:
            locale = await interaction_locale(interaction)
            reopen = ReopenForm(values, locale)
            await offer_form_again(
                interaction, refusal, locale, reopen, note_key="collab.form_kept"
            )


class ReopenForm(MozaikView):
    """One button under a refusal: the form again, filled in with what was typed."""

    def __init__(self, values: FormValues, locale: Locale) -> None:
        super().__init__(timeout=FORM_KEPT_SECONDS)
        self.values = values
        self.locale = locale
        self.reopen.label = t(locale, "collab.form_reopen")

    @discord.ui.button(style=discord.ButtonStyle.primary)
    async def reopen(self, interaction: Interaction, button: discord.ui.Button[Self]) -> None:
        await interaction.response.send_modal(RequestForm(self.values, self.locale))


async def submit_request(interaction: Interaction, values: FormValues) -> None:
    bot = interaction.client
    guild_id = guild_id_of(interaction)
    author = interaction.user
    hub = await bot.hub(guild_id)
    await check_may_request(bot, hub, author)
    locale = await interaction_locale(interaction)
    taxonomy = await hub_taxonomy(bot.store, guild_id)
    skills = parse_skills(
        values.skills,
        taxonomy,
        minimum=SKILLS_MIN,
        maximum=SKILLS_MAX,
        allow_new=hub.allow_new_skills,
        locale=locale,
    )
    draft = checked_draft(
        title=values.title,
        description=values.description,
        skills=[skill.slug for skill in skills],
        kind=values.kind,
        commitment=values.commitment,
        compensation=values.compensation,
        partners_wanted=values.partners_wanted,
    )
    check_links_allowed(links_in(draft.title) + links_in(draft.description), hub)
    await interaction.response.defer(ephemeral=True, thinking=True)
    now = bot.clock.now()
    new_skills = [HubSkill(s.slug, s.name_en) for s in skills if s not in taxonomy]
    await add_hub_skills(bot.store, guild_id, new_skills, author.id, now)
    start = start_of(hub, now)
    request = await create_request(
        bot.store,
        guild_id,
        author.id,
        draft,
        locale=locale,
        status=start.status,
        now=now,
        expires_at=start.expires_at,
    )
    try:
        if hub.collab_via_queue:
            await send_to_queue(bot, hub, request)
        else:
            request = await publish_request(bot, hub, request)
    except (Refusal, discord.HTTPException):
        await discard_request(bot.store, request.id)
        raise
    if hub.collab_via_queue:
        await send_private(interaction, t(locale, "collab.queued", number=request.id))
        return
    content, invites = await suggestions(bot, request, locale)
    posted = t(locale, "collab.posted", number=request.id, link=request_link(request))
    await send_private(interaction, f"{posted}\n\n{content}", **invites)
