"""The request form and what sending it does: checked, stored, then published or queued.

The form answers by its custom id, `collab:form:<kind>:<compensation>:<partners>` carrying the
command's choices (checked again like everything typed), so a form sent before a restart still
counts and a form the member closes leaves nothing behind in memory. A refused form is kept in
the store as a draft, offered again by a persistent button that survives restarts.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import discord

from bot.app import Mozaik
from bot.collab.drafts import FormValues, checked_draft
from bot.collab.model import (
    COMMITMENT_MAX,
    DESCRIPTION_MAX,
    SKILLS_MAX,
    SKILLS_MIN,
    TITLE_MAX,
)
from bot.collab.rules import check_request_cooldown, start_of
from bot.collab.store.drafts import forget_draft, get_draft, keep_draft
from bot.collab.store.requests import create_request, discard_request, last_request_at
from bot.errors import Refusal
from bot.hubs.model import HubSettings
from bot.hubs.trust import check_links_allowed
from bot.i18n import Locale, t
from bot.skills import HubSkill, parse_skills
from bot.skills.store import add_hub_skills, hub_taxonomy
from bot.ui import described, interaction_locale, send_private
from bot.web_links import links_in
from cogs._access import check_trust_gates, guild_id_of
from cogs._forms import ReopenDraft as ReopenDraftButton
from cogs._forms import answer_form, labelled, offer_form_again
from cogs._limits import TITLE_MAX_IN_DISCORD, fit
from cogs.collab._answers import publish_request
from cogs.collab._embeds import request_link
from cogs.collab._posts import Interaction
from cogs.collab._queue import REASON_FORM, reason_submitted, send_to_queue
from cogs.collab._suggestions import suggestions

SKILLS_TEXT_MAX = 400
REQUEST_FORM = re.compile(
    r"collab:form:(?P<kind>[a-z_]{1,20}):(?P<compensation>[a-z_]{1,20}):(?P<partners>[0-9]{1,2})"
)
# custom id: (longest value, paragraph)
_FIELDS = {
    "title": (TITLE_MAX, False),
    "description": (DESCRIPTION_MAX, True),
    "skills": (SKILLS_TEXT_MAX, True),
    "commitment": (COMMITMENT_MAX, False),
}


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


def request_form(values: FormValues, locale: Locale) -> discord.ui.Modal:
    """The form, filled in with `values`; answered by its custom id (see `form_submitted`)."""
    custom_id = f"collab:form:{values.kind}:{values.compensation}:{values.partners_wanted}"
    modal = discord.ui.Modal(
        title=fit(t(locale, "collab.form_heading"), TITLE_MAX_IN_DISCORD), custom_id=custom_id
    )
    modal.stop()  # answered by custom id, so discord.py need not keep it
    for name, (limit, paragraph) in _FIELDS.items():
        value: str = getattr(values, name)
        text_input: discord.ui.TextInput[Any] = discord.ui.TextInput(
            custom_id=name,
            style=discord.TextStyle.paragraph if paragraph else discord.TextStyle.short,
            max_length=limit,
            default=value[:limit] or None,
            placeholder=t(locale, f"collab.form_{name}_placeholder"),
        )
        modal.add_item(labelled(text_input, locale, f"collab.form_{name}"))
    return modal


async def form_submitted(interaction: Interaction) -> None:
    """Answer a submitted request or reason form; other interactions are not ours to answer."""
    await answer_form(
        interaction, {REQUEST_FORM: _request_submitted, REASON_FORM: reason_submitted}
    )


async def _request_submitted(
    interaction: Interaction, match: re.Match[str], typed: Mapping[str, str]
) -> None:
    values = FormValues(
        kind=match["kind"],
        compensation=match["compensation"],
        partners_wanted=int(match["partners"]),
        **{name: typed.get(name, "") for name in _FIELDS},
    )
    bot = interaction.client
    guild_id = guild_id_of(interaction)
    try:
        await submit_request(interaction, values)
    except Refusal as refusal:
        # Nothing typed is lost: kept in the store, with a button that reopens the form.
        await keep_draft(bot.store, guild_id, interaction.user.id, values, bot.clock.now())
        locale = await interaction_locale(interaction)
        reopen = described(ReopenDraft(interaction.user.id, t(locale, "collab.form_reopen")))
        await offer_form_again(interaction, refusal, locale, reopen, note_key="collab.form_kept")
        return
    await forget_draft(bot.store, guild_id, interaction.user.id)


class ReopenDraft(ReopenDraftButton, prefix="collab:draft"):
    """Opens the form again with the draft the member's refused request left."""

    not_yours = Refusal("collab.not_your_draft")
    gone = Refusal("collab.draft_gone")
    kept = staticmethod(get_draft)
    form = staticmethod(request_form)


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
