"""Forms answered by their custom id rather than by an object kept in memory, and refused
forms offered again.

A form sent before a restart still counts when it comes back after it, and a form the member
closes without sending leaves nothing behind. Nothing typed is lost to a refusal: the member is
told why, with a button that reopens the form with what they typed.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Self

import discord

from bot.errors import Refusal
from bot.i18n import t
from bot.ui import IdParts, PersistentButton, answer_error, interaction_locale, send_private
from cogs._access import guild_id_of
from cogs._limits import CONTENT_MAX, HINT_MAX, TITLE_MAX_IN_DISCORD, fit

if TYPE_CHECKING:
    from bot.app import Mozaik

FormAnswer = Callable[
    ["discord.Interaction[Mozaik]", re.Match[str], dict[str, str]], Awaitable[None]
]


def labelled(component: discord.ui.Item[Any], locale: str, key: str) -> discord.ui.Label[Any]:
    """A form's field under its label and hint, the catalog's `key` and `key_hint`."""
    return discord.ui.Label(
        text=fit(t(locale, key), TITLE_MAX_IN_DISCORD),
        description=fit(t(locale, f"{key}_hint"), HINT_MAX),
        component=component,
    )


async def answer_form(
    interaction: discord.Interaction[Mozaik], answers: Mapping[re.Pattern[str], FormAnswer]
) -> None:
    """Answer a submitted form with the answer whose pattern its custom id matches, given the
    match and what was typed; other interactions are not ours to answer."""
    if interaction.type is not discord.InteractionType.modal_submit or interaction.data is None:
        return
    data: Mapping[str, Any] = interaction.data
    custom_id = str(data.get("custom_id", ""))
    for pattern, answer in answers.items():
        if match := pattern.fullmatch(custom_id):
            try:
                await answer(interaction, match, submitted_values(data.get("components", [])))
            except Exception as error:  # every error ends in answer_error: logged or explained
                await answer_error(interaction, error)
            return


def submitted_values(components: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """Each text field's value by custom id, inside labels or (older clients) action rows."""
    values: dict[str, str] = {}
    for component in components:
        if "custom_id" in component and "value" in component:
            values[str(component["custom_id"])] = str(component["value"] or "")
        children = list(component.get("components") or [])
        if isinstance(component.get("component"), Mapping):
            children.append(component["component"])
        values.update(submitted_values(children))
    return values


async def offer_form_again(
    interaction: discord.Interaction[Any],
    refusal: Refusal,
    locale: str,
    reopen: discord.ui.View,
    *,
    note_key: str | None = None,
) -> None:
    """Tell the member why their form was refused (and `note_key`'s words, if any), privately,
    with `reopen`: the view whose button opens the form again with what they typed."""
    text = t(locale, refusal.key, **refusal.params)
    if note_key is not None:
        text = f"{text}\n\n{t(locale, note_key)}"
    await send_private(interaction, fit(text, CONTENT_MAX), view=reopen)


class ReopenDraft(PersistentButton, template=r"(?!)"):
    """The button under a refused form: the form again, with the draft its member left in the
    store, for that member only. A feature's subclass names the `prefix` of its custom ids
    (`<prefix>:<user>`) and gives what a stranger's click and a click after the draft is gone
    are told, how its drafts are read (`kept`: the store, the guild, the member) and its form
    filled in with one (`form`: the draft, the locale)."""

    prefix: ClassVar[str]
    not_yours: ClassVar[Refusal]
    gone: ClassVar[Refusal]
    kept: ClassVar[Callable[..., Awaitable[Any]]]
    form: ClassVar[Callable[..., discord.ui.Modal]]

    def __init_subclass__(cls, *, prefix: str, **kwargs: Any) -> None:
        super().__init_subclass__(template=rf"{prefix}:(?P<user>[0-9]{{1,19}})", **kwargs)
        cls.prefix = prefix

    def __init__(self, user_id: int, label: str | None = None) -> None:
        super().__init__(f"{self.prefix}:{user_id}", label=label, style=discord.ButtonStyle.primary)
        self.user_id = user_id

    @classmethod
    def from_parts(cls, parts: IdParts, label: str) -> Self:
        return cls(parts.number("user"))

    async def clicked(self, interaction: discord.Interaction[Mozaik]) -> None:
        if interaction.user.id != self.user_id:
            raise Refusal(self.not_yours.key)
        guild_id = guild_id_of(interaction)
        locale = await interaction_locale(interaction)
        draft = await self.kept(interaction.client.store, guild_id, self.user_id)
        if draft is None:
            raise Refusal(self.gone.key)
        await interaction.response.send_modal(self.form(draft, locale))
