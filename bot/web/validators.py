"""ETag and Last-Modified, so a reader polling a page or a feed that did not change costs a 304.

The tag is a hash of what the page is made of (its gigs' numbers and last changes, the hub's
web settings, the reader's choices), computed from the store's read before anything is
rendered. Last-Modified is sent with every page, but only the tag may say the reader's copy
is current: a gig leaving a list changes no row left on it, a poster opting out changes no date
of their gig's page, and a testimonial hidden or a writer opting out changes no date left on a
member's page.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import UTC, datetime
from email.utils import format_datetime

from aiohttp import web

# Public pages: caches may keep them a minute, then must ask again (and get a 304).
CACHE_CONTROL = "public, max-age=60, must-revalidate"


def entity_tag(parts: Iterable[object]) -> str:
    digest = hashlib.blake2b(repr(tuple(parts)).encode(), digest_size=16).hexdigest()
    return f'"{digest}"'


def check_modified(request: web.Request, tag: str, modified: datetime | None) -> None:
    """Raise a 304 when the reader's copy is current; return when the page must be sent."""
    asked = request.headers.get("If-None-Match")
    if asked is None:
        return
    tags = {each.strip().removeprefix("W/") for each in asked.split(",")}
    if tag in tags or "*" in tags:
        unchanged = web.HTTPNotModified()
        stamp_headers(unchanged, tag, modified)
        raise unchanged


def stamp_headers(response: web.StreamResponse, tag: str, modified: datetime | None) -> None:
    response.headers["ETag"] = tag
    response.headers["Cache-Control"] = CACHE_CONTROL
    if modified is not None:
        response.headers["Last-Modified"] = format_datetime(modified.astimezone(UTC), usegmt=True)
