"""Each hub's new gigs as RSS 2.0 and as JSON Feed 1.1 (jsonfeed.org/version/1.1), filterable
like the board (`?skill=python`), answered 304 by their tag like the board."""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web

from bot.i18n import t_plain
from bot.web.pages import (
    CLOCK,
    SETTINGS,
    board_read,
    filtered,
    hub_path,
    newest_change,
    page_tag,
    public_hub,
)
from bot.web.rendering import gig_view, link, render, rfc822
from bot.web.validators import check_modified, stamp_headers

FEED_SIZE = 20
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
SUMMARY_MAX = 500


async def rss_feed(request: web.Request) -> web.Response:
    return await _feed(request, "rss")


async def json_feed(request: web.Request) -> web.Response:
    return await _feed(request, "json")


async def _feed(request: web.Request, form: str) -> web.Response:
    hub, reader = await public_hub(request)
    query, taxonomy, _ = await filtered(request, hub, reader)
    page = await board_read(request, hub, query.filters, None, FEED_SIZE)
    tag = page_tag(form, hub, reader, page, sorted(query.shown.items()))
    modified = newest_change(hub, page)
    check_modified(request, tag, modified)
    root = request.app[SETTINGS].web.root
    base = hub_path(hub.guild_id)
    skill = None if query.filters.skill is None else taxonomy.get(query.filters.skill)
    title = (
        t_plain(reader.locale, "web.feed_title", hub=hub.name)
        if skill is None
        else t_plain(
            reader.locale, "web.feed_title_skill", hub=hub.name, skill=skill.name(reader.locale)
        )
    )
    filters = {**reader.chosen, **query.shown}
    board_url = root + link(f"{base}/gigs", filters)
    feed_url = root + link(f"{base}/gigs.{form}", filters)
    now = request.app[CLOCK].now()
    items = []
    for gig in page.gigs:
        view = gig_view(gig, reader, taxonomy, now)
        published = gig.published_at or gig.created_at
        items.append(
            {
                "id": gig.id,
                "url": root + link(f"{base}/gigs/{gig.id}", reader.chosen),
                "title": gig.title,
                "summary": f"{view.pay} · {view.engagement} · {view.location}\n\n"
                f"{gig.terms.description[:SUMMARY_MAX]}",
                "text": gig.terms.description,
                "skills": [each.name for each in view.skills],
                "published": published,
                "updated": gig.updated_at,
                "rfc822": rfc822(published),
            }
        )
    description = t_plain(reader.locale, "web.feed_description", hub=hub.name)
    if form == "rss":
        body = render(
            "gigs.rss",
            reader,
            feed_url,
            hub=None,
            title=title,
            description=description,
            board_url=board_url,
            feed_url=feed_url,
            items=items,
            updated=rfc822(modified) if items else None,
        )
        response = web.Response(text=body, content_type="application/rss+xml", charset="utf-8")
    else:
        feed = _json_feed(title, description, board_url, feed_url, reader.locale, items)
        response = web.Response(
            text=json.dumps(feed, ensure_ascii=False),
            content_type="application/feed+json",
            charset="utf-8",
        )
    stamp_headers(response, tag, modified)
    return response


def _json_feed(
    title: str,
    description: str,
    home: str,
    feed_url: str,
    language: str,
    items: list[dict[str, Any]],
) -> dict[str, Any]:
    return {
        "version": JSON_FEED_VERSION,
        "title": title,
        "description": description,
        "home_page_url": home,
        "feed_url": feed_url,
        "language": language,
        "items": [
            {
                "id": item["url"],
                "url": item["url"],
                "title": item["title"],
                "content_text": item["text"],
                "summary": item["summary"],
                "date_published": item["published"].isoformat(),
                "date_modified": item["updated"].isoformat(),
                "tags": item["skills"],
            }
            for item in items
        ],
    }
