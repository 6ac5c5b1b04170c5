"""Moderators shaping their hub's skills: adding one, giving one another name, merging two.

Each rule checks a request against the hub's current taxonomy and returns the plain record the
store saves, or refuses politely.
"""

from __future__ import annotations

from collections.abc import Iterable

from bot.errors import Refusal
from bot.i18n import Locale
from bot.skills.keys import skill_key
from bot.skills.parsing import describe_unknown_skills
from bot.skills.skill import Skill
from bot.skills.taxonomy import Taxonomy
from bot.skills.vocabulary import (
    NAME_MAX_LENGTH,
    HubAlias,
    HubMerge,
    HubSkill,
    hub_skill_slug,
    is_acceptable_name,
    tidy_name,
)


def new_hub_skill(
    taxonomy: Taxonomy, name: str, aliases: Iterable[str] = (), *, locale: Locale
) -> HubSkill:
    """A skill the hub does not know yet, with aliases no other skill uses."""
    name = _acceptable(name)
    existing = taxonomy.resolve(name)
    if existing is not None:
        raise Refusal("skills.exists", skill=existing.name(locale))
    kept = {skill_key(name): name}
    for alias in map(_acceptable, aliases):
        _refuse_taken(taxonomy, alias, locale)
        kept.setdefault(skill_key(alias), alias)
    return HubSkill(hub_skill_slug(name), name, tuple(kept.values())[1:])


def new_hub_alias(taxonomy: Taxonomy, skill: str, alias: str, *, locale: Locale) -> HubAlias:
    """Another name for an existing skill, unless some skill already answers to it."""
    target = _existing(taxonomy, skill, locale)
    alias = _acceptable(alias)
    _refuse_taken(taxonomy, alias, locale)
    return HubAlias(alias, target.slug)


def new_hub_merge(taxonomy: Taxonomy, merged: str, into: str, *, locale: Locale) -> HubMerge:
    """Merge one skill into another: its names become aliases of the other."""
    source = _existing(taxonomy, merged, locale)
    target = _existing(taxonomy, into, locale)
    if source == target:
        raise Refusal("skills.merge_same", skill=target.name(locale))
    return HubMerge(source.slug, target.slug)


def _acceptable(text: str) -> str:
    name = tidy_name(text)
    if not is_acceptable_name(name):
        raise Refusal("skills.name_invalid", max_length=NAME_MAX_LENGTH)
    return name


def _refuse_taken(taxonomy: Taxonomy, alias: str, locale: Locale) -> None:
    owner = taxonomy.resolve(alias)
    if owner is not None:
        raise Refusal("skills.alias_taken", alias=alias, skill=owner.name(locale))


def _existing(taxonomy: Taxonomy, text: str, locale: Locale) -> Skill:
    skill = taxonomy.resolve(text)
    if skill is None:
        described = describe_unknown_skills([tidy_name(text)], taxonomy, locale)
        raise Refusal("skills.unknown", unknown=described, count=1)
    return skill
