"""A digest as Discord messages: embeds packed within Discord's limits, what does not fit counted.

Discord refuses a message with more than 10 embeds or more than 6000 characters across its
embeds' titles, descriptions, fields, footers and authors, and an embed whose description passes
4096. Each section lists a bounded number of posts (the rest is counted: "…and 14 more"), lines
are clipped, and the packer starts a new embed or a new message before any limit is reached, so
every digest fits however long the week was. Sizes are counted in UTF-16 code units, which is
never less than what Discord counts. Every message keeps MARK_ROOM free for the mark a weekly
run adds to it (`marked`), by which Mozaik recognises the message later.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from datetime import date
from operator import attrgetter
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_skeleton

from bot.digest.week import SHOWN, DigestWeek, Listing, SectionLimits, SkillDemand, total_of
from bot.i18n import t, t_plain

EMBEDS_PER_MESSAGE = 10
CHARACTERS_PER_MESSAGE = 6000
# Kept free in every message for its mark, e.g. "Mozaik digest · week of Nov 9, 2026 · 1/2".
MARK_ROOM = 64
MESSAGE_BUDGET = CHARACTERS_PER_MESSAGE - MARK_ROOM
TITLE_MAX = 256
DESCRIPTION_MAX = 4096
FIELDS_MAX = 25
FIELD_VALUE_MAX = 1024

ACCENT = 0x3BA99C
CHART_FILENAME = "skills.png"
LISTING_TITLE_MAX = 80
SKILL_NAME_MAX = 30
SKILLS_PER_LINE = 4
TOP_SKILLS = 5  # per list in the header, and per side in the chart

SkillName = Callable[[str, str], str]  # (slug, locale) -> what members read


def slug_as_name(slug: str, locale: str) -> str:
    return slug


@dataclass(frozen=True)
class Reader:
    """Who a digest is written for: their language and time zone, the hub's names for skills,
    and how many posts each section lists."""

    locale: str
    timezone: str
    skill_name: SkillName = slug_as_name
    limits: SectionLimits = SHOWN


@dataclass(frozen=True)
class SkillChart:
    """What the chart shows, with its words already in the hub's language."""

    title: str
    asked_label: str
    offered_label: str
    skills: tuple[SkillDemand, ...]


@dataclass(frozen=True)
class DigestMessage:
    embeds: tuple[dict[str, Any], ...]  # Discord embed objects
    chart: bool = False  # the first embed shows CHART_FILENAME: attach the rendered chart


@dataclass(frozen=True)
class Digest:
    messages: tuple[DigestMessage, ...]
    chart: SkillChart | None = None
    quiet: bool = False

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> Digest:
        data = json.loads(text)
        chart = data["chart"]
        return cls(
            messages=tuple(
                DigestMessage(tuple(message["embeds"]), message["chart"])
                for message in data["messages"]
            ),
            chart=None
            if chart is None
            else SkillChart(
                chart["title"],
                chart["asked_label"],
                chart["offered_label"],
                tuple(SkillDemand(**skill) for skill in chart["skills"]),
            ),
            quiet=data["quiet"],
        )


def size(text: str) -> int:
    """Length as Discord's limits count it, erring on the long side (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


def embed_size(embed: dict[str, Any]) -> int:
    texts = [embed.get("title", ""), embed.get("description", "")]
    texts += [embed.get("footer", {}).get("text", ""), embed.get("author", {}).get("name", "")]
    for embed_field in embed.get("fields", ()):
        texts += [embed_field["name"], embed_field["value"]]
    return sum(size(text) for text in texts)


def message_size(embeds: list[dict[str, Any]] | tuple[dict[str, Any], ...]) -> int:
    return sum(embed_size(embed) for embed in embeds)


def compose_digest(week: DigestWeek, reader: Reader) -> Digest:
    """The hub's digest for the week, in its language, as messages ready to send."""
    locale, skill_name, limits = reader.locale, reader.skill_name, reader.limits
    zone = ZoneInfo(reader.timezone)
    start = format_skeleton("yMMMd", week.starts_at.astimezone(zone), locale=locale)
    header: dict[str, Any] = {"title": t(locale, "digest.title", week=start), "color": ACCENT}
    if week.is_quiet:
        header["description"] = t(locale, "digest.quiet_note")
        return Digest((DigestMessage((header,)),), quiet=True)
    counts = _counts_text(week, locale)
    if counts:
        header["description"] = counts
    header["fields"] = _skill_fields(week.skills, locale, skill_name)
    chart = _chart(week.skills, locale, skill_name)
    if chart is not None:
        header["image"] = {"url": f"attachment://{CHART_FILENAME}"}
    packer = _Packer()
    packer.start_embed(header, room=0)
    sections = (
        ("section_featured", week.featured, limits.featured, "more_gigs"),
        ("section_new_gigs", week.new_gigs, limits.new_gigs, "more_gigs"),
        ("section_closing_soon", week.closing_soon, limits.closing_soon, "more_gigs"),
        ("section_open_requests", week.open_requests, limits.open_requests, "more_requests"),
        ("section_new_intros", week.new_intros, limits.new_intros, "more_intros"),
    )
    _place_sections(packer, sections, reader)
    return Digest(packer.messages(chart is not None), chart=chart)


