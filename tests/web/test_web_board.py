"""The public board: what a reader who is not in the hub sees of its gigs, and what they don't."""

from bot.gigs.curation import GigAction
from bot.gigs.model import Engagement, LocationType

from .html_reading import read_page
from .world import GUILD, a_board

ALICE, BOB = 2001, 2002


async def test_the_board_lists_published_gigs_newest_first_and_nothing_else(database):
    async with a_board(database) as board:
        coffee = await board.gig(ALICE, title="Logo for a coffee shop")
        shop = await board.gig(BOB, title="Shop front end", skills=("python",))
        closed = await board.gig(BOB, title="Closed already")
        await board.close(closed)

        response = await board.get("/gigs")
        assert response.status == 200
        page = read_page(await response.text())
        titles = [a["href"] for a in page.tags("a") if "/gigs/" in a["href"]]
        assert titles == [board.path(f"/gigs/{shop.id}"), board.path(f"/gigs/{coffee.id}")]
        assert "Shop front end" in page.text and "Closed already" not in page.text
        assert "2 gigs" in page.text


async def test_the_filters_are_those_of_gig_list(database):
    async with a_board(database) as board:
        await board.gig(ALICE, title="Design a logo", skills=("graphic-design",))
        await board.gig(BOB, title="Python API", skills=("python",), engagement=Engagement.HOURLY)
        await board.gig(BOB, title="Office work", location=LocationType.ONSITE, city="Bandung")

        async def titles(query: str) -> set[str]:
            response = await board.get(f"/gigs?{query}")
            assert response.status == 200
            text = read_page(await response.text()).text
            return {t for t in ("Design a logo", "Python API", "Office work") if t in text}

        assert await titles("skill=python") == {"Python API"}
        assert await titles("skill=Python") == {"Python API"}  # a name works as the slug does
        assert await titles("work_type=hourly") == {"Python API"}
        assert await titles("location=onsite") == {"Office work"}
        assert await titles("min_pay=6000000") == {"Design a logo", "Python API", "Office work"}
        assert await titles("min_pay=9000000") == set()
        # The filtered board's feeds carry its filters.
        filtered = read_page(await (await board.get("/gigs?skill=python&location=remote")).text())
        feeds = [link["href"] for link in filtered.tags("link") if link.get("rel") == "alternate"]
        assert feeds == [
            board.path("/gigs.rss?location=remote&skill=python"),
            board.path("/gigs.json?location=remote&skill=python"),
        ]


async def test_an_unknown_filter_value_is_a_polite_400(database):
    async with a_board(database) as board:
        for query in (
            "skill=no-such-skill",
            "work_type=forever",
            "min_pay=-5",
            "after=x",
            "min_pay=1e9",
        ):
            response = await board.get(f"/gigs?{query}")
            assert response.status == 400, query
            assert "can't be read" in read_page(await response.text()).text


async def test_the_next_page_starts_after_the_last_gig_shown(database):
    async with a_board(database) as board:
        gigs = [await board.gig(ALICE, title=f"Gig number {n}") for n in range(25)]
        first = read_page(await (await board.get("/gigs")).text())
        [next_link] = [a["href"] for a in first.tags("a") if a.get("rel") == "next"]
        assert next_link == board.path(f"/gigs?after={gigs[5].id}")
        second = read_page(await (await board.client.get(next_link)).text())
        shown = [a["href"] for a in second.tags("a") if "/gigs/" in a["href"]]
        assert shown == [board.path(f"/gigs/{gig.id}") for gig in reversed(gigs[:5])]


async def test_a_hub_whose_admin_did_not_turn_the_board_on_has_no_pages(database):
    async with a_board(database, public=False) as board:
        await board.gig(ALICE, title="Hidden gig")
        for tail in ("", "/gigs", "/gigs.rss", "/gigs.json", "/gigs/1"):
            response = await board.get(tail)
            assert response.status == 404, tail
            assert "Hidden gig" not in await response.text()
        await board.turn_web(True)
        assert (await board.get("/gigs")).status == 200
        await board.turn_web(False)  # off again: gone at the next request
        assert (await board.get("/gigs")).status == 404
        assert (await board.client.get("/hubs/12345/gigs")).status == 404


