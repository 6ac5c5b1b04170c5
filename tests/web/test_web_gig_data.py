"""What machines read: every gig page's JobPosting data, the RSS and JSON feeds, and the 304s
that keep a reader polling every minute cheap."""

import json
from datetime import timedelta
from pathlib import Path

import feedparser
import jsonschema

from bot.gigs.expiry import end_of_day
from bot.gigs.model import Engagement, GigKind, LocationType, PayPeriod

from .html_reading import read_page
from .world import ROOT, a_board, a_pay

ALICE = 2001
JSON_FEED_SCHEMA = json.loads((Path(__file__).parent / "jsonfeed-1.1.schema.json").read_text())
# Google's required JobPosting properties, and those it recommends that a gig always has.
REQUIRED = {"title", "description", "datePosted", "hiringOrganization"}
RECOMMENDED = {"validThrough", "employmentType", "baseSalary", "directApply", "identifier"}


async def posting_of(board, gig) -> dict:
    response = await board.get(f"/gigs/{gig.id}")
    assert response.status == 200
    [posting] = read_page(await response.text()).job_postings()
    return posting


async def test_every_gig_page_carries_the_job_posting_fields_google_asks_for(database):
    async with a_board(database) as board:
        kinds = [
            dict(
                engagement=Engagement.PROJECT,
                compensation=a_pay(5_000_000, 8_000_000, PayPeriod.PROJECT),
            ),
            dict(engagement=Engagement.HOURLY, compensation=a_pay(150_000, None, PayPeriod.HOUR)),
            dict(
                engagement=Engagement.PART_TIME,
                compensation=a_pay(4_000_000, None, PayPeriod.MONTH),
            ),
            dict(
                engagement=Engagement.FULL_TIME,
                compensation=a_pay(20, 35, PayPeriod.HOUR, "USD"),
                location=LocationType.ONSITE,
                city="Bandung",
            ),
            dict(
                engagement=Engagement.RETAINER,
                compensation=a_pay(900_000, None, PayPeriod.DAY),
                location=LocationType.HYBRID,
                city="Surabaya",
                kind=GigKind.OFFERING,
                delivery_days=5,
            ),
        ]
        for changes in kinds:
            gig = await board.gig(ALICE, **changes)
            posting = await posting_of(board, gig)
            assert posting["@context"] == "https://schema.org/" and posting["@type"] == "JobPosting"
            assert posting.keys() >= REQUIRED | RECOMMENDED, changes
            assert posting["title"] == gig.title and posting["description"] == gig.terms.description
            assert posting["datePosted"] == gig.published_at.isoformat()
            assert posting["validThrough"] == gig.expires_at.isoformat()
            assert posting["hiringOrganization"] == {
                "@type": "Organization",
                "name": "Kopi Makers",
                "sameAs": f"{ROOT}/hubs/7001",
            }
            assert posting["directApply"] is False
            assert posting["url"] == f"{ROOT}/hubs/7001/gigs/{gig.id}"
            assert posting["baseSalary"]["currency"] == gig.terms.compensation.currency

        postings = [await posting_of(board, gig) for gig in await gigs(board)]
        project, hourly, part_time, full_time, retainer = reversed(postings)
        assert project["employmentType"] == "CONTRACTOR"
        assert project["baseSalary"]["value"] == {
            "@type": "QuantitativeValue",
            "minValue": 5_000_000,
            "maxValue": 8_000_000,
        }  # pay for the whole project has no unit in schema.org's list
        assert hourly["baseSalary"]["value"] == {
            "@type": "QuantitativeValue",
            "value": 150_000,
            "unitText": "HOUR",
        }
        assert part_time["employmentType"] == "PART_TIME"
        assert part_time["baseSalary"]["value"]["unitText"] == "MONTH"
        assert full_time["employmentType"] == "FULL_TIME"
        assert full_time["baseSalary"]["currency"] == "USD"
        assert full_time["jobLocation"]["address"]["addressLocality"] == "Bandung"
        assert "jobLocationType" not in full_time
        assert retainer["baseSalary"]["value"]["unitText"] == "DAY"
        assert project["jobLocationType"] == "TELECOMMUTE"


async def gigs(board):
    from bot.gigs.search import GigFilters
    from bot.gigs.store.board import board as read_board

    page = await read_board(board.store, 7001, GigFilters(), board.clock.now(), limit=50, offset=0)
    return page.gigs


async def test_a_poster_with_a_public_page_is_the_hiring_party_and_the_hub_again_once_they_leave_it(
    database,
):
    from bot.intros.store.public import set_public

    async with a_board(database) as board:
        await board.member(ALICE, "alice", public=True)
        gig = await board.gig(ALICE)
        assert (await posting_of(board, gig))["hiringOrganization"] == {
            "@type": "Person",
            "name": "alice",
            "url": f"{ROOT}/hubs/7001/members/{ALICE}",
        }
        assert await set_public(board.store, 7001, ALICE, False, board.clock.now())
        assert (await posting_of(board, gig))["hiringOrganization"] == {
            "@type": "Organization",
            "name": "Kopi Makers",
            "sameAs": f"{ROOT}/hubs/7001",
        }


