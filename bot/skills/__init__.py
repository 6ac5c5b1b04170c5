"""The skills taxonomy shared by gigs, profiles, collaboration requests and the digest.

Shipped skills live in bot/data/skills.json; a hub adds its own (see vocabulary). Pure domain
code: no Discord here.
"""

from bot.skills.curation import new_hub_alias, new_hub_merge, new_hub_skill
from bot.skills.hub_views import HubTaxonomies
from bot.skills.keys import skill_key, skill_words
from bot.skills.parsing import describe_unknown_skills, parse_skills, split_skill_list
from bot.skills.skill import Skill
from bot.skills.taxonomy import (
    AUTOCOMPLETE_LIMIT,
    SHIPPED_SKILLS_FILE,
    Taxonomy,
    load_shipped_skills,
)
from bot.skills.vocabulary import (
    HUB_CATEGORY,
    NAME_MAX_LENGTH,
    HubAlias,
    HubMerge,
    HubSkill,
    HubVocabulary,
    hub_skill_slug,
)

__all__ = [
    "AUTOCOMPLETE_LIMIT",
    "HUB_CATEGORY",
    "NAME_MAX_LENGTH",
    "SHIPPED_SKILLS_FILE",
    "HubAlias",
    "HubMerge",
    "HubSkill",
    "HubTaxonomies",
    "HubVocabulary",
    "Skill",
    "Taxonomy",
    "describe_unknown_skills",
    "hub_skill_slug",
    "load_shipped_skills",
    "new_hub_alias",
    "new_hub_merge",
    "new_hub_skill",
    "parse_skills",
    "skill_key",
    "skill_words",
    "split_skill_list",
]
