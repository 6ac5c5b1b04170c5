"""A hub's own additions to the shipped skills, as plain data the store loads and saves.

Moderators add skills and aliases and merge one skill into another; members may add skills when
the hub allows it. A hub skill's slug is "hub:" followed by the key of its name (e.g.
"hub:kopiroasting"), so it can never clash with a shipped slug, and two hub skills that would
mean the same thing cannot both exist.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.skills.keys import skill_key
from bot.skills.skill import Skill

HUB_SLUG_PREFIX = "hub:"
HUB_CATEGORY = "hub"
# Long enough for "Pembangkit Listrik Tenaga Surya", short enough to fit a Discord choice.
NAME_MAX_LENGTH = 50


def hub_skill_slug(name: str) -> str:
    return HUB_SLUG_PREFIX + skill_key(name)


def tidy_name(text: str) -> str:
    """A typed name with its spacing made regular: "  Kopi   Roasting " is "Kopi Roasting"."""
    return " ".join(text.split())


def is_acceptable_name(name: str) -> bool:
    """Whether a tidied name can name a new skill or alias: some letters, not a sentence."""
    return bool(skill_key(name)) and len(name) <= NAME_MAX_LENGTH


@dataclass(frozen=True)
class HubSkill:
    """A skill a hub added; named the same in both languages."""

    slug: str
    name: str
    aliases: tuple[str, ...] = ()

    def as_skill(self) -> Skill:
        return Skill(self.slug, self.name, self.name, HUB_CATEGORY, self.aliases)


@dataclass(frozen=True)
class HubAlias:
    """Another name a hub gave to a skill (shipped or its own)."""

    alias: str
    slug: str


@dataclass(frozen=True)
class HubMerge:
    """The hub decided merged_slug means into_slug: its names become aliases of into_slug."""

    merged_slug: str
    into_slug: str


@dataclass(frozen=True)
class HubVocabulary:
    """Everything a hub added, and the version of it (bumped by the store on every change)."""

    version: int
    skills: tuple[HubSkill, ...] = ()
    aliases: tuple[HubAlias, ...] = ()
    merges: tuple[HubMerge, ...] = ()
