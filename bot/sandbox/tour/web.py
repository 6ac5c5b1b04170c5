"""The hub's public board on the web: what a client who is not in the hub sees of its gigs."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import aiohttp

from bot.clock import Clock
from bot.config import Settings, WebSettings
from bot.sandbox.tour._stage import Act, Stage
from bot.sandbox.tour.gigs import APPROVE, CHOICES
from bot.store import Store
from bot.web.server import serving

A_GIG = {
    "title": "Copy for a coffee shop website",
    "description": "Five short pages of friendly copy, in English, for our coffee shop's site.",
    "skills": "Copywriting, SEO",
    "pay": "2jt",
    "apply": "",
}
# Headless Chromium that asks nothing of the network but the page (also the browser tests').
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOT = "web-board.png"


def public_board(store: Store, clock: Clock, settings: Settings) -> Act:
    async def the_public_board(stage: Stage) -> None:
        """The hub's public board on the web"""
        stage.step(stage.admin, "/hub setup web:on")
        await stage.answer(await stage.discord.slash(stage.admin, "hub setup", web=True))

        stage.step(stage.claire, "/gig post: copy for a website")
        opened = await stage.discord.slash(stage.claire, "gig post", **CHOICES)
        await stage.answer(await stage.discord.submit_modal(stage.claire, opened, A_GIG))
        waiting = stage.discord.messages(stage.channel("gig-queue"))[-1]
        stage.step(stage.moderator, f"clicks {APPROVE} (Approve)")
        await stage.answer(await stage.discord.click(stage.moderator, waiting, APPROVE))

        stage.step(stage.budi, "/intro public state:on")
        await stage.answer(await stage.discord.slash(stage.budi, "intro public", state="on"))

        local = settings.model_copy(update={"web": WebSettings(enabled=True, port=0)})
        async with serving(store, local, clock) as root, aiohttp.ClientSession() as client:
            board = f"{root}/hubs/{stage.hub.id}/gigs"
            stage.say(f"\n  the demo hub's board is at {board}")
            async with client.get(board) as answer:
                page = await answer.text()
                stage.expect(answer.status == 200, "the board answers")
            stage.expect(A_GIG["title"] in page, "it lists Claire's gig")
            stage.expect("claire" not in page, "Claire, who did not opt in, is not named")
            async with client.get(f"{root}/hubs/{stage.hub.id}/gigs/1") as closed:
                stage.expect(closed.status == 410, "Ani's closed gig answers 410 Gone")
            async with client.get(f"{root}/hubs/{stage.hub.id}/members/{stage.budi.id}") as budi:
                stage.expect(budi.status == 200, "Budi, who opted in, has a public page")
            async with client.get(f"{board[: -len('/gigs')]}/gigs.rss") as feed:
                items = re.findall(r"<item>", await feed.text())
                stage.expect(feed.status == 200 and len(items) == 1, "its RSS feed has the gig")
            await _screenshot(stage, board)

    return the_public_board


async def _screenshot(stage: Stage, url: str) -> None:
    """With Playwright and Chromium installed (the test extra and Debian's `chromium`)."""
    chromium = shutil.which("chromium")
    try:
        from playwright.async_api import async_playwright
    except ImportError:
        chromium = None
    if chromium is None:
        stage.say("  (no screenshot: it needs Playwright and Chromium, see README)")
        return
    stage.output_dir.mkdir(parents=True, exist_ok=True)
    shot: Path = stage.output_dir / SCREENSHOT
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = await browser.new_page()
        await page.goto(url)
        await page.screenshot(path=str(shot), full_page=True)
        await browser.close()
    stage.say(f"  the board's screenshot is saved at {shot}")
