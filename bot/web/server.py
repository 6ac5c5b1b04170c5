"""The web server: its routes, the headers every answer carries, and how it runs, alone
(`mozaik web`) or beside the bot (`mozaik run` with `[web] enabled = true`)."""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from importlib import resources

from aiohttp import web

from bot.clock import Clock, SystemClock
from bot.config import Settings, database_password
from bot.store import Store
from bot.web.feeds import json_feed, rss_feed
from bot.web.pages import (
    CLOCK,
    SETTINGS,
    STORE,
    PageProblem,
    board_page,
    gig_page,
    hub_page,
    hub_path,
)
from bot.web.portfolio import member_page
from bot.web.reader import reader_of
from bot.web.rendering import render

log = logging.getLogger(__name__)

# No script runs, nothing is framed, styles and images come only from the board itself.
# (The JobPosting data is a data block, which no browser runs.)
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
STYLESHEET = "mozaik.css"

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@web.middleware
async def guarded(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Every answer carries the security headers; a page that cannot be shown is a page too."""
    try:
        response = await handler(request)
    except PageProblem as problem:
        response = _problem_page(request, problem)
    except web.HTTPException as error:  # aiohttp's own: no route, a method not allowed
        error.headers.update(SECURITY_HEADERS)
        raise
    response.headers.update(SECURITY_HEADERS)
    return response


def _problem_page(request: web.Request, problem: PageProblem) -> web.Response:
    reader = problem.reader or reader_of(request.query, request.app[SETTINGS].hub_defaults.locale)
    hub = problem.hub
    body = render(
        "error.html",
        reader,
        request.path,
        hub=hub,
        hub_path=None if hub is None else hub_path(hub.guild_id),
        problem=problem.problem,
    )
    return web.Response(status=problem.status, text=body, content_type="text/html", charset="utf-8")


async def _not_found(request: web.Request) -> web.StreamResponse:
    raise PageProblem(404, "not_found")


def web_application(store: Store, settings: Settings, clock: Clock) -> web.Application:
    app = web.Application(middlewares=[guarded])
    app[STORE], app[SETTINGS], app[CLOCK] = store, settings, clock
    stylesheet = resources.files("bot.web").joinpath("static", STYLESHEET).read_bytes()

    async def styles(request: web.Request) -> web.Response:
        response = web.Response(body=stylesheet, content_type="text/css")
        response.headers["Cache-Control"] = "public, max-age=86400"
        return response

    async def no_icon(request: web.Request) -> web.Response:
        return web.Response(status=204, headers={"Cache-Control": "public, max-age=86400"})

    hub = "/hubs/{guild}"
    app.router.add_get(f"/static/{STYLESHEET}", styles)
    app.router.add_get("/favicon.ico", no_icon)
    app.router.add_get(hub, hub_page)
    app.router.add_get(f"{hub}/gigs", board_page)
    app.router.add_get(f"{hub}/gigs.rss", rss_feed)
    app.router.add_get(f"{hub}/gigs.json", json_feed)
    app.router.add_get(f"{hub}/gigs/{{gig}}", gig_page)
    app.router.add_get(f"{hub}/members/{{member}}", member_page)
    app.router.add_get("/{tail:.*}", _not_found)
    return app


@asynccontextmanager
async def serving(store: Store, settings: Settings, clock: Clock) -> AsyncIterator[str]:
    """Serve the board on the configured host and port until the block ends; yields its root
    (the address it listens on when no base_url is set: port 0 picks a free one)."""
    runner = web.AppRunner(web_application(store, settings, clock), handle_signals=False)
    await runner.setup()
    try:
        site = web.TCPSite(runner, settings.web.host, settings.web.port)
        await site.start()
        host, port = runner.addresses[0][:2]
        root = settings.web.base_url or f"http://{host}:{port}"
        log.info("public board on %s", root)
        yield root.rstrip("/")
    finally:
        await runner.cleanup()


async def run_web(settings: Settings) -> None:
    """`mozaik web`: the board alone, reading the database the bot writes, until a signal."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for stop_signal in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(stop_signal, stop.set)
    opened = Store.open(settings.database, password=database_password(settings))
    async with opened as store, serving(store, settings, SystemClock()):
        await stop.wait()
