"""A member's profile and reputation as a JSON Resume document (jsonresume.org, schema v1).

basics from the introduction, work from confirmed engagements, skills with how many confirmed
counterparts endorsed each, references from the testimonials the member shows, profiles from
the introduction's links. Plain Python: the cog reads the pieces and sends the file.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from bot.intros.model import ProfileContent

SCHEMA = "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json"


@dataclass(frozen=True)
class ResumeWork:
    """One confirmed engagement as a position: the hub it was done through, what it was."""

    hub: str
    position: str
    confirmed_on: date
    summary: str


@dataclass(frozen=True)
class ResumeReference:
    name: str  # the testimonial's author, as the hub shows them
    reference: str


def json_resume(
    name: str,
    content: ProfileContent,
    *,
    skill_names: Mapping[str, str],
    endorsed: Mapping[str, int],
    work: Sequence[ResumeWork],
    references: Sequence[ResumeReference],
    modified: date,
) -> dict[str, Any]:
    basics: dict[str, Any] = {"name": name, "label": content.headline}
    if content.about:
        basics["summary"] = content.about
    if content.location:
        basics["location"] = {"city": content.location}
    if content.links:
        basics["url"] = content.links[0]
        basics["profiles"] = [_profile(link) for link in content.links]
    document: dict[str, Any] = {
        "$schema": SCHEMA,
        "basics": basics,
        "work": [
            {
                "name": each.hub,
                "position": each.position,
                "startDate": each.confirmed_on.isoformat(),
                "endDate": each.confirmed_on.isoformat(),
                "summary": each.summary,
            }
            for each in work
        ],
        "skills": [
            _skill(skill_names.get(slug, slug), endorsed.get(slug, 0)) for slug in content.skills
        ],
        "references": [{"name": r.name, "reference": r.reference} for r in references],
        "meta": {"version": "v1.0.0", "lastModified": f"{modified.isoformat()}T00:00:00"},
    }
    if content.languages:
        document["languages"] = [{"language": language} for language in content.languages]
    return document


def _profile(link: str) -> dict[str, str]:
    """A link of the introduction as a profile: its site as the network."""
    host = urlsplit(link).hostname or link
    return {"network": host.removeprefix("www."), "url": link}


def _skill(name: str, endorsements: int) -> dict[str, Any]:
    skill: dict[str, Any] = {"name": name}
    if endorsements:
        skill["endorsements"] = endorsements  # confirmed counterparts who endorsed it
    return skill
