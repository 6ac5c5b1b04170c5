"""The skills a hub knows, and how what a member types is matched against them.

Everything a lookup needs is computed once per taxonomy: the key of every name and alias, and
sorted search terms, so an autocomplete call is a few binary searches (plus a fuzzy pass only
when those find too little) even with thousands of skills.
"""

from __future__ import annotations

import heapq
import json
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import replace
from functools import cache
from itertools import zip_longest
from pathlib import Path
from typing import Any

from rapidfuzz import process
from rapidfuzz.distance import OSA, JaroWinkler

from bot.i18n import FALLBACK, LOCALES, Locale, as_locale
from bot.skills.keys import skill_key, skill_words
from bot.skills.skill import Skill
from bot.skills.vocabulary import HubVocabulary

SHIPPED_SKILLS_FILE = Path(__file__).resolve().parent.parent / "data" / "skills.json"
AUTOCOMPLETE_LIMIT = 25  # Discord shows at most 25 choices
# Below this many characters a similarity score says nothing useful.
_FUZZY_MIN_LENGTH = 3
# Jaro-Winkler similarity (0..1), which favours a shared beginning: half-typed words count.
_AUTOCOMPLETE_SIMILARITY = 0.8
# A suggestion answers a finished word, so it must be closer.
_SUGGESTION_SIMILARITY = 0.85
# A later word of a name ("marketing" in "Digital Marketing") matches a little less than a whole
# name or alias, so "markting" suggests Marketing before every kind of marketing.
_LATER_WORD_WEIGHT = 0.98


