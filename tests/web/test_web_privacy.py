"""Nothing leaks: a member is named nowhere on the web unless they chose /intro public on, and
every member's text renders as text, never as markup."""

import json

import feedparser

from .html_reading import read_page
from .world import a_board

ALICE, BOB = 2001, 2002
EVERY_PAGE = ("", "/gigs", "/gigs.rss", "/gigs.json")


async def every_text(board, gig_ids) -> str:
    bodies = [await (await board.get(tail)).text() for tail in EVERY_PAGE]
    bodies += [await (await board.get(f"/gigs/{number}")).text() for number in gig_ids]
    return "\n".join(bodies)


async def test_a_member_who_did_not_opt_in_appears_nowhere(database):
    async with a_board(database) as board:
        await board.member(ALICE, "alice-quietly", public=False)
        await board.member(BOB, "bob-openly", public=True, headline="Python for small shops")
        quiet = await board.gig(ALICE, title="Quiet poster's gig")
        loud = await board.gig(BOB, title="Open poster's gig")
        everything = await every_text(board, [quiet.id, loud.id])
        assert "alice-quietly" not in everything and str(ALICE) not in everything
        assert "discord.com/channels" not in everything  # no message link for anyone
        assert (await board.get(f"/members/{ALICE}")).status == 404

        # The member who opted in is named on their own gig, with a link to their page.
        page = read_page(await (await board.get(f"/gigs/{loud.id}")).text())
        assert "bob-openly" in page.text
        assert board.path(f"/members/{BOB}") in page.links()
        # ...and as the one hiring in its JobPosting data; the quiet poster's names the hub.
        assert page.job_postings()[0]["hiringOrganization"]["name"] == "bob-openly"
        quiet_page = read_page(await (await board.get(f"/gigs/{quiet.id}")).text())
        assert board.path(f"/members/{ALICE}") not in quiet_page.links()
        assert quiet_page.job_postings()[0]["hiringOrganization"]["name"] == "Kopi Makers"


async def test_opting_out_takes_the_name_off_at_once(database):
    from bot.intros.store.public import set_public

    async with a_board(database) as board:
        await board.member(BOB, "bob-openly", public=True)
        gig = await board.gig(BOB)
        named = await board.get(f"/gigs/{gig.id}")
        assert "bob-openly" in await named.text()
        assert await set_public(board.store, 7001, BOB, False, board.clock.now())
        # Even a reader holding the named page and its date gets the page again, unnamed.
        again = await board.get(
            f"/gigs/{gig.id}",
            **{"If-Modified-Since": named.headers["Last-Modified"]},
        )
        assert again.status == 200 and "bob-openly" not in await again.text()
        assert (await board.get(f"/members/{BOB}")).status == 404


async def test_a_portfolio_page_shows_headline_skills_and_links_and_nothing_else(database):
    async with a_board(database) as board:
        await board.member(
            BOB,
            "bob-openly",
            public=True,
            headline="Python for small shops",
            skills=("python", "graphic-design"),
            links=("https://bob.example.com/work",),
        )
        response = await board.get(f"/members/{BOB}")
        assert response.status == 200
        page = read_page(await response.text())
        assert "bob-openly" in page.text and "Python for small shops" in page.text
        assert "Python" in page.text and "Graphic Design" in page.text
        assert "https://bob.example.com/work" in page.links()
        assert "Private words about me." not in page.text  # the about text stays in Discord


async def test_a_member_who_left_the_server_is_not_shown_even_if_they_opted_in(database):
    from bot.intros.store.profiles import mark_departed

    async with a_board(database) as board:
        await board.member(BOB, "bob-openly", public=True)
        gig = await board.gig(BOB)
        await mark_departed(board.store, 7001, BOB, board.clock.now())
        assert (await board.get(f"/members/{BOB}")).status == 404
        assert "bob-openly" not in await (await board.get(f"/gigs/{gig.id}")).text()


HOSTILE = (
    '<script>alert("x")</script><img src=x onerror=alert(1)>'
    "\u202eevil\u202c <b>bold</b> &amp; </textarea>"
)


async def test_html_script_tags_and_direction_marks_in_gigs_render_as_text(database):
    async with a_board(database) as board:
        await board.member(BOB, HOSTILE[:60], public=True, headline=HOSTILE[:100])
        gig = await board.gig(
            BOB, title=HOSTILE[:100], description=f"{HOSTILE}\n\n</script><script>alert(2)</script>"
        )
        clean = await board.gig(BOB, title="Plain gig", description="One.\n\nTwo.")
        for tail in ("", "/gigs", f"/gigs/{gig.id}", f"/members/{BOB}"):
            hostile = read_page(await (await board.get(tail)).text())
            # The page holds exactly the elements a plain gig's page holds: none from the text.
            assert (
                not hostile.tags("img") and not hostile.tags("b") and not hostile.tags("textarea")
            )
            scripts = hostile.scripts
            assert all(attrs.get("type") == "application/ld+json" for attrs, _ in scripts)
            assert '<script>alert("x")</script>' in hostile.text, tail
            assert "\u202eevil\u202c" in hostile.text
        plain = read_page(await (await board.get(f"/gigs/{clean.id}")).text())
        hostile = read_page(await (await board.get(f"/gigs/{gig.id}")).text())
        assert [tag for tag, _ in hostile.elements] == [tag for tag, _ in plain.elements]
        [posting] = hostile.job_postings()
        assert posting["title"] == HOSTILE[:100]
        assert "</script><script>alert(2)</script>" in posting["description"]


async def test_hostile_text_keeps_the_feeds_well_formed(database):
    async with a_board(database) as board:
        # PostgreSQL's text cannot hold NUL at all (nor does one arrive: bot/typed_text.py).
        nul = "\x00" if board.store.dialect == "sqlite" else ""
        await board.gig(ALICE, title=HOSTILE[:90] + "\x07", description=HOSTILE + nul + "\x1b")
        feed = feedparser.parse(await (await board.get("/gigs.rss")).text())
        assert not feed.bozo, feed.get("bozo_exception")
        assert feed.entries[0].title.startswith('<script>alert("x")</script>')
        data = json.loads(await (await board.get("/gigs.json")).text())
        assert data["items"][0]["title"] == HOSTILE[:90] + "\x07"
