"""Reading the skills a member lists in a form: "Python, desain grafis; js"."""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.errors import Refusal
from bot.i18n import Locale
from bot.skills.keys import skill_key
from bot.skills.skill import Skill
from bot.skills.taxonomy import Taxonomy
from bot.skills.vocabulary import HubSkill, hub_skill_slug, is_acceptable_name, tidy_name

_SEPARATORS = re.compile(r"[,;\n\r]+")
# People paste lists from their CV: "- Python", "• SEO", "3) Copywriting".
_LIST_MARKER = re.compile(r"^(?:[-*•·–—]+|\d{1,2}[.)])\s*")
# An unknown item is quoted back; a pasted paragraph is cut to keep the answer readable.
_QUOTED_LENGTH = 40


def split_skill_list(text: str) -> list[str]:
    """The items of a comma, semicolon or line separated list, tidied, list markers removed."""
    items = (_LIST_MARKER.sub("", tidy_name(raw)).rstrip(". ") for raw in _SEPARATORS.split(text))
    return [item for item in items if skill_key(item)]


def parse_skills(
    text: str,
    taxonomy: Taxonomy,
    *,
    minimum: int,
    maximum: int,
    allow_new: bool,
    locale: Locale,
) -> list[Skill]:
    """The skills a typed list names, each once, in the order given.

    With allow_new an item the taxonomy does not know becomes a new hub skill (slug
    "hub:<key>"; `skill not in taxonomy` tells the caller to save it), unless it looks like a
    typo of a known one. Refuses, in this order: more than maximum items ("skills.too_many"),
    items it cannot accept ("skills.unknown", with suggestions in locale), fewer than minimum
    skills ("skills.none" when there are none, else "skills.too_few").
    """
    found: dict[str, Skill] = {}
    unknown: dict[str, str] = {}
    for item in split_skill_list(text):
        skill = taxonomy.resolve(item)
        if skill is None and allow_new and _can_be_new(item, taxonomy):
            skill = HubSkill(hub_skill_slug(item), item).as_skill()
        if skill is None:
            unknown.setdefault(skill_key(item), item)
        else:
            found.setdefault(skill.slug, skill)
    count = len(found) + len(unknown)
    if count > maximum:
        raise Refusal("skills.too_many", max=maximum, count=count)
    if unknown:
        described = describe_unknown_skills(unknown.values(), taxonomy, locale)
        raise Refusal("skills.unknown", unknown=described, count=len(unknown))
    if len(found) < minimum:
        raise Refusal("skills.too_few" if found else "skills.none", min=minimum, count=len(found))
    return list(found.values())


def describe_unknown_skills(items: Iterable[str], taxonomy: Taxonomy, locale: Locale) -> str:
    """One line per item, with up to three suggestions: • "pyhton" → Python."""
    lines = []
    for item in items:
        quoted = item if len(item) <= _QUOTED_LENGTH else item[: _QUOTED_LENGTH - 1] + "…"
        line = f'• "{quoted}"'
        suggestions = taxonomy.suggest(item)
        if suggestions:
            line += " → " + ", ".join(skill.name(locale) for skill in suggestions)
        lines.append(line)
    return "\n".join(lines)


def _can_be_new(item: str, taxonomy: Taxonomy) -> bool:
    return is_acceptable_name(item) and not taxonomy.is_misspelling(item)
