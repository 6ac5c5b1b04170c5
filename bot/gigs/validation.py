"""Checking a draft and turning it into a gig's terms; each problem says what to change."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.errors import Refusal
from bot.gigs.drafts import GigDraft
from bot.gigs.model import (
    CITY_MAX,
    DESCRIPTION_MAX,
    NOTE_MAX,
    TITLE_MAX,
    USUAL_PERIOD,
    Engagement,
    GigKind,
    GigTerms,
    Level,
    LocationType,
    PayPeriod,
)
from bot.gigs.money import checked_currency, parse_compensation
from bot.typed_text import visible
from bot.web_links import LinkProblem, link_problem, links_in

DELIVERY_DAYS_MAX = 365
_DATE_FORMATS = (
    re.compile(r"^(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})$"),
    re.compile(r"^(?P<day>\d{1,2})[/.-](?P<month>\d{1,2})[/.-](?P<year>\d{4})$"),
)


@dataclass(frozen=True)
class DraftContext:
    """What checking a draft needs to know about the hub and the moment."""

    currency: str  # the hub's, used when the member chooses none
    timezone: str  # the hub's: "apply by" dates are days there
    now: datetime
    read_skills: Callable[[str], tuple[str, ...]]  # canonical slugs, or Refusal

    @property
    def today(self) -> date:
        return self.now.astimezone(ZoneInfo(self.timezone)).date()


def check_draft(draft: GigDraft, context: DraftContext) -> GigTerms:
    kind = GigKind(draft.kind)
    engagement = Engagement(draft.engagement)
    location = LocationType(draft.location)
    title = _checked_text(draft.title, "title", TITLE_MAX)
    description = _checked_text(draft.description, "description", DESCRIPTION_MAX)
    for text in (title, description):
        https_only(text)
    city = (draft.city or "").strip() if visible(draft.city or "") else None
    if city is None and location is not LocationType.REMOTE:
        raise Refusal("gigs.city_needed")
    if city is not None and len(city) > CITY_MAX:
        raise Refusal("gigs.city_too_long", limit=CITY_MAX)
    apply_by, apply_url = read_apply(draft.apply, context.today)
    period = PayPeriod(draft.period) if draft.period else USUAL_PERIOD[engagement]
    compensation = parse_compensation(draft.pay, draft.currency or context.currency, period)
    return GigTerms(
        kind=kind,
        title=title,
        description=description,
        skills=context.read_skills(draft.skills),
        engagement=engagement,
        compensation=compensation,
        location=location,
        city=city,
        level=Level(draft.level),
        apply_by=apply_by,
        apply_url=apply_url,
        delivery_days=_checked_delivery(kind, draft.delivery_days),
    )


def check_before_form(draft: GigDraft) -> None:
    """What the command's options alone already refuse, so nobody types a form in vain."""
    if LocationType(draft.location) is not LocationType.REMOTE and not visible(draft.city or ""):
        raise Refusal("gigs.city_needed")
    _checked_delivery(GigKind(draft.kind), draft.delivery_days)
    if draft.currency is not None:
        checked_currency(draft.currency)


def links_of(terms: GigTerms) -> list[str]:
    """Every link a gig shows: in its title and description, and its apply link."""
    links = links_in(terms.title) + links_in(terms.description)
    return links if terms.apply_url is None else [*links, terms.apply_url]


def https_only(text: str) -> None:
    """Every link in `text` one Mozaik may publish (bot.web_links says which)."""
    for link in links_in(text):
        _check_link(link)


def _check_link(link: str) -> None:
    problem = link_problem(link)
    if problem is LinkProblem.NOT_HTTPS or not link.lower().startswith("https://"):
        raise Refusal("gigs.link_not_https", link=link)
    if problem is not None:
        raise Refusal("gigs.link_invalid", link=link)


def read_apply(text: str, today: date) -> tuple[date | None, str | None]:
    """The optional apply-by date and optional https link typed in the form's last field."""
    apply_by: date | None = None
    link: str | None = None
    for token in text.replace(",", " ").split():
        if "://" in token:
            _check_link(token)
            if link is not None:
                raise Refusal("gigs.apply_unreadable", text=text.strip())
            link = token
            continue
        day = _read_date(token)
        if day is None or apply_by is not None:
            raise Refusal("gigs.apply_unreadable", text=text.strip())
        apply_by = day
    if apply_by is not None and apply_by < today:
        raise Refusal("gigs.apply_by_past", date=apply_by.isoformat())
    return apply_by, link


def end_of_day(day: date, timezone: str) -> datetime:
    """The instant a day ends in the hub's timezone: an apply-by date includes its whole day."""
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=ZoneInfo(timezone))


def _read_date(token: str) -> date | None:
    for pattern in _DATE_FORMATS:
        match = pattern.match(token)
        if match is None:
            continue
        try:
            return date(int(match["year"]), int(match["month"]), int(match["day"]))
        except ValueError:
            return None
    return None


def _checked_text(text: str, field: str, limit: int) -> str:
    text = text.strip()
    if not visible(text):
        raise Refusal(f"gigs.{field}_missing")
    if len(text) > limit:
        raise Refusal(f"gigs.{field}_too_long", limit=limit, length=len(text))
    return text


def _checked_delivery(kind: GigKind, days: int | None) -> int | None:
    if kind is not GigKind.OFFERING:
        return None
    if days is None:
        raise Refusal("gigs.delivery_needed")
    if not 1 <= days <= DELIVERY_DAYS_MAX:
        raise Refusal("gigs.delivery_out_of_range", limit=DELIVERY_DAYS_MAX)
    return days


def checked_note(typed: str) -> str | None:
    """A member's note to the poster, trimmed; none when it shows nothing. Discord's form takes
    no more than NOTE_MAX characters, so a longer one was not typed there and is cut."""
    kept = typed.strip()[:NOTE_MAX].strip()
    return kept if visible(kept) else None
