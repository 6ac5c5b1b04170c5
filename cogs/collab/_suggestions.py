"""Members a request is suggested to, named with a button to invite each."""

from __future__ import annotations

from typing import Self

import discord

from bot.app import Mozaik
from bot.collab.model import (
    CollabRequest,
)
from bot.collab.rules import check_can_invite, suggested_to
from bot.collab.store.answers import add_invite, was_invited, was_suggested
from bot.collab.store.suggestions import record_suggestions
from bot.errors import Refusal
from bot.i18n import Locale, t
from bot.intros.search import PersonMatch
from bot.intros.store.people import find_people_by_skill
from bot.intros.store.profiles import get_profile
from bot.outbox.model import Kind, Status
from bot.skills import Taxonomy
from bot.skills.store import hub_taxonomy
from bot.ui import IdParts, PersistentButton, described, interaction_locale, send_private
from cogs._letters import send_now
from cogs._limits import BUTTON_LABEL_MAX, fit
from cogs._people import is_member, member_name
from cogs.collab._embeds import (
    language,
    plain,
)
from cogs.collab._posts import (
    Interaction,
    moved_on,
    stored_request,
)


async def suggestions(
    bot: Mozaik, request: CollabRequest, locale: Locale
) -> tuple[str, dict[str, discord.ui.View]]:
    """Up to five members open to collaborate with the wanted skills, by name, with a button to
    invite each: the text, and the view to send with it (none when nobody matches)."""
    wanted = suggested_to(request)
    people = await find_people_by_skill(
        bot.store,
        request.guild_id,
        wanted.skills,
        availability=wanted.availability,
        exclude=wanted.exclude,
        limit=wanted.limit,
    )
    if not people:
        return t(locale, "collab.no_suggestions"), {}
    await record_suggestions(
        bot.store, request.id, (person.user_id for person in people), bot.clock.now()
    )
    taxonomy = await hub_taxonomy(bot.store, request.guild_id)
    lines = [_suggestion_line(person, taxonomy, locale) for person in people]
    view = described(
        *(
            InviteButton(
                request.id,
                person.user_id,
                fit(t(locale, "collab.invite_button", name=person.display_name), BUTTON_LABEL_MAX),
            )
            for person in people
        )
    )
    return t(locale, "collab.suggestions", people="\n".join(lines)), {"view": view}


def _suggestion_line(person: PersonMatch, taxonomy: Taxonomy, locale: Locale) -> str:
    skills = ", ".join(taxonomy.display_names(person.matched_skills, locale))
    return f"• {plain(fit(person.display_name, 80))} ({plain(skills)})"


class InviteButton(
    PersistentButton, template=r"collab:invite:(?P<request>[0-9]{1,18}):(?P<member>[0-9]{1,19})"
):
    def __init__(self, request_id: int, member_id: int, label: str) -> None:
        super().__init__(f"collab:invite:{request_id}:{member_id}", label=label)
        self.request_id = request_id
        self.member_id = member_id

    @classmethod
    def from_parts(cls, parts: IdParts, label: str) -> Self:
        return cls(parts.number("request"), parts.number("member"), label)

    async def clicked(self, interaction: Interaction) -> None:
        bot = interaction.client
        locale = await interaction_locale(interaction)
        request = await stored_request(bot, self.request_id, interaction)
        guild = bot.get_guild(request.guild_id)
        if guild is None or not await is_member(bot, request.guild_id, self.member_id):
            raise Refusal("collab.member_gone")
        inviter_id, member_id, now = interaction.user.id, self.member_id, bot.clock.now()
        suggested = await was_suggested(bot.store, request.id, member_id)
        invited = await was_invited(bot.store, request.id, member_id)
        check_can_invite(request, inviter_id, member_id, invited, now, suggested=suggested)
        hub = await bot.hub(request.guild_id)
        profile = await get_profile(bot.store, request.guild_id, member_id)
        their_locale = profile.locale if profile else language(hub.locale)
        if not await add_invite(bot.store, request.id, member_id, their_locale, now):
            invited = await was_invited(bot.store, request.id, member_id)
            raise await moved_on(
                bot,
                request.id,
                lambda fresh: check_can_invite(
                    fresh, inviter_id, member_id, invited, now, suggested=suggested
                ),
            )
        name = plain(await member_name(bot, request.guild_id, self.member_id))
        # Sent at once, so the author hears whether it arrived; if Mozaik dies first, the
        # outbox sends it when it is back.
        status = await send_now(
            bot, Kind.COLLAB_INVITE, request.guild_id, request.id, self.member_id
        )
        key = "collab.invite_dms_closed" if status is Status.CLOSED else "collab.invited"
        await send_private(interaction, t(locale, key, name=name))