async def test_the_hub_page_names_the_hub_counts_its_gigs_and_links_its_feeds(database):
    async with a_board(database) as board:
        await board.gig(ALICE, title="Logo for a coffee shop")
        response = await board.get()
        page = read_page(await response.text())
        assert page.tags("h1") and "Kopi Makers" in page.text
        assert "1 gig is open." in page.text
        assert "Logo for a coffee shop" in page.text
        feeds = [a["href"] for a in page.tags("link") if a.get("rel") == "alternate"]
        assert feeds == [board.path("/gigs.rss"), board.path("/gigs.json")]


async def test_every_answer_carries_a_strict_content_security_policy(database):
    async with a_board(database) as board:
        gig = await board.gig(ALICE)
        for tail in ("", "/gigs", f"/gigs/{gig.id}", "/gigs.rss", "/gigs/999", "/nowhere"):
            response = await board.get(tail)
            policy = response.headers["Content-Security-Policy"]
            assert "default-src 'none'" in policy and "script-src" not in policy, tail
            assert response.headers["X-Content-Type-Options"] == "nosniff"
        stylesheet = await board.client.get("/static/mozaik.css")
        assert stylesheet.status == 200 and stylesheet.content_type == "text/css"


async def test_pages_speak_the_hubs_language_and_switch_to_the_other(database):
    async with a_board(database, locale="id") as board:
        gig = await board.gig(ALICE, title="Logo kedai kopi")
        indonesian = read_page(await (await board.get("/gigs")).text())
        assert "Gig di Kopi Makers" in indonesian.text
        assert indonesian.tags("html")[0]["lang"] == "id"
        [switch] = [a["href"] for a in indonesian.tags("a") if a.get("hreflang") == "en"]
        english = read_page(await (await board.client.get(switch)).text())
        assert "Gigs at Kopi Makers" in english.text
        # Links on the English page stay English.
        assert board.path(f"/gigs/{gig.id}?lang=en") in english.links()


async def test_times_are_in_utc_named_so_or_in_the_zone_the_reader_asks_for(database):
    async with a_board(database) as board:
        gig = await board.gig(ALICE)  # published at 09:01 UTC
        utc = read_page(await (await board.get(f"/gigs/{gig.id}")).text())
        assert "9:01:00 AM (UTC)" in utc.text
        jakarta = read_page(await (await board.get(f"/gigs/{gig.id}?tz=Asia/Jakarta")).text())
        assert "4:01:00 PM (Asia/Jakarta)" in jakarta.text
        nonsense = read_page(await (await board.get(f"/gigs/{gig.id}?tz=Mars/Olympus")).text())
        assert "(UTC)" in nonsense.text


async def test_a_closed_removed_or_rejected_gig_answers_410_at_once(database):
    async with a_board(database) as board:
        filled = await board.gig(ALICE, title="Filled gig")
        removed = await board.gig(ALICE, title="Removed gig")
        assert (await board.get(f"/gigs/{filled.id}")).status == 200
        await board.close(filled)
        await board.close(removed, GigAction.REMOVE)
        for gig in (filled, removed):
            response = await board.get(f"/gigs/{gig.id}")
            assert response.status == 410
            text = await response.text()
            assert "This gig is closed" in text and gig.title not in text


async def test_a_gig_not_yet_published_or_of_another_hub_is_not_found(database):
    from bot.gigs.store.records import act, create_gig
    from tests.gigs.factories import terms

    async with a_board(database) as board:
        now = board.clock.now()
        pending = await create_gig(
            board.store, guild_id=GUILD, poster_id=ALICE, terms=terms(), now=now
        )
        assert (await board.get(f"/gigs/{pending.id}")).status == 404
        rejected = await act(board.store, pending.id, GigAction.REJECT, 9001, now)
        assert (await board.get(f"/gigs/{rejected.id}")).status == 410
        elsewhere = await create_gig(
            board.store, guild_id=GUILD + 1, poster_id=ALICE, terms=terms(), now=now
        )
        assert (await board.get(f"/gigs/{elsewhere.id}")).status == 404
        assert (await board.get("/gigs/99999999999999999999999")).status == 404