class Taxonomy:
    """An ordered set of skills: the order is the one shown for an empty search, and breaks
    ties between equally good matches. merged_into maps the slugs of skills merged away to the
    slug of the skill (in skills) that now answers for them."""

    def __init__(self, skills: Iterable[Skill], merged_into: dict[str, str] | None = None) -> None:
        self._skills = tuple(skills)
        self._merged_into = dict(merged_into or {})
        rank_of_slug: dict[str, int] = {}
        for rank, skill in enumerate(self._skills):
            if skill.slug in rank_of_slug:
                raise ValueError(f"two skills share the slug {skill.slug!r}")
            rank_of_slug[skill.slug] = rank
        self._by_slug = {skill.slug: skill for skill in self._skills}
        for merged, into in self._merged_into.items():
            self._by_slug[merged] = self._skills[rank_of_slug[into]]
        self._rank_of_key = _rank_of_key(self._skills)
        self._names = {
            locale: _Terms(
                (skill_key(skill.name(locale)), rank) for rank, skill in enumerate(self._skills)
            )
            for locale in LOCALES
        }
        tails = {
            (tail, rank, start > 0)
            for rank, skill in enumerate(self._skills)
            for text in (skill.name_en, skill.name_id, *skill.aliases)
            for start, tail in enumerate(_word_tails(text))
        }
        self._words = _Terms((tail, rank) for tail, rank, _ in tails)
        fuzzy = sorted(tail for tail in tails if len(tail[0]) >= _FUZZY_MIN_LENGTH)
        self._fuzzy = _FuzzyTerms(fuzzy)
        by_initial: dict[str, list[tuple[str, int, bool]]] = {}
        for term in fuzzy:
            by_initial.setdefault(term[0][0], []).append(term)
        # Autocomplete runs on every keystroke and compares only terms that start like the
        # text: members rarely get the first letter wrong, and fix it on the next keystroke.
        self._fuzzy_by_initial = {
            initial: _FuzzyTerms(terms) for initial, terms in by_initial.items()
        }
        self._keys = list(self._rank_of_key)

    @classmethod
    def shipped(cls) -> Taxonomy:
        """The skills Mozaik ships with, loaded once."""
        return _shipped_taxonomy()

    @property
    def skills(self) -> tuple[Skill, ...]:
        return self._skills

    def __len__(self) -> int:
        return len(self._skills)

    def __contains__(self, skill: object) -> bool:
        """Whether skill is one of these (a skill parsed as new for the hub is not)."""
        return isinstance(skill, Skill) and skill.slug in self._by_slug

    def get(self, slug: str) -> Skill | None:
        """The skill with this slug; a merged slug gives the skill it was merged into."""
        return self._by_slug.get(slug)

    def display_names(self, slugs: Iterable[str], locale: str) -> list[str]:
        """The skills named in the reader's language, each once (a merged skill answers for two
        slugs); a slug the hub no longer knows is shown as is."""
        language = as_locale(locale) or FALLBACK
        names = []
        for slug in slugs:
            skill = self.get(slug)
            names.append(skill.name(language) if skill is not None else slug)
        return list(dict.fromkeys(names))

    def resolve(self, text: str) -> Skill | None:
        """The skill text names exactly (a slug, a name in either language or an alias)."""
        by_slug = self._by_slug.get(text)
        if by_slug is not None:
            return by_slug
        rank = self._rank_of_key.get(skill_key(text))
        return None if rank is None else self._skills[rank]

    def suggest(self, text: str, limit: int = 3) -> list[Skill]:
        """The skills text most likely meant: names it starts, then near misses."""
        return self._ranked(skill_key(text), limit, None, self._fuzzy, _SUGGESTION_SIMILARITY)

    def autocomplete(
        self, text: str, locale: Locale, limit: int = AUTOCOMPLETE_LIMIT
    ) -> list[Skill]:
        """Best matches first: exact, then a prefix of the name in the member's language, then
        a prefix of any word or alias, then near misses. Empty text gives the first skills."""
        limit = min(limit, AUTOCOMPLETE_LIMIT)
        key = skill_key(text)
        if not key:
            return list(self._skills[:limit])
        fuzzy = self._fuzzy_by_initial.get(key[0])
        return self._ranked(key, limit, locale, fuzzy, _AUTOCOMPLETE_SIMILARITY)

    def is_misspelling(self, text: str) -> bool:
        """True when text is a typo or two away from a known name or alias (and not one itself).

        A hub that lets members add skills still should not gain "Pyhton" next to Python.
        """
        key = skill_key(text)
        if len(key) < 4 or key in self._rank_of_key:
            return False
        typos = 1 if len(key) < 8 else 2
        closest = process.extractOne(key, self._keys, scorer=OSA.distance, score_cutoff=typos)
        return closest is not None

    def with_hub(self, vocabulary: HubVocabulary) -> Taxonomy:
        """This taxonomy plus a hub's own skills, aliases and merges.

        Names win over aliases, and among clashing aliases the earlier skill keeps it, so a hub
        alias never takes a name away from a skill shipped later.
        """
        if not (vocabulary.skills or vocabulary.aliases or vocabulary.merges):
            return self
        skills = {skill.slug: skill for skill in self._skills}
        for added in vocabulary.skills:
            skills.setdefault(added.slug, added.as_skill())
        merged_into = dict(self._merged_into)
        for merge in vocabulary.merges:
            into = merged_into.get(merge.into_slug, merge.into_slug)
            merged = skills.get(merge.merged_slug)
            if merged is None or into not in skills or into == merged.slug:
                continue
            del skills[merged.slug]
            merged_names = (merged.name_en, merged.name_id, *merged.aliases)
            skills[into] = _with_aliases(skills[into], merged_names)
            merged_into = {
                old: into if target == merged.slug else target
                for old, target in merged_into.items()
            }
            merged_into[merged.slug] = into
        for alias in vocabulary.aliases:
            slug = merged_into.get(alias.slug, alias.slug)
            if slug in skills:
                skills[slug] = _with_aliases(skills[slug], (alias.alias,))
        return Taxonomy(skills.values(), merged_into)

    def _ranked(
        self,
        key: str,
        limit: int,
        locale: Locale | None,
        fuzzy: _FuzzyTerms | None,
        similarity: float,
    ) -> list[Skill]:
        if not key or limit <= 0:
            return []
        chosen: dict[int, None] = {}  # ranks, in the order they were chosen

        def choose(ranks: Iterable[int]) -> None:
            wanted = limit - len(chosen)
            if wanted > 0:
                chosen.update(dict.fromkeys(heapq.nsmallest(wanted, set(ranks) - chosen.keys())))

        exact = self._rank_of_key.get(key)
        if exact is not None:
            chosen[exact] = None
        if locale is not None:
            choose(self._names[locale].starting_with(key))
        choose(self._words.starting_with(key))
        if fuzzy is not None and len(chosen) < limit and len(key) >= _FUZZY_MIN_LENGTH:
            for rank in fuzzy.closest(key, similarity):
                if len(chosen) == limit:
                    break
                chosen.setdefault(rank)
        return [self._skills[rank] for rank in chosen]


