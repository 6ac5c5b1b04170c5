"""The board in a real browser: Debian's Chromium, headless, driven by Playwright. A reader lists
the board, filters it by skill, opens a gig, meets a closed one; nothing on the way names a
member who did not opt in, and the browser reports no blocked content (the CSP holds)."""

import os
from pathlib import Path

import pytest
from aiohttp.test_utils import TestServer
from playwright.async_api import async_playwright

from bot.config import Settings, WebSettings
from bot.sandbox.tour.web import CHROMIUM_ARGS
from bot.web.server import web_application

from .world import a_board

CHROMIUM = os.environ.get("MOZAIK_CHROMIUM", "/usr/bin/chromium")
# Where the screenshot is kept for a person to look at (`.ci/run` keeps the folder).
SCREENSHOTS = Path(os.environ.get("MOZAIK_SCREENSHOTS", "sandbox-output"))
ALICE, BOB = 2001, 2002


@pytest.fixture
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


async def test_a_reader_browses_filters_opens_a_gig_and_meets_a_closed_one(database, screenshots):
    async with a_board(database) as board:
        await board.member(ALICE, "alice-quietly", public=False)
        await board.member(BOB, "bob-openly", public=True)
        await board.gig(ALICE, title="Logo for a coffee shop", skills=("graphic-design",))
        python = await board.gig(BOB, title="Python shop API", skills=("python",))
        closed = await board.gig(ALICE, title="Filled already", skills=("python",))
        await board.close(closed)
        settings = Settings(database=database, web=WebSettings(enabled=True))
        server = TestServer(web_application(board.store, settings, board.clock), host="127.0.0.1")
        await server.start_server()
        base = str(server.make_url(f"/hubs/{7001}"))
        try:
            async with async_playwright() as playwright:
                browser = await playwright.chromium.launch(
                    executable_path=CHROMIUM, args=CHROMIUM_ARGS
                )
                page = await browser.new_page()
                problems: list[str] = []
                page.on("pageerror", lambda error: problems.append(str(error)))
                page.on("requestfailed", lambda request: problems.append(request.url))
                page.on(
                    "response",
                    lambda answer: answer.status >= 400 and problems.append(answer.url),
                )

                listed = await page.goto(f"{base}/gigs")
                assert listed is not None and listed.status == 200
                titles = await page.locator("li.gig a.title").all_inner_texts()
                assert titles == ["Python shop API", "Logo for a coffee shop"]
                shot = screenshots / "web-board.png"
                await page.screenshot(path=str(shot), full_page=True)
                assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

                await page.fill("input[name=skill]", "Python")
                await page.click("button[type=submit]")
                await page.wait_for_load_state()
                assert "skill=Python" in page.url
                assert await page.locator("li.gig a.title").all_inner_texts() == ["Python shop API"]

                await page.click("text=Python shop API")
                await page.wait_for_load_state()
                assert page.url.endswith(f"/gigs/{python.id}")
                assert await page.locator("h1").inner_text() == "Python shop API"
                assert await page.locator("text=bob-openly").count() == 1
                posting = await page.locator("script[type='application/ld+json']").inner_text()
                assert '"JobPosting"' in posting

                gone = await page.goto(f"{base}/gigs/{closed.id}")
                assert gone is not None and gone.status == 410
                assert await page.locator("h1").inner_text() == "This gig is closed"

                for path in ("", "/gigs", f"/gigs/{python.id}"):
                    await page.goto(base + path)
                    assert "alice-quietly" not in await page.content()
                # The stylesheet loaded and nothing was blocked or failed on any page.
                border = await page.evaluate(
                    "getComputedStyle(document.querySelector('header')).borderBottomStyle"
                )
                assert border == "solid"
                assert problems == [f"{base}/gigs/{closed.id}"], problems
                await browser.close()
        finally:
            await server.close()