def compose_personal(
    hub_name: str,
    gigs: tuple[Listing, ...],
    requests: tuple[Listing, ...],
    reader: Reader,
) -> Digest:
    """A subscriber's own weekly message: the week's gigs and requests that match their skills."""
    locale, limits = reader.locale, reader.limits
    header: dict[str, Any] = {
        "title": _clip(t(locale, "digest.personal_title", hub=hub_name), TITLE_MAX),
        "description": t(locale, "digest.personal_intro"),
        "footer": {"text": t_plain(locale, "digest.personal_footer")},  # footers render no mentions
        "color": ACCENT,
    }
    packer = _Packer()
    packer.start_embed(header, room=0)
    sections = (
        ("personal_gigs", gigs, limits.new_gigs, "more_gigs"),
        ("personal_requests", requests, limits.open_requests, "more_requests"),
    )
    _place_sections(packer, sections, reader)
    return Digest(packer.messages(with_chart=False))


# A section: its title's key, its listings (None: its feature is not installed), how many to
# show, the key of "and N more".
_Section = tuple[str, tuple[Listing, ...] | None, int, str]


def _place_sections(packer: _Packer, sections: tuple[_Section, ...], reader: Reader) -> None:
    """Each section that lists anything, in order; only new introductions name their author."""
    locale, zone, skill_name = reader.locale, ZoneInfo(reader.timezone), reader.skill_name
    for name, listings, limit, more_key in sections:
        if listings:
            total = total_of(listings)
            title = t(locale, f"digest.{name}", count=total)
            lines = [
                _line(listing, locale, zone, skill_name, with_author=name == "section_new_intros")
                for listing in listings[:limit]
            ]
            packer.place_section(title, lines, total, locale, f"digest.{more_key}")


def week_of(iso_week: str, locale: str) -> str:
    """A run's key as members read it: "2026-W46" -> "Nov 9, 2026", the week's Monday."""
    year, week = (int(number) for number in iso_week.split("-W"))
    return format_skeleton("yMMMd", date.fromisocalendar(year, week, 1), locale=locale)


def marked(digest: Digest, locale: str, iso_week: str, *, link: str | None = None) -> Digest:
    """The digest as a weekly run sends it: each message's last embed ends its footer with the
    week and the part ("Mozaik digest · week of Nov 9, 2026 · 1/2"), and with `link`, the first
    embed's title links there. Discord returns neither a nonce nor anything else of ours on a
    fetched message, so this is how a message sent but not recorded is found again."""
    parts = len(digest.messages)
    monday = week_of(iso_week, locale)
    messages = []
    for part, message in enumerate(digest.messages):
        embeds = [dict(embed) for embed in message.embeds]
        mark = t(locale, "digest.mark", week=monday, part=part + 1, parts=parts)
        assert size(mark) + 1 <= MARK_ROOM, "the packer keeps MARK_ROOM free in every message"
        footer = embeds[-1].get("footer", {}).get("text")
        embeds[-1]["footer"] = {"text": mark if footer is None else f"{footer}\n{mark}"}
        if link is not None:
            embeds[0]["url"] = link
        messages.append(replace(message, embeds=tuple(embeds)))
    return replace(digest, messages=tuple(messages))


class _Packer:
    """Fills embeds line by line, and messages embed by embed, never past a Discord limit."""

    def __init__(self) -> None:
        self._messages: list[list[dict[str, Any]]] = []

    def messages(self, with_chart: bool) -> tuple[DigestMessage, ...]:
        return tuple(
            DigestMessage(tuple(embeds), chart=with_chart and index == 0)
            for index, embeds in enumerate(self._messages)
        )

    def start_embed(self, embed: dict[str, Any], room: int) -> None:
        """Add an embed, in a new message when the current one cannot take it plus `room`."""
        current = self._messages[-1] if self._messages else None
        if (
            current is None
            or len(current) == EMBEDS_PER_MESSAGE
            or message_size(current) + embed_size(embed) + room > MESSAGE_BUDGET
        ):
            current = []
            self._messages.append(current)
        current.append(embed)

    def add_line(self, line: str, reserve: int) -> bool:
        """Append a line to the last embed if it fits with `reserve` still free after it."""
        message = self._messages[-1]
        embed = message[-1]
        description = embed.get("description", "")
        added = size(line) + (1 if description else 0)
        if (
            size(description) + added + reserve > DESCRIPTION_MAX
            or message_size(message) + added + reserve > MESSAGE_BUDGET
        ):
            return False
        embed["description"] = f"{description}\n{line}" if description else line
        return True

    def place_section(
        self, title: str, lines: list[str], total: int, locale: str, more_key: str
    ) -> None:
        """The section's lines under its title, continued in further embeds as needed; what the
        section's limit kept out is counted on a last line, for which room is always kept."""
        more = t(locale, more_key, count=total - len(lines)) if total > len(lines) else None
        # Room for the count line is held back everywhere: its count has at most total's digits.
        reserve = size(t(locale, more_key, count=total)) + 1
        title = _clip(title, TITLE_MAX)
        continued = _clip(t(locale, "digest.continued", section=title), TITLE_MAX)
        heading, embed_open = title, False
        for line in lines:
            if embed_open and self.add_line(line, reserve):
                continue
            self.start_embed(_section_embed(heading), room=size(line) + reserve)
            heading, embed_open = continued, True
            placed = self.add_line(line, reserve)
            assert placed, "a clipped line always fits an empty embed"
        if more is not None:
            placed = self.add_line(more, reserve=0)
            assert placed, "room for the count line was held back"


