from dataclasses import replace
from datetime import UTC, datetime, timedelta

from digest_limits import limit_violations

from bot.digest.compose import (
    CHART_FILENAME,
    Digest,
    Reader,
    SectionLimits,
    compose_digest,
    compose_personal,
    marked,
    week_of,
)
from bot.digest.week import DigestWeek, Listing, SkillDemand, WeekCounts
from bot.links import jump_link

END = datetime(2026, 11, 9, 2, 0, tzinfo=UTC)  # Monday 09:00 in Jakarta
START = END - timedelta(days=7)
GUILD = 111


def gig(number, *skills, closes_in_days=None):
    return Listing(
        title=f"Gig {number}",
        url=jump_link(GUILD, 222, 1000 + number),
        skills=skills,
        closes_at=None if closes_in_days is None else END + timedelta(days=closes_in_days),
    )


def seeded_week():
    return DigestWeek(
        starts_at=START,
        ends_at=END,
        featured=(gig(1, "python"),),
        new_gigs=(gig(1, "python"), gig(2, "copywriting", closes_in_days=20)),
        closing_soon=(gig(3, "python", closes_in_days=3),),
        open_requests=(
            Listing("Co-founder for a batik shop", jump_link(GUILD, 333, 5), ("marketing",)),
        ),
        new_intros=(
            Listing("Illustrator", jump_link(GUILD, 444, 6), ("illustration",), author_id=7),
        ),
        skills=(
            SkillDemand("python", asked=2, offered=1),
            SkillDemand("copywriting", asked=1, offered=0),
            SkillDemand("illustration", asked=0, offered=4),
        ),
        counts=WeekCounts(posted=2, filled=1, matched=1),
    )


def descriptions(digest: Digest) -> str:
    return "\n".join(
        embed.get("description", "") for message in digest.messages for embed in message.embeds
    )


def titles(digest: Digest) -> list[str]:
    return [embed["title"] for message in digest.messages for embed in message.embeds]


def test_a_seeded_week_lists_each_section_with_links_counts_and_the_chart():
    digest = compose_digest(seeded_week(), Reader("en", "Asia/Jakarta"))
    assert titles(digest) == [
        "Weekly digest · week of Nov 2, 2026",
        "⭐ Featured gigs (1)",
        "🆕 New gigs (2)",
        "⏳ Closing in the next 7 days (1)",
        "🤝 Open collaboration requests (1)",
        "👋 New introductions (1)",
    ]
    header = digest.messages[0].embeds[0]
    assert (
        header["description"]
        == "Gigs posted: **2** · Filled: **1** · Collaborations matched: **1**"
    )
    assert header["fields"][0] == {
        "name": "Most asked for",
        "value": "python · 2\ncopywriting · 1",
        "inline": True,
    }
    assert header["fields"][1]["value"] == "illustration · 4\npython · 1"
    assert header["image"] == {"url": f"attachment://{CHART_FILENAME}"}
    assert digest.messages[0].chart and not digest.quiet
    assert [s.skill for s in digest.chart.skills] == ["python", "copywriting", "illustration"]
    text = descriptions(digest)
    assert "• [Gig 3](https://discord.com/channels/111/222/1003) · python · closes Nov 12" in text
    assert (
        "• [Co-founder for a batik shop](https://discord.com/channels/111/333/5) · marketing"
        in text
    )
    assert "• <@7> · [Illustrator](https://discord.com/channels/111/444/6) · illustration" in text
    assert limit_violations(digest.messages) == []


def test_the_digest_speaks_the_hubs_language():
    digest = compose_digest(
        seeded_week(), Reader("id", "Asia/Jakarta", skill_name=lambda s, _: s.title())
    )
    assert titles(digest)[0] == "Ringkasan pekanan · mulai 2 Nov 2026"
    assert "🆕 Gig baru (2)" in titles(digest)
    assert "Python · ditutup 12 Nov" in descriptions(digest)
    assert digest.chart.asked_label == "Dicari di gig"


def realistic_gig(number):
    return Listing(
        title=f"Senior product designer for a fintech onboarding redesign, batch {number}",
        url=jump_link(GUILD, 222, 1_300_000_000_000_000_000 + number),
        skills=("ui-design", "ux-research", "figma", "prototyping", "design-systems"),
        closes_at=END + timedelta(days=3),
    )


def test_three_hundred_new_gigs_are_split_within_discords_limits_and_the_rest_counted():
    many = tuple(realistic_gig(n) for n in range(300))
    intros = tuple(
        Listing(
            f"Illustrator number {n}",
            jump_link(GUILD, 3, 10**18 + n),
            ("illustration",),
            author_id=10**17 + n,
        )
        for n in range(40)
    )
    week = DigestWeek(
        starts_at=START,
        ends_at=END,
        featured=many[:8],
        new_gigs=many,
        closing_soon=many,
        open_requests=many[:30],
        new_intros=intros,
        skills=(SkillDemand("ui-design", 300, 2),),
        counts=WeekCounts(posted=300, filled=0, matched=0),
    )
    digest = compose_digest(
        week, Reader("en", "Asia/Jakarta", skill_name=lambda slug, _: slug.title())
    )
    assert len(digest.messages) >= 2
    assert limit_violations(digest.messages) == []
    text = descriptions(digest)
    assert "…and 3 more: `/gig list`" in text  # featured: 5 listed
    assert "…and 280 more: `/gig list`" in text  # new gigs: 20 listed
    assert "…and 290 more: `/gig list`" in text  # closing soon: 10 listed
    assert "…and 20 more: `/collab list`" in text
    assert "…and 30 more: `/intro find`" in text
    assert text.count("• [Senior product designer") == 5 + 20 + 10 + 10
    assert "🆕 New gigs (300)" in titles(digest)
    assert digest.messages[0].chart and not any(m.chart for m in digest.messages[1:])


