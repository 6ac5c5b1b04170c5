"""/gig list over a busy board: filters, featured on top, newest first, page by page; and
/gig search by English and Indonesian words, prefixes, any case or accents."""

import re
from datetime import timedelta
from decimal import Decimal

from bot.gigs.curation import GigAction
from bot.gigs.model import Compensation, Engagement, LocationType, PayPeriod
from bot.gigs.store.records import act, create_gig
from bot.sandbox import Sandbox
from tests.reliability import _forged as forged
from tests.support.hub import a_hub, set_up_hub
from tests.support.reading import labels, show
from tests.support.replies import click, finished

from .factories import terms

GIG_NUMBER = re.compile(r"\*\*#(\d+)\*\*")
ENGAGEMENTS = list(Engagement)
LOCATIONS = list(LocationType)


def numbers(message) -> list[int]:
    return [int(n) for n in GIG_NUMBER.findall(message.embed["description"])]


async def publish_directly(bot, hub, poster, at, **changes):
    """A published gig as the board stores it (its post is beside the point here)."""
    gig = await create_gig(
        bot.store, guild_id=hub.id, poster_id=poster.id, terms=terms(**changes), now=at
    )
    columns = {"published_at": at, "expires_at": at + timedelta(days=300)}
    return await act(bot.store, gig.id, GigAction.APPROVE, None, at, columns=columns)


def board_terms(index: int) -> dict:
    location = LOCATIONS[index % 3]
    return {
        "title": f"Gig {index}",
        "description": f"Work number {index}",
        "engagement": ENGAGEMENTS[index % 5],
        "location": location,
        "city": None if location is LocationType.REMOTE else "Bandung",
        "skills": ("python",) if index % 4 == 0 else ("graphic-design", "figma"),
        "compensation": Compensation(
            "IDR", Decimal(1_000_000 * (index % 10 + 1)), None, PayPeriod.PROJECT
        ),
    }


async def every_page(sandbox, member, first) -> list[int]:
    """Gig numbers on every page, pressing Next until it is disabled."""
    seen = numbers(first)
    page = first
    while "Next" in labels(page):
        page = await click(sandbox, member, page, "Next")
        seen += numbers(page)
    return seen


async def test_list_filters_features_and_pages_over_two_hundred_gigs(
    sandbox: Sandbox, settings, clock
):
    hub = a_hub(sandbox)
    mod = hub.add_member("mod", roles=["Moderators"])
    poster = hub.add_member("poster")
    bob = hub.add_member("bob")
    async with sandbox.run_bot(settings, clock=clock) as bot:
        await set_up_hub(sandbox, hub)
        start = clock.now() - timedelta(days=2)
        made = {}
        for index in range(200):
            gig = await publish_directly(
                bot, hub, poster, start + timedelta(minutes=index), **board_terms(index)
            )
            made[gig.id] = board_terms(index)
        newest_first = sorted(made, reverse=True)

        everything = await finished(await sandbox.slash(bob, "gig list"))
        show("bob", everything)
        assert "Page 1 of 20 · 200 gigs" in everything.embed["footer"]["text"]
        assert numbers(everything) == newest_first[:10]
        assert await every_page(sandbox, bob, everything) == newest_first

        filtered = await finished(
            await sandbox.slash(
                bob, "gig list", skill="python", work_type="hourly", location="remote"
            )
        )
        expected = [
            n
            for n in newest_first
            if made[n]["skills"] == ("python",)
            and made[n]["engagement"] is Engagement.HOURLY
            and made[n]["location"] is LocationType.REMOTE
        ]
        assert expected and await every_page(sandbox, bob, filtered) == expected

        well_paid = await finished(await sandbox.slash(bob, "gig list", min_pay=8_000_000))
        expected = [n for n in newest_first if made[n]["compensation"].minimum >= 8_000_000]
        assert len(expected) == 60
        assert await every_page(sandbox, bob, well_paid) == expected

        featured = await sandbox.slash(mod, "gigmod feature", number=newest_first[150])
        assert "is featured until" in (await featured.wait_followup()).text
        on_top = await finished(await sandbox.slash(bob, "gig list"))
        show("bob", on_top)
        assert numbers(on_top) == [newest_first[150], *newest_first[:9]]
        assert on_top.embed["description"].startswith("⭐")

        nothing = await finished(await sandbox.slash(bob, "gig list", skill="blender"))
        assert "No gigs match" in nothing.embed["description"]
        choices = await sandbox.autocomplete(bob, "gig list", "skill", "pyth")
        assert choices[0].value == "python"


