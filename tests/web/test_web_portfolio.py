"""A portfolio page carries the member's reputation: how many confirmed counterparts endorsed
each skill, and the testimonials they approved, their writers named only if they opted in too."""

from datetime import timedelta

from bot.reputation.model import Answer, EngagementKind
from bot.reputation.model import TestimonialStatus as Status
from bot.reputation.store.endorsements import endorse
from bot.reputation.store.engagements import answer, ask
from bot.reputation.store.testimonials import move_testimonial, write_testimonial

from .html_reading import read_page
from .test_web_privacy import HOSTILE
from .world import GUILD, a_board

BOB, CITRA, DEWI, EKO = 2002, 2003, 2004, 2005


async def worked_together(board, asker: int, member: int, gig_id: int) -> int:
    """A confirmed engagement of the two, as the poster's and the member's yes leave it."""
    now = board.clock.now()
    (asked,) = await ask(
        board.store, GUILD, EngagementKind.GIG, gig_id, asker, [member], now, asker_says_yes=True
    )
    confirmed = await answer(board.store, asked, member, Answer.YES, now, confirms=True)
    return confirmed.id


async def a_testimonial(
    board, author: int, receiver: int, body: str, *, status: Status, gig_id: int
):
    engagement = await worked_together(board, receiver, author, gig_id)
    board.clock.advance(timedelta(minutes=1))
    now = board.clock.now()
    written = await write_testimonial(board.store, GUILD, engagement, author, receiver, body, now)
    if status is Status.WAITING:
        return written
    moved = await move_testimonial(board.store, written.id, status, (Status.WAITING,), now)
    return moved


async def member_page(board, **headers: str):
    response = await board.get(f"/members/{BOB}", **headers)
    return response, read_page(await response.text()) if response.status == 200 else None


async def test_each_skill_shows_how_many_confirmed_counterparts_endorsed_it(database):
    async with a_board(database) as board:
        await board.member(BOB, "bob-openly", public=True, skills=("python", "graphic-design"))
        now = board.clock.now()
        for endorser in (CITRA, DEWI):
            await endorse(board.store, GUILD, endorser, BOB, ["python"], now)
        _, page = await member_page(board)
        assert "Python endorsed by 2" in page.text
        assert "Graphic Design" in page.text and "Graphic Design endorsed" not in page.text


async def test_only_approved_testimonials_show_and_a_writer_who_did_not_opt_in_is_unnamed(
    database,
):
    async with a_board(database) as board:
        await board.member(BOB, "bob-openly", public=True)
        await board.member(CITRA, "citra-openly", public=True)
        await board.member(DEWI, "dewi-quietly", public=False)
        await board.member(EKO, "eko-writes", public=True)
        shown = Status.SHOWN
        await a_testimonial(board, CITRA, BOB, "Bob shipped early.", status=shown, gig_id=1)
        await a_testimonial(board, DEWI, BOB, "Bob was kind.", status=shown, gig_id=2)
        hidden = Status.HIDDEN
        await a_testimonial(board, EKO, BOB, "Hidden by Bob.", status=hidden, gig_id=3)
        await a_testimonial(board, EKO, BOB, "Still waiting.", status=Status.WAITING, gig_id=4)

        _, page = await member_page(board)
        assert "Bob shipped early." in page.text and "citra-openly" in page.text
        assert board.path(f"/members/{CITRA}") in page.links()
        assert "Bob was kind. a member of Kopi Makers" in page.text
        assert (
            "dewi-quietly" not in page.text
            and str(DEWI) not in await (await board.get(f"/members/{BOB}")).text()
        )
        assert "Hidden by Bob." not in page.text and "Still waiting." not in page.text
        assert "eko-writes" not in page.text


async def test_hiding_a_testimonial_takes_it_off_at_once_even_for_a_reader_holding_the_page(
    database,
):
    async with a_board(database) as board:
        await board.member(BOB, "bob-openly", public=True)
        await board.member(CITRA, "citra-openly", public=True)
        written = await a_testimonial(
            board, CITRA, BOB, "Bob shipped early.", status=Status.SHOWN, gig_id=1
        )
        first, page = await member_page(board)
        assert "Bob shipped early." in page.text
        tag, modified = first.headers["ETag"], first.headers["Last-Modified"]
        unchanged, _ = await member_page(board, **{"If-None-Match": tag})
        assert unchanged.status == 304

        board.clock.advance(timedelta(minutes=1))
        await move_testimonial(
            board.store,
            written.id,
            Status.HIDDEN,
            (shown := Status.SHOWN,),
            board.clock.now(),
        )
        for held in ({"If-None-Match": tag}, {"If-Modified-Since": modified}):
            again, page = await member_page(board, **held)
            assert again.status == 200 and again.headers["ETag"] != tag
            assert "Bob shipped early." not in page.text

        # Shown again, then removed by a moderator: gone again.
        await move_testimonial(board.store, written.id, shown, (Status.HIDDEN,), board.clock.now())
        _, page = await member_page(board)
        assert "Bob shipped early." in page.text
        await move_testimonial(board.store, written.id, Status.REMOVED, (shown,), board.clock.now())
        _, page = await member_page(board)
        assert "Bob shipped early." not in page.text


async def test_a_writer_opting_out_is_unnamed_at_once(database):
    from bot.intros.store.public import set_public

    async with a_board(database) as board:
        await board.member(BOB, "bob-openly", public=True)
        await board.member(CITRA, "citra-openly", public=True)
        await a_testimonial(board, CITRA, BOB, "Bob shipped early.", status=Status.SHOWN, gig_id=1)
        first, page = await member_page(board)
        assert "citra-openly" in page.text
        assert await set_public(board.store, GUILD, CITRA, False, board.clock.now())
        again, page = await member_page(board, **{"If-None-Match": first.headers["ETag"]})
        assert again.status == 200
        assert "citra-openly" not in page.text and "a member of Kopi Makers" in page.text


async def test_hostile_testimonial_text_renders_as_text(database):
    async with a_board(database) as board:
        await board.member(BOB, "bob-openly", public=True)
        await board.member(CITRA, "citra-openly", public=True)
        _, plain = await member_page(board)
        await a_testimonial(board, CITRA, BOB, HOSTILE, status=Status.SHOWN, gig_id=1)
        _, page = await member_page(board)
        assert not page.tags("img") and not page.tags("b") and not page.tags("textarea")
        assert all(attrs.get("type") == "application/ld+json" for attrs, _ in page.scripts)
        assert '<script>alert("x")</script>' in page.text and "\u202eevil\u202c" in page.text
        # The text sits in a bidi isolate, so its direction marks end with it.
        added = {tag for tag, _ in page.elements} - {tag for tag, _ in plain.elements}
        assert added <= {"h2", "figure", "blockquote", "p", "figcaption", "a", "bdi"}


async def test_the_page_shows_the_latest_twenty_and_counts_the_rest(database):
    async with a_board(database) as board:
        await board.member(BOB, "bob-openly", public=True)
        await board.member(CITRA, "citra-openly", public=True)
        for number in range(22):
            await a_testimonial(
                board,
                CITRA,
                BOB,
                f"Note {number:02}.",
                status=Status.SHOWN,
                gig_id=number + 1,
            )
        _, page = await member_page(board)
        assert len(page.tags("figure")) == 20
        assert "Note 21." in page.text and "Note 01." not in page.text
        assert "and 2 earlier testimonials" in page.text
