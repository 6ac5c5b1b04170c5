"""The poster's side of an interest: the member's card with Shortlist and Decline, and the
member told what the poster decided.

The buttons carry the gig and the member in their custom ids (`gigapplicant:shortlist:12:34`),
so they work after a restart; every click checks again that the clicker is the gig's poster and
that the member did answer the gig.
"""

from __future__ import annotations

import logging
from typing import Self

import discord

from bot.app import Mozaik
from bot.errors import Refusal
from bot.gigs.curation import check_may_decide_applicant
from bot.gigs.model import ApplicantStatus, Gig
from bot.gigs.store.responses import Interest, decide_applicant, interest_of
from bot.i18n import pick_locale, t
from bot.intros.store.profiles import get_profile
from bot.ui import IdParts, PersistentButton, described, interaction_locale, send_private
from cogs._limits import CONTENT_MAX, fit
from cogs._markup import quoted
from cogs.collab._embeds import answer_card, language
from cogs.gigs._decisions import TITLE_IN_NOTES
from cogs.gigs._lookup import require_gig
from cogs.gigs._posts import taxonomy_of
from cogs.gigs._telling import DMS_CLOSED, Extras, say_in_thread

log = logging.getLogger(__name__)

_DECISIONS = {"shortlist": ApplicantStatus.SHORTLISTED, "decline": ApplicantStatus.DECLINED}


async def applicant_message(bot: Mozaik, gig: Gig, member_id: int, locale: str) -> Extras:
    """The embed and buttons that go with telling the poster of a member's interest."""
    member = bot.get_user(member_id) or await bot.fetch_user(member_id)
    profile = await get_profile(bot.store, gig.guild_id, member_id)
    taxonomy = await taxonomy_of(bot, gig.guild_id)
    return Extras(
        embed=answer_card(profile, member, taxonomy, language(locale)),
        view=applicant_buttons(gig.id, member_id, locale),
    )


def applicant_buttons(gig_id: int, member_id: int, locale: str) -> discord.ui.View:
    return described(
        *(
            ApplicantButton(verb, gig_id, member_id, t(locale, f"gigs.applicant_{verb}_button"))
            for verb in _DECISIONS
        )
    )


class ApplicantButton(
    PersistentButton,
    template=r"gigapplicant:(?P<verb>shortlist|decline):(?P<gig>\d{1,18}):(?P<member>\d{1,19})",
):
    def __init__(self, verb: str, gig_id: int, member_id: int, label: str) -> None:
        style = (
            discord.ButtonStyle.success if verb == "shortlist" else discord.ButtonStyle.secondary
        )
        super().__init__(
            f"gigapplicant:{verb}:{gig_id}:{member_id}", label=fit(label, 80), style=style
        )
        self.status = _DECISIONS[verb]
        self.gig_id = gig_id
        self.member_id = member_id

    @classmethod
    def from_parts(cls, parts: IdParts, label: str) -> Self:
        return cls(parts.text("verb"), parts.number("gig"), parts.number("member"), label)

    async def clicked(self, interaction: discord.Interaction[Mozaik]) -> None:
        bot = interaction.client
        locale = await interaction_locale(interaction)
        gig = await require_gig(bot, self.gig_id, interaction.guild_id)
        check_may_decide_applicant(gig, interaction.user.id)
        interest = await interest_of(bot.store, gig.id, self.member_id)
        if interest is None:
            raise Refusal("gigs.applicant_unknown", number=gig.id)
        if not await decide_applicant(
            bot.store, gig.id, self.member_id, self.status, bot.clock.now()
        ):
            raise Refusal("gigs.applicant_already_decided", number=gig.id)
        member = f"<@{self.member_id}>"
        decided = t(locale, f"gigs.you_{self.status.value}", member=member, number=gig.id)
        original = interaction.message.content if interaction.message else ""
        await interaction.response.edit_message(
            content=fit(f"{original}\n\n{decided}".strip(), CONTENT_MAX),
            view=None,
            allowed_mentions=discord.AllowedMentions.none(),
        )
        if not await tell_applicant(bot, gig, interest, self.status):
            await send_private(interaction, t(locale, "gigs.applicant_untold", member=member))


async def tell_applicant(
    bot: Mozaik, gig: Gig, interest: Interest, status: ApplicantStatus
) -> bool:
    """Tell the member what the poster decided: by direct message in their own language (the
    one their Discord was in when they answered, else the hub's), or in the gig's thread in the
    hub's (pinging only them) when their direct messages are closed; False when neither
    reached."""
    hub = await bot.hub(gig.guild_id)
    member_id = interest.user_id
    title = quoted(gig.title, TITLE_IN_NOTES)
    try:
        member = bot.get_user(member_id) or await bot.fetch_user(member_id)
        await member.send(
            fit(
                t(
                    pick_locale(interest.locale, hub.locale),
                    f"gigs.dm_{status.value}",
                    number=gig.id,
                    title=title,
                ),
                CONTENT_MAX,
            ),
            allowed_mentions=discord.AllowedMentions.none(),
        )
        return True
    except discord.HTTPException as error:
        if error.code != DMS_CLOSED:
            log.warning("could not tell member %s about gig %s", member_id, gig.id, exc_info=True)
    in_thread = t(
        hub.locale,
        f"gigs.thread_{status.value}",
        member=f"<@{member_id}>",
        number=gig.id,
        title=title,
    )
    return await say_in_thread(bot, gig, in_thread, ping=member_id)
