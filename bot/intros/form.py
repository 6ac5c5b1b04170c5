"""The introduction form: what a member types, checked line by line before anything is stored.

Discord's forms hold five text inputs, so rate, location and languages share the fifth as
labelled lines ("Rate: 150rb/jam"); labels are accepted in English and Indonesian whichever
language the form was shown in. What a member typed is kept as a draft when it is refused, so
the form can be reopened with it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from bot.errors import Refusal
from bot.gigs.model import Compensation, PayPeriod
from bot.gigs.money import parse_compensation
from bot.i18n import LOCALES, Locale, t
from bot.intros.model import (
    ABOUT_MAX,
    HEADLINE_MAX,
    LANGUAGE_MAX,
    LANGUAGES_MAX,
    LINK_MAX,
    LINKS_MAX,
    LOCATION_MAX,
    SKILLS_MAX,
    SKILLS_MIN,
    Availability,
    ProfileContent,
)
from bot.skills import HubSkill, Taxonomy, parse_skills
from bot.typed_text import visible
from bot.web_links import LinkProblem, link_problem

DETAILS = ("rate", "location", "languages")
# A rate typed without a period is taken per hour, as freelancers usually quote it.
USUAL_RATE_PERIOD = PayPeriod.HOUR
# Other words members naturally use for the same lines.
_DETAIL_SYNONYMS = {
    "rates": "rate",
    "time zone": "location",
    "timezone": "location",
    "zona waktu": "location",
    "language": "languages",
}
_LANGUAGE_SEPARATORS = re.compile(r"[,;/]")


@dataclass(frozen=True)
class IntroForm:
    """The introduction exactly as the member typed it."""

    headline: str = ""
    about: str = ""
    skills: str = ""
    links: str = ""
    details: str = ""
    availability: Availability = Availability.OPEN_TO_WORK

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> IntroForm:
        fields: dict[str, Any] = json.loads(text)
        fields["availability"] = Availability(fields["availability"])
        return cls(**fields)


@dataclass(frozen=True)
class CheckedIntro:
    content: ProfileContent
    new_skills: tuple[HubSkill, ...]  # skills the member added to the hub, which allows that


def check_form(
    form: IntroForm,
    taxonomy: Taxonomy,
    *,
    allow_new_skills: bool,
    currency: str,
    locale: Locale,
) -> CheckedIntro:
    """The profile the form describes, or a Refusal naming the first thing to fix."""
    headline = " ".join(form.headline.split())
    if not visible(headline):
        raise Refusal("intros.headline_missing")
    if len(headline) > HEADLINE_MAX:
        raise Refusal("intros.headline_too_long", limit=HEADLINE_MAX, length=len(headline))
    about = form.about.strip() if visible(form.about) else ""
    if len(about) > ABOUT_MAX:
        raise Refusal("intros.about_too_long", limit=ABOUT_MAX, length=len(about))
    skills = parse_skills(
        form.skills,
        taxonomy,
        minimum=SKILLS_MIN,
        maximum=SKILLS_MAX,
        allow_new=allow_new_skills,
        locale=locale,
    )
    links = parse_links(form.links)
    details = parse_details(form.details)
    rate_text = details.get("rate")
    content = ProfileContent(
        headline=headline,
        about=about,
        skills=tuple(skill.slug for skill in skills),
        links=links,
        availability=form.availability,
        rate=parse_rate(rate_text, currency) if rate_text else None,
        location=_checked_location(details.get("location")),
        languages=parse_languages(details.get("languages", "")),
    )
    new_skills = tuple(
        HubSkill(skill.slug, skill.name_en) for skill in skills if skill not in taxonomy
    )
    return CheckedIntro(content, new_skills)


def parse_rate(text: str, currency: str) -> Compensation:
    """A rate read as gig pay is ("150rb/jam", "USD 25-40/hour"); per hour unless it says."""
    try:
        return parse_compensation(text, currency, USUAL_RATE_PERIOD)
    except Refusal:
        # The gig's words speak of a gig's pay; a profile's rate gets its own.
        raise Refusal("intros.rate_unreadable", text=text) from None


def parse_links(text: str) -> tuple[str, ...]:
    """Up to five https links, one per line or separated by spaces; a bare domain gets https://."""
    links: list[str] = []
    for typed in text.split():
        link = typed.strip("<>")
        if "://" not in link:
            link = f"https://{link}"
        if len(link) > LINK_MAX:
            raise Refusal("intros.link_too_long", limit=LINK_MAX)
        problem = link_problem(link)
        if problem is LinkProblem.NOT_HTTPS:
            raise Refusal("intros.link_not_https", link=typed)
        if problem is not None:
            raise Refusal("intros.link_invalid", link=typed)
        if link not in links:
            links.append(link)
    if len(links) > LINKS_MAX:
        raise Refusal("intros.too_many_links", limit=LINKS_MAX, count=len(links))
    return tuple(links)


