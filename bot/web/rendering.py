"""Templates (Jinja2, every user text escaped) and what each page shows of a gig.

A page is rendered only with plain values: the reader's language and zone, the hub's name, and
each gig as `GigView`, so a template never reaches a member's id or a message.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from bot.gigs.model import Gig
from bot.gigs.pay import pay_text
from bot.i18n import t_plain
from bot.skills import Taxonomy
from bot.web.reader import Reader

# Characters XML 1.0 does not allow, even escaped: a feed holding one would not parse.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_PARAGRAPHS = re.compile(r"\n\s*\n")


@dataclass(frozen=True)
class SkillView:
    slug: str
    name: str


@dataclass(frozen=True)
class GigView:
    id: int
    title: str
    kind: str
    engagement: str
    location: str
    city: str | None
    level: str
    pay: str
    skills: list[SkillView]
    published: str
    featured: bool
    paragraphs: list[str]
    open_until: str | None
    apply_by: str | None
    apply_url: str | None
    delivery: str | None


def gig_view(
    gig: Gig, reader: Reader, taxonomy: Taxonomy, now: datetime, *, whole: bool = False
) -> GigView:
    """The gig as a list shows it, or `whole` as its own page does (its text, when it closes)."""
    terms, locale = gig.terms, reader.locale
    skills = []
    for slug in terms.skills:
        skill = taxonomy.get(slug)
        skills.append(SkillView(slug, skill.name(locale) if skill is not None else slug))
    published = gig.published_at or gig.created_at
    return GigView(
        id=gig.id,
        title=terms.title,
        kind=t_plain(locale, f"gigs.kind_{terms.kind.value}"),
        engagement=t_plain(locale, f"gigs.engagement_{terms.engagement.value}"),
        location=t_plain(locale, f"gigs.location_{terms.location.value}"),
        city=terms.city,
        level=t_plain(locale, f"gigs.level_{terms.level.value}"),
        pay=pay_text(terms.compensation, locale),
        skills=skills,
        published=reader.time(published),
        featured=gig.is_featured(now),
        paragraphs=[part for part in _PARAGRAPHS.split(terms.description) if part.strip()]
        if whole
        else [],
        open_until=reader.time(gig.expires_at) if whole and gig.expires_at else None,
        apply_by=None if terms.apply_by is None else terms.apply_by.isoformat(),
        apply_url=terms.apply_url,
        delivery=None if terms.delivery_days is None else str(terms.delivery_days),
    )


def link(path: str, params: Mapping[str, object]) -> str:
    """`path` with the parameters that are set, in a stable order."""
    kept = {key: str(value) for key, value in params.items() if value not in (None, "")}
    return f"{path}?{urlencode(sorted(kept.items()))}" if kept else path


def xml_text(text: object) -> str:
    return _NOT_XML.sub("\ufffd", str(text))


def rfc822(instant: datetime) -> str:
    return instant.astimezone(UTC).strftime("%a, %d %b %Y %H:%M:%S +0000")


@cache
def templates() -> Environment:
    environment = Environment(
        loader=PackageLoader("bot.web", "templates"),
        autoescape=select_autoescape(["html", "rss"], default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["xml"] = xml_text
    return environment


def render(name: str, reader: Reader, path: str, **context: Any) -> str:
    """The template `name` for `reader`, with `t` (texts in their language), `link` (a path
    keeping their language and zone) and the same page in the other language."""
    query = dict(context.pop("query", {}))

    def page_link(target: str, **params: object) -> str:
        return link(target, {**reader.chosen, **params})

    other = link(path, {**query, **reader.chosen, "lang": reader.other_locale})
    return (
        templates()
        .get_template(name)
        .render(
            reader=reader,
            t=lambda key, **params: t_plain(reader.locale, key, **params),
            link=page_link,
            other_language=other,
            **context,
        )
    )