def _section_embed(title: str) -> dict[str, Any]:
    return {"title": title, "color": ACCENT}


def _counts_text(week: DigestWeek, locale: str) -> str:
    counts = (
        ("count_posted", week.counts.posted),
        ("count_filled", week.counts.filled),
        ("count_matched", week.counts.matched),
        ("count_completed", week.counts.completed),
    )
    return " · ".join(
        t(locale, f"digest.{key}", count=value) for key, value in counts if value is not None
    )


_ASKED: Callable[[SkillDemand], int] = attrgetter("asked")
_OFFERED: Callable[[SkillDemand], int] = attrgetter("offered")


def _most(
    skills: tuple[SkillDemand, ...],
    count: Callable[[SkillDemand], int],
    locale: str,
    skill_name: SkillName,
) -> list[SkillDemand]:
    """The skills counted most, ties in the order of their names in the reader's language."""
    counted = (s for s in skills if count(s) > 0)
    ranked = sorted(counted, key=lambda s: (-count(s), _by_name(s, locale, skill_name)))
    return ranked[:TOP_SKILLS]


def _by_name(skill: SkillDemand, locale: str, skill_name: SkillName) -> str:
    return skill_name(skill.skill, locale).casefold()


def _skill_fields(
    skills: tuple[SkillDemand, ...], locale: str, skill_name: SkillName
) -> list[dict[str, Any]]:
    fields = []
    for name, count in (("asked_for", _ASKED), ("on_offer", _OFFERED)):
        lines = [
            t(
                locale,
                "digest.skill_count",
                skill=_skill(demand.skill, locale, skill_name),
                count=count(demand),
            )
            for demand in _most(skills, count, locale, skill_name)
        ]
        if lines:
            value = _clip("\n".join(lines), FIELD_VALUE_MAX, keep_lines=True)
            fields.append({"name": t(locale, f"digest.{name}"), "value": value, "inline": True})
    return fields


def _chart(
    skills: tuple[SkillDemand, ...], locale: str, skill_name: SkillName
) -> SkillChart | None:
    """The most asked-for and the most offered skills side by side, most asked-for first, then
    most offered, then by name in the reader's language."""
    most = _most(skills, _ASKED, locale, skill_name) + _most(skills, _OFFERED, locale, skill_name)
    chosen = {s.skill: s for s in most}
    if not chosen:
        return None
    ordered = sorted(
        chosen.values(), key=lambda s: (-s.asked, -s.offered, _by_name(s, locale, skill_name))
    )
    return SkillChart(
        title=t(locale, "digest.chart_title"),
        asked_label=t(locale, "digest.chart_asked"),
        offered_label=t(locale, "digest.chart_offered"),
        skills=tuple(SkillDemand(skill_name(s.skill, locale), s.asked, s.offered) for s in ordered),
    )


def _line(
    listing: Listing, locale: str, zone: ZoneInfo, skill_name: SkillName, *, with_author: bool
) -> str:
    title = _escape(_clip(listing.title, LISTING_TITLE_MAX))
    parts = [f"[{title}]({listing.url})" if listing.url else title]
    if with_author and listing.author_id is not None:
        parts.insert(0, f"<@{listing.author_id}>")
    if listing.skills:
        shown = [_skill(slug, locale, skill_name) for slug in listing.skills[:SKILLS_PER_LINE]]
        extra = len(listing.skills) - len(shown)
        parts.append(", ".join(shown) + (f" +{extra}" if extra else ""))
    if listing.closes_at is not None:
        day = format_skeleton("MMMd", listing.closes_at.astimezone(zone), locale=locale)
        parts.append(t(locale, "digest.closes", date=day))
    return "• " + " · ".join(parts)


def _skill(slug: str, locale: str, skill_name: SkillName) -> str:
    return _escape(_clip(skill_name(slug, locale), SKILL_NAME_MAX))


def _clip(text: str, limit: int, *, keep_lines: bool = False) -> str:
    """The text on one line (unless keep_lines), cut with an ellipsis to at most limit."""
    if not keep_lines:
        text = " ".join(text.split())
    if size(text) <= limit:
        return text
    while size(text) > limit - 1:
        text = text[:-1]
    return text.rstrip() + "…"


_MARKDOWN = str.maketrans({char: f"\\{char}" for char in "\\*_~`|[]<>"})


def _escape(text: str) -> str:
    """Member-written text shown as typed: no bold, links or mentions made from it."""
    return text.translate(_MARKDOWN)