def parse_details(text: str) -> dict[str, str]:
    """The labelled lines of the form's last field; an empty value leaves that detail unset."""
    labels = _detail_labels()
    details: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip():
            continue
        label, colon, value = line.partition(":")
        detail = labels.get(" ".join(label.split()).casefold())
        if not colon or detail is None:
            raise Refusal("intros.details_unreadable", line=line.strip())
        if detail in details:
            raise Refusal("intros.detail_repeated", line=line.strip())
        if value.strip():
            details[detail] = value.strip()
    return details


def parse_languages(text: str) -> tuple[str, ...]:
    languages: list[str] = []
    for typed in _LANGUAGE_SEPARATORS.split(text):
        language = " ".join(typed.split())
        if not language:
            continue
        if len(language) > LANGUAGE_MAX:
            raise Refusal("intros.language_too_long", language=language, limit=LANGUAGE_MAX)
        if language.casefold() not in {known.casefold() for known in languages}:
            languages.append(language)
    if len(languages) > LANGUAGES_MAX:
        raise Refusal("intros.too_many_languages", limit=LANGUAGES_MAX, count=len(languages))
    return tuple(languages)


def form_for(content: ProfileContent, locale: str, skill_names: Sequence[str]) -> IntroForm:
    """The form filled in with a saved profile (its skills named in `locale`), as the member
    would type it."""
    details = {
        "rate": rate_text(content.rate, locale) if content.rate else "",
        "location": content.location or "",
        "languages": ", ".join(content.languages),
    }
    return IntroForm(
        headline=content.headline,
        about=content.about,
        skills=", ".join(skill_names),
        links="\n".join(content.links),
        details=details_template(locale, details),
        availability=content.availability,
    )


def details_template(locale: str, values: dict[str, str] | None = None) -> str:
    """The labelled lines in `locale`, with the given values after the labels."""
    values = values or {}
    return "\n".join(
        f"{t(locale, f'intros.detail_{detail}')}: {values.get(detail, '')}".rstrip()
        for detail in DETAILS
    )


def rate_text(rate: Compensation, locale: str) -> str:
    """A rate as a member would type it, e.g. "IDR 150000/hour", readable by the form again."""
    amount = f"{rate.minimum}" if rate.maximum is None else f"{rate.minimum}-{rate.maximum}"
    return f"{rate.currency} {amount}/{t(locale, f'intros.period_{rate.period.value}')}"


def _checked_location(location: str | None) -> str | None:
    if location is not None and len(location) > LOCATION_MAX:
        raise Refusal("intros.location_too_long", limit=LOCATION_MAX, length=len(location))
    return location


def _detail_labels() -> dict[str, str]:
    labels = dict(_DETAIL_SYNONYMS)
    for locale in LOCALES:
        labels.update({t(locale, f"intros.detail_{d}").casefold(): d for d in DETAILS})
    return labels