class _Terms:
    """Search terms in sorted order, each pointing at the rank of its skill."""

    def __init__(self, pairs: Iterable[tuple[str, int]]) -> None:
        ordered = sorted(set(pairs))
        self.terms = [term for term, _ in ordered]
        self.ranks = [rank for _, rank in ordered]

    def starting_with(self, prefix: str) -> Iterator[int]:
        position = bisect_left(self.terms, prefix)
        while position < len(self.terms) and self.terms[position].startswith(prefix):
            yield self.ranks[position]
            position += 1


class _FuzzyTerms:
    """Search terms compared by similarity, each pointing at the rank of its skill."""

    def __init__(self, terms: list[tuple[str, int, bool]]) -> None:
        self.terms = [term for term, _, _ in terms]
        self.ranks = [rank for _, rank, _ in terms]
        self.weights = [_LATER_WORD_WEIGHT if later else 1.0 for _, _, later in terms]

    def closest(self, key: str, similarity: float) -> list[int]:
        """Ranks of skills with a term at least this similar to key, closest first."""
        best: dict[int, float] = {}
        for _, score, index in process.extract(
            key,
            self.terms,
            scorer=JaroWinkler.normalized_similarity,
            score_cutoff=similarity,
            limit=None,
        ):
            rank = self.ranks[index]
            best[rank] = max(score * self.weights[index], best.get(rank, 0.0))
        return sorted(best, key=lambda rank: (-best[rank], rank))


def _rank_of_key(skills: tuple[Skill, ...]) -> dict[str, int]:
    rank_of_key: dict[str, int] = {}
    # Names first: an alias never hides another skill's name.
    for rank, skill in enumerate(skills):
        for name in (skill.name_en, skill.name_id):
            rank_of_key.setdefault(skill_key(name), rank)
    for rank, skill in enumerate(skills):
        for alias in skill.aliases:
            rank_of_key.setdefault(skill_key(alias), rank)
    rank_of_key.pop("", None)
    return rank_of_key


def _word_tails(text: str) -> list[str]:
    """The keys of text from each of its words on: "Search Engine Optimization" gives
    "searchengineoptimization", "engineoptimization" and "optimization"."""
    words = skill_words(text)
    return ["".join(words[start:]) for start in range(len(words))]


def _with_aliases(skill: Skill, texts: Iterable[str]) -> Skill:
    known = {skill_key(text) for text in (skill.name_en, skill.name_id, *skill.aliases)}
    added: list[str] = []
    for text in texts:
        key = skill_key(text)
        if key and key not in known:
            known.add(key)
            added.append(text)
    return replace(skill, aliases=(*skill.aliases, *added)) if added else skill


def load_shipped_skills() -> tuple[Skill, ...]:
    """The skills in bot/data/skills.json, in file order."""
    text = SHIPPED_SKILLS_FILE.read_text(encoding="utf-8")
    return tuple(_skill_from_entry(entry) for entry in json.loads(text))


def _skill_from_entry(entry: Any) -> Skill:
    return Skill(
        slug=entry["slug"],
        name_en=entry["en"],
        name_id=entry["id"],
        category=entry["category"],
        aliases=tuple(entry["aliases"]),
    )


@cache
def _shipped_taxonomy() -> Taxonomy:
    # Within a category the file lists the most asked-for skills first; taking one of each
    # category in turn makes the first page of an empty search show the breadth of the hub.
    by_category: dict[str, list[Skill]] = {}
    for skill in load_shipped_skills():
        by_category.setdefault(skill.category, []).append(skill)
    return Taxonomy(
        skill for row in zip_longest(*by_category.values()) for skill in row if skill is not None
    )