SEARCHABLE = [
    ("Desainer grafis untuk kedai kopi", "Butuh desain logo dan kemasan yang hangat."),
    ("Senior Python developer", "Build APIs for a café in Jakarta."),
    ("Penulis konten Instagram", "Menulis caption untuk UMKM makanan."),
    ("Video editor", "Edit Reels untuk kafe di Bandung."),
]


async def test_search_finds_english_and_indonesian_words_by_prefix_whatever_the_case(
    sandbox: Sandbox, settings, clock
):
    hub = a_hub(sandbox)
    poster = hub.add_member("poster")
    bob = hub.add_member("bob")
    async with sandbox.run_bot(settings, clock=clock) as bot:
        await set_up_hub(sandbox, hub)
        for offset, (title, description) in enumerate(SEARCHABLE):
            await publish_directly(
                bot,
                hub,
                poster,
                clock.now() - timedelta(hours=offset),
                title=title,
                description=description,
            )
        for index in range(30):
            await publish_directly(bot, hub, poster, clock.now(), **board_terms(index))

        async def titles(query: str) -> list[str]:
            found = await finished(await sandbox.slash(bob, "gig search", query=query))
            return re.findall(r"\*\*#\d+\*\* (.+?) · ", found.embed["description"] or "")

        assert await titles("desain") == ["Desainer grafis untuk kedai kopi"]
        assert await titles("DESAINER") == ["Desainer grafis untuk kedai kopi"]
        assert await titles("python") == ["Senior Python developer"]
        assert await titles("penulis") == ["Penulis konten Instagram"]
        assert await titles("menulis caption") == ["Penulis konten Instagram"]
        assert sorted(await titles("cafe")) == ["Senior Python developer"]
        assert sorted(await titles("KAFÉ")) == ["Video editor"]
        assert sorted(await titles("café kafe")) == ["Senior Python developer", "Video editor"]
        assert await titles("kemas") == ["Desainer grafis untuk kedai kopi"]
        nothing = await finished(await sandbox.slash(bob, "gig search", query="astronaut"))
        assert "No gigs match" in nothing.embed["description"]
        unreadable = await finished(await sandbox.slash(bob, "gig search", query=' "*" '))
        assert unreadable.content == "Please type at least one word to search for."


async def test_a_mistyped_skill_in_the_list_is_answered_with_the_closest_skills(
    sandbox: Sandbox, settings
):
    hub = a_hub(sandbox)
    member = hub.add_member("member")
    async with sandbox.run_bot(settings):
        await set_up_hub(sandbox, hub)
        answer = await finished(await sandbox.slash(member, "gig list", skill="pyhton"))
    assert answer.ephemeral and '"pyhton" → Python' in answer.text


def next_id(message) -> str:
    return next(
        component["custom_id"]
        for row in message.components
        for component in row["components"]
        if component.get("label") == "Next"
    )


async def test_next_carries_where_the_page_ends_and_a_key_from_elsewhere_is_read_by_number(
    sandbox: Sandbox, settings, clock
):
    hub = a_hub(sandbox)
    other = sandbox.add_guild("Other hub", channels=("general",))
    poster = hub.add_member("poster")
    stranger = other.add_member("stranger")
    bob = hub.add_member("bob")
    async with sandbox.run_bot(settings, clock=clock) as bot:
        await set_up_hub(sandbox, hub)
        start = clock.now() - timedelta(days=2)
        made = []
        for n in range(25):
            at = start + timedelta(minutes=n)
            made.append((await publish_directly(bot, hub, poster, at, **board_terms(n))).id)
        elsewhere = await publish_directly(bot, other, stranger, start, **board_terms(0))
        newest_first = sorted(made, reverse=True)
        first = await finished(await sandbox.slash(bob, "gig list"))
        assert next_id(first) == f"gigs:list:1.{newest_first[9]}:--:-:"
        second = await click(sandbox, bob, first, "Next")
        assert numbers(second) == newest_first[10:20]
        # A button sent before pages carried a key, a key naming another hub's gig, and one
        # naming no gig at all: each shows the second page, counted by its number.
        for custom_id in (
            "gigs:list:1:--:-:",
            f"gigs:list:1.{elsewhere.id}:--:-:",
            "gigs:list:1.987654:--:-:",
        ):
            reply = await forged.click(sandbox, bob, custom_id, on=first)
            assert numbers(await finished(reply)) == newest_first[10:20]
