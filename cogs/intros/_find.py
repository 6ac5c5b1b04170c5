"""/intro find's results: one page at a time, with buttons to turn pages.

People who turn out to have left the server are hidden as soon as they are noticed, and the page
is read again so it stays full. The view remembers where each page it showed started (the last
person of the page before), so turning a page reads one page, however deep.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import discord

from bot.app import Mozaik
from bot.errors import Refusal
from bot.i18n import Locale, t
from bot.intros.model import Availability
from bot.intros.search import Page, PersonMatch
from bot.intros.store.people import find_page
from bot.skills.store import hub_taxonomy
from bot.ui import MozaikView
from cogs.intros._embeds import find_results
from cogs.intros._members import MemberLookups

log = logging.getLogger(__name__)

# Reading a page again after finding departed people on it; more would only mean many left.
_REREADS = 2
# The buttons answer for a while, then go: the results message can be edited for 15 minutes.
RESULTS_KEPT_SECONDS = 10 * 60


async def results_page(
    bot: Mozaik,
    members: MemberLookups,
    guild: discord.Guild,
    asked: Sequence[str],
    availability: Availability | None,
    number: int,
    locale: Locale,
    after: PersonMatch | None = None,
) -> tuple[discord.Embed, Page]:
    for attempt in range(_REREADS + 1):
        page = await find_page(
            bot.store, guild.id, asked, availability=availability, page=number, after=after
        )
        present, departed = await members.look_up(guild, [p.user_id for p in page.people])
        if not departed:
            break
        if attempt == _REREADS:
            people = tuple(p for p in page.people if p.user_id not in departed)
            page = replace(page, people=people)
    names = {user_id: member.display_name for user_id, member in present.items()}
    taxonomy = await hub_taxonomy(bot.store, guild.id)
    return find_results(page, asked, names, taxonomy, locale), page


class FindResults(MozaikView):
    def __init__(
        self,
        members: MemberLookups,
        owner_id: int,
        asked: Sequence[str],
        availability: Availability | None,
        page: Page,
        locale: Locale,
    ) -> None:
        super().__init__(timeout=RESULTS_KEPT_SECONDS)
        self.members = members
        self.owner_id = owner_id
        self.asked = tuple(asked)
        self.availability = availability
        self.locale = locale
        self.page = page
        # Where each page shown so far started: the last person of the page before it.
        self.starts: list[PersonMatch | None] = [None]
        self.message: discord.Message | None = None  # set once sent, to remove the buttons later
        self.previous.label = t(locale, "intros.find_previous")
        self.next.label = t(locale, "intros.find_next")
        self._enable_buttons()

    def _enable_buttons(self) -> None:
        self.previous.disabled = not self.page.has_previous
        self.next.disabled = not self.page.has_next

    async def on_timeout(self) -> None:
        if self.message is None:
            return
        try:
            await self.message.edit(view=None)
        except discord.HTTPException:
            log.debug("the search results could not lose their buttons", exc_info=True)

    async def interaction_check(self, interaction: discord.Interaction[Any], /) -> bool:
        if interaction.user.id != self.owner_id:
            raise Refusal("intros.find_not_yours")
        return True

    @discord.ui.button(emoji="◀️", style=discord.ButtonStyle.secondary)
    async def previous(
        self, interaction: discord.Interaction[Any], button: discord.ui.Button[Any]
    ) -> None:
        if len(self.starts) > 1:
            self.starts.pop()
        await self._turn(interaction, self.page.number - 1)

    @discord.ui.button(emoji="▶️", style=discord.ButtonStyle.secondary)
    async def next(
        self, interaction: discord.Interaction[Any], button: discord.ui.Button[Any]
    ) -> None:
        if self.page.people:
            self.starts.append(self.page.people[-1])
        await self._turn(interaction, self.page.number + 1)

    async def _turn(self, interaction: discord.Interaction[Mozaik], number: int) -> None:
        guild = interaction.guild
        if guild is None:
            raise Refusal("core.guild_only")
        await interaction.response.defer()
        after = self.starts[-1] if len(self.starts) == number + 1 else None
        embed, self.page = await results_page(
            interaction.client,
            self.members,
            guild,
            self.asked,
            self.availability,
            number,
            self.locale,
            after,
        )
        self._enable_buttons()
        await interaction.edit_original_response(embed=embed, view=self)