def test_a_week_too_long_for_one_message_is_split_without_dropping_a_post():
    long_titles = tuple(
        Listing(
            "Senior brand designer for a long campaign " * 3 + str(n),
            jump_link(GUILD, 2, n),
            ("design",) * 6,
        )
        for n in range(300)
    )
    week = DigestWeek(starts_at=START, ends_at=END, new_gigs=long_titles)
    digest = compose_digest(week, Reader("en", "UTC", limits=SectionLimits(new_gigs=300)))
    assert len(digest.messages) > 1
    assert limit_violations(digest.messages) == []
    text = descriptions(digest)
    assert all(f"/{n})" in text for n in range(300))
    assert "more:" not in text
    assert titles(digest)[2] == "🆕 New gigs (300), continued"
    sent = marked(digest, "id", "2026-W46")  # as the weekly run sends it, each message marked
    assert limit_violations(sent.messages) == []
    parts = len(sent.messages)
    assert [m.embeds[-1]["footer"]["text"] for m in sent.messages] == [
        f"Ringkasan Mozaik · pekan mulai 9 Nov 2026 · {part}/{parts}"
        for part in range(1, parts + 1)
    ]


def test_member_text_cannot_make_links_or_formatting():
    week = DigestWeek(
        starts_at=START,
        ends_at=END,
        new_gigs=(Listing("**Free** [money](https://evil.example) <@&1>", jump_link(GUILD, 2, 3)),),
    )
    line = descriptions(compose_digest(week, Reader("en", "UTC")))
    assert "\\*\\*Free\\*\\* \\[money\\](https://evil.example) \\<@&1\\>" in line


def test_a_quiet_week_is_one_short_friendly_note_without_a_chart():
    week = DigestWeek(starts_at=START, ends_at=END, new_gigs=(), open_requests=(), new_intros=())
    digest = compose_digest(week, Reader("en", "Asia/Jakarta"))
    assert digest.quiet and digest.chart is None
    assert len(digest.messages) == 1 and len(digest.messages[0].embeds) == 1
    assert digest.messages[0].embeds[0]["description"].startswith("A quiet week")


def test_sections_of_features_not_installed_are_left_out():
    week = DigestWeek(
        starts_at=START,
        ends_at=END,
        new_gigs=(gig(1),),
        counts=WeekCounts(posted=1, filled=0),
    )
    digest = compose_digest(week, Reader("en", "UTC"))
    assert titles(digest) == ["Weekly digest · week of Nov 2, 2026", "🆕 New gigs (1)"]
    assert digest.messages[0].embeds[0]["description"] == "Gigs posted: **1** · Filled: **0**"
    assert digest.chart is None and not digest.messages[0].chart


def test_a_composed_digest_survives_being_stored():
    digest = compose_digest(seeded_week(), Reader("en", "Asia/Jakarta"))
    assert Digest.from_json(digest.to_json()) == digest


def test_a_personal_digest_lists_only_what_it_is_given_and_says_how_to_stop():
    digest = compose_personal(
        "Kreatif Jakarta", (gig(1, "python"),), (), Reader("en", "Asia/Jakarta")
    )
    assert titles(digest) == ["Your matches this week in Kreatif Jakarta", "Gigs for you (1)"]
    assert "/digest unsubscribe" in digest.messages[0].embeds[0]["footer"]["text"]
    assert limit_violations(digest.messages) == []


def test_equal_bars_are_ordered_by_the_skills_names_in_the_readers_language():
    names = {
        ("copywriting", "id"): "Penulisan Iklan",
        ("web-development", "id"): "Pengembangan Web",
        ("copywriting", "en"): "Copywriting",
        ("web-development", "en"): "Web Development",
    }
    week = replace(
        seeded_week(),
        skills=(
            SkillDemand("web-development", asked=1, offered=0),
            SkillDemand("copywriting", asked=1, offered=0),
        ),
    )

    def shown(locale):
        def named(slug, language):
            return names.get((slug, language), slug)

        digest = compose_digest(week, Reader(locale, "Asia/Jakarta", skill_name=named))
        return [skill.skill for skill in digest.chart.skills]

    assert shown("id") == ["Pengembangan Web", "Penulisan Iklan"]  # not by the English slug
    assert shown("en") == ["Copywriting", "Web Development"]


def test_a_week_is_named_by_its_monday_as_the_reader_writes_dates():
    assert week_of("2026-W46", "en") == "Nov 9, 2026"
    assert week_of("2026-W46", "id") == "9 Nov 2026"