async def test_an_apply_by_date_ends_the_posting_sooner(database):
    async with a_board(database) as board:
        soon = board.clock.now().date() + timedelta(days=3)
        gig = await board.gig(ALICE, apply_by=soon)
        posting = await posting_of(board, gig)
        # The end of the apply-by day in the hub's zone, not the hub's 30 days.
        assert posting["validThrough"] == gig.expires_at.isoformat()
        assert gig.expires_at == end_of_day(soon, "Asia/Jakarta")


async def test_the_rss_feed_is_rss_2_and_filters_by_skill(database):
    async with a_board(database) as board:
        await board.gig(ALICE, title="Logo & <brand>", skills=("graphic-design",))
        shop = await board.gig(ALICE, title="Python shop", skills=("python",))
        response = await board.get("/gigs.rss")
        assert response.status == 200 and response.content_type == "application/rss+xml"
        feed = feedparser.parse(await response.text())
        assert not feed.bozo, feed.get("bozo_exception")
        assert feed.version == "rss20"
        assert feed.feed.title == "New gigs at Kopi Makers"
        assert [entry.title for entry in feed.entries] == ["Python shop", "Logo & <brand>"]
        assert feed.entries[0].link == f"{ROOT}/hubs/7001/gigs/{shop.id}"
        assert feed.entries[0].id == feed.entries[0].link
        assert [tag.term for tag in feed.entries[0].tags] == ["Python"]
        assert feed.entries[0].published_parsed is not None

        python = feedparser.parse(await (await board.get("/gigs.rss?skill=python")).text())
        assert [entry.title for entry in python.entries] == ["Python shop"]
        assert python.feed.title == "New Python gigs at Kopi Makers"


async def test_the_json_feed_validates_as_json_feed_1_1(database):
    async with a_board(database) as board:
        await board.gig(ALICE, title="Logo", skills=("graphic-design",))
        await board.gig(ALICE, title="Python shop", skills=("python",))
        response = await board.get("/gigs.json?skill=python")
        assert response.content_type == "application/feed+json"
        feed = json.loads(await response.text())
        jsonschema.validate(feed, JSON_FEED_SCHEMA, format_checker=jsonschema.FormatChecker())
        assert [item["title"] for item in feed["items"]] == ["Python shop"]
        assert feed["feed_url"] == f"{ROOT}/hubs/7001/gigs.json?skill=python"
        empty = json.loads(await (await board.get("/gigs.json?skill=seo")).text())
        jsonschema.validate(empty, JSON_FEED_SCHEMA)
        assert empty["items"] == []


async def test_a_reader_polling_an_unchanged_feed_gets_304_until_a_gig_changes(database):
    async with a_board(database) as board:
        gig = await board.gig(ALICE)
        for tail in ("/gigs.rss", "/gigs.json", "/gigs", "", "/gigs?skill=figma"):
            first = await board.get(tail)
            tag = first.headers["ETag"]
            assert first.headers["Last-Modified"]
            again = await board.get(tail, **{"If-None-Match": tag})
            assert again.status == 304, tail
            assert await again.read() == b""
            assert again.headers["ETag"] == tag
        rss_tag = (await board.get("/gigs.rss")).headers["ETag"]
        await board.close(gig)
        changed = await board.get("/gigs.rss", **{"If-None-Match": rss_tag})
        assert changed.status == 200
        assert feedparser.parse(await changed.text()).entries == []


async def test_a_gig_page_and_a_members_page_answer_304_by_their_tag_only(database):
    async with a_board(database) as board:
        await board.member(ALICE, "alice", public=True)
        member = await board.get(f"/members/{ALICE}")
        # A date alone never vouches for a member's page (a testimonial hidden changes none).
        since = {"If-Modified-Since": member.headers["Last-Modified"]}
        assert (await board.get(f"/members/{ALICE}", **since)).status == 200
        held = {"If-None-Match": member.headers["ETag"]}
        assert (await board.get(f"/members/{ALICE}", **held)).status == 304
        gig = await board.gig(ALICE)
        first = await board.get(f"/gigs/{gig.id}")
        modified = first.headers["Last-Modified"]
        # A date alone never vouches for a gig's page (its poster may have opted out since).
        assert (await board.get(f"/gigs/{gig.id}", **{"If-Modified-Since": modified})).status == 200
        assert (
            await board.get(f"/gigs/{gig.id}", **{"If-None-Match": first.headers["ETag"]})
        ).status == 304
        # The other language is another page.
        other = await board.get(
            f"/gigs/{gig.id}?lang=id", **{"If-None-Match": first.headers["ETag"]}
        )
        assert other.status == 200
        await board.close(gig)
        assert (await board.get(f"/gigs/{gig.id}", **{"If-Modified-Since": modified})).status == 410
