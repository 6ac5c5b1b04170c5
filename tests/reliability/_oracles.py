"""What Mozaik's own rules say of a typed form, computed beside the bot: the outcome each generated
example must have through Discord (the exact refusal, or exactly what is stored).

The rules read the text as the bot receives it: `cleaned` on arrival.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import datetime

from bot.collab.drafts import checked_draft
from bot.collab.model import SKILLS_MAX as REQUEST_SKILLS_MAX
from bot.collab.model import SKILLS_MIN as REQUEST_SKILLS_MIN
from bot.collab.model import CollabDraft
from bot.errors import Refusal
from bot.gigs.drafts import GigDraft
from bot.gigs.model import SKILLS_MAX as GIG_SKILLS_MAX
from bot.gigs.model import SKILLS_MIN as GIG_SKILLS_MIN
from bot.gigs.model import GigTerms
from bot.gigs.validation import DraftContext, check_draft, checked_note
from bot.hubs.model import HubSettings
from bot.i18n import Locale, t
from bot.intros.form import CheckedIntro, IntroForm, check_form
from bot.skills import Taxonomy, parse_skills
from bot.typed_text import checked_reason, cleaned

from ._world import draft_fields

# Discord shows at most this much of a message; a long refusal is compared by its beginning.
COMPARED = 500


def refusal_text(refusal: Refusal, locale: Locale) -> str:
    return t(locale, refusal.key, **refusal.params)[:COMPARED]


def arrived(form: Mapping[str, str]) -> dict[str, str]:
    """The form's values as the bot's handlers receive them."""
    return {name: cleaned(value) for name, value in form.items()}


def reason(typed: str) -> str | Refusal:
    """A moderator's reason as the member reads it, or the refusal a blank one gets."""
    try:
        return checked_reason(cleaned(typed))
    except Refusal as refusal:
        return refusal


def note(typed: str) -> str | None:
    """A member's note to the poster as kept, or None when it shows nothing."""
    return checked_note(cleaned(typed))


def gig_terms(
    choices: Mapping[str, str],
    form: Mapping[str, str],
    hub: HubSettings,
    taxonomy: Taxonomy,
    now: datetime,
    locale: Locale,
) -> GigTerms | Refusal:
    """The terms a gig form becomes, or the refusal it gets (the hub's posting rules aside)."""

    def read_skills(text: str) -> tuple[str, ...]:
        skills = parse_skills(
            text,
            taxonomy,
            minimum=GIG_SKILLS_MIN,
            maximum=GIG_SKILLS_MAX,
            allow_new=hub.allow_new_skills,
            locale=locale,
        )
        return tuple(skill.slug for skill in skills)

    form = arrived(form)
    draft = GigDraft(**draft_fields(choices)).with_form(
        title=form["title"],
        description=form["description"],
        skills=form["skills"],
        pay=form["pay"],
        apply=form["apply"],
    )
    try:
        return check_draft(draft, DraftContext(hub.currency, hub.timezone, now, read_skills))
    except Refusal as refusal:
        return refusal


def introduction(
    form: IntroForm, hub: HubSettings, taxonomy: Taxonomy, locale: Locale
) -> CheckedIntro | Refusal:
    typed = ("headline", "about", "skills", "links", "details")
    form = dataclasses.replace(form, **arrived({name: getattr(form, name) for name in typed}))
    try:
        return check_form(
            form,
            taxonomy,
            allow_new_skills=hub.allow_new_skills,
            currency=hub.currency,
            locale=locale,
        )
    except Refusal as refusal:
        return refusal


def collaboration(
    choices: Mapping[str, str],
    form: Mapping[str, str],
    hub: HubSettings,
    taxonomy: Taxonomy,
    locale: Locale,
) -> CollabDraft | Refusal:
    """A request's form as /collab request reads it: skills first, then the rest."""
    form = arrived(form)
    try:
        skills = parse_skills(
            form["skills"],
            taxonomy,
            minimum=REQUEST_SKILLS_MIN,
            maximum=REQUEST_SKILLS_MAX,
            allow_new=hub.allow_new_skills,
            locale=locale,
        )
        return checked_draft(
            title=form["title"],
            description=form["description"],
            skills=[skill.slug for skill in skills],
            kind=choices["kind"],
            commitment=form["commitment"],
            compensation=choices["compensation"],
            partners_wanted=1,
        )
    except Refusal as refusal:
        return refusal
