"""The buttons Mozaik puts on gig messages, and what their custom ids say.

Every button carries what it acts on in its custom id (`gig:approve:123`), so a click works
after a restart: the dynamic items in _views.py read the id back and check, on every click,
that the member may do it. The views built here only describe the buttons; they are stopped
before sending so discord.py does not keep one in memory per message.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import TypeVar

import discord

from bot.errors import Refusal
from bot.gigs.model import (
    CloseReason,
    Engagement,
    Gig,
    GigStatus,
    LocationType,
    ReportReason,
)
from bot.gigs.search import GigFilters
from bot.i18n import t
from bot.ui import described
from cogs._limits import BUTTON_LABEL_MAX, CUSTOM_ID_MAX, fit


class Click(StrEnum):
    APPROVE = "approve"
    REJECT = "reject"
    REQUEST_CHANGES = "changes"
    INTEREST = "interest"
    REPORT = "report"
    REPORT_AS = "reportas"  # option: the reason
    REMOVE = "remove"
    DISMISS = "dismiss"  # a moderator keeps a reported gig
    RENEW = "renew"
    CLOSE = "close"
    CLOSE_AS = "closeas"  # option: filled or withdrawn
    FILLED_VIA_HUB = "via"  # option: yes or no


GIG_BUTTON = re.compile(
    rf"gig:(?P<click>{'|'.join(Click)}):(?P<gig>\d{{1,18}})(?::(?P<option>[a-z_]+))?"
)
# What a click carries after the gig's number (most carry nothing); any other option makes it
# no button of ours.
_CLICK_OPTIONS: dict[Click, frozenset[str | None]] = {
    Click.REPORT_AS: frozenset(ReportReason),
    Click.CLOSE_AS: frozenset({CloseReason.FILLED, CloseReason.WITHDRAWN}),
    Click.FILLED_VIA_HUB: frozenset({"yes", "no"}),
}
_NO_OPTION: frozenset[str | None] = frozenset({None})


def is_known_click(click: Click, option: str | None) -> bool:
    return option in _CLICK_OPTIONS.get(click, _NO_OPTION)


DRAFT_BUTTON = re.compile(r"gigdraft:(?P<draft>\d{1,18})")
# A next-page button may carry the gig its page starts after (".<gig>"), so the board reads from
# there; ids without one, sent before, still turn pages by number.
PAGE_BUTTON = re.compile(
    r"gigs:(?P<mode>list|find):(?P<page>\d{1,6})(?:\.(?P<after>\d{1,19}))?:(?P<query>.*)"
)


def gig_custom_id(click: Click, gig_id: int, option: str | None = None) -> str:
    return f"gig:{click.value}:{gig_id}" + (f":{option}" if option else "")


def is_message_of_gig(
    gig_id: int,
    clicks: Collection[Click],
    *,
    author_id: int,
    custom_ids: Iterable[str],
    bot_id: int,
) -> bool:
    """Whether a message by `author_id` with these buttons is Mozaik's message for the gig: one
    of its buttons acts on the gig as one of `clicks` (a post: Interested or Report; a queue
    message: Approve). Finds what a run that died had made before it could record it."""
    if author_id != bot_id:
        return False
    for custom_id in custom_ids:
        found = GIG_BUTTON.fullmatch(custom_id)
        if (
            found is not None
            and found["option"] is None
            and found["click"] in clicks
            and int(found["gig"]) == gig_id
        ):
            return True
    return False


def button(
    label: str,
    custom_id: str,
    style: discord.ButtonStyle = discord.ButtonStyle.secondary,
    *,
    disabled: bool = False,
    emoji: str | None = None,
) -> discord.ui.Button[discord.ui.View]:
    return discord.ui.Button(
        label=fit(label, BUTTON_LABEL_MAX),
        custom_id=custom_id,
        style=style,
        disabled=disabled,
        emoji=emoji,
    )


# A button on a gig: its label's catalog key, what it does (with an option, or None) and its style.
Choosing = tuple[str, Click, str | None, discord.ButtonStyle]
PLAIN = discord.ButtonStyle.secondary


@dataclass(frozen=True)
class GigButtons:
    """The buttons of one kind of message about a gig: called with the gig and the reader's
    language, each is labelled in it, all disabled once the message is answered."""

    choices: tuple[Choosing, ...]

    def __call__(self, gig_id: int, locale: str, *, disabled: bool = False) -> discord.ui.View:
        return described(
            *(
                button(
                    t(locale, key), gig_custom_id(click, gig_id, option), style, disabled=disabled
                )
                for key, click, option, style in self.choices
            )
        )


def post_buttons(gig: Gig, locale: str) -> discord.ui.View:
    """On the published post: answer (the button or the gig's own link) and report.

    Disabled while the gig is under review or closed.
    """
    answerable = gig.status is GigStatus.APPROVED
    items: list[discord.ui.Item[discord.ui.View]] = []
    if gig.terms.apply_url is not None:
        items.append(
            discord.ui.Button(
                label=fit(t(locale, "gigs.button_apply"), BUTTON_LABEL_MAX),
                url=gig.terms.apply_url,
                disabled=not answerable,
            )
        )
    else:
        items.append(
            button(
                t(locale, "gigs.button_interested"),
                gig_custom_id(Click.INTEREST, gig.id),
                discord.ButtonStyle.primary,
                disabled=not answerable,
            )
        )
    items.append(
        button(
            t(locale, "gigs.button_report"),
            gig_custom_id(Click.REPORT, gig.id),
            disabled=not answerable,
        )
    )
    return described(*items)


# The moderators' decision on a gig in the queue.
queue_buttons = GigButtons(
    (
        ("gigmod.button_approve", Click.APPROVE, None, discord.ButtonStyle.success),
        ("gigmod.button_reject", Click.REJECT, None, discord.ButtonStyle.danger),
        ("gigmod.button_request_changes", Click.REQUEST_CHANGES, None, PLAIN),
    )
)
# On a report in the queue: remove the gig, or keep it.
report_buttons = GigButtons(
    (
        ("gigmod.button_remove", Click.REMOVE, None, discord.ButtonStyle.danger),
        ("gigmod.button_dismiss", Click.DISMISS, None, PLAIN),
    )
)
report_reason_buttons = GigButtons(
    tuple(
        (f"gigs.report_{reason.value}", Click.REPORT_AS, reason.value, PLAIN)
        for reason in ReportReason
    )
)
# The poster's reminder before the gig expires.
reminder_buttons = GigButtons(
    (
        ("gigs.button_renew", Click.RENEW, None, discord.ButtonStyle.primary),
        ("gigs.button_close", Click.CLOSE, None, PLAIN),
    )
)
close_reason_buttons = GigButtons(
    (
        ("gigs.button_close_filled", Click.CLOSE_AS, "filled", discord.ButtonStyle.success),
        ("gigs.button_close_withdrawn", Click.CLOSE_AS, "withdrawn", PLAIN),
    )
)
filled_via_hub_buttons = GigButtons(
    (
        ("gigs.button_via_hub_yes", Click.FILLED_VIA_HUB, "yes", discord.ButtonStyle.success),
        ("gigs.button_via_hub_no", Click.FILLED_VIA_HUB, "no", PLAIN),
    )
)


def draft_buttons(draft_id: int, locale: str) -> discord.ui.View:
    return described(
        button(
            t(locale, "gigs.button_edit_and_resend"),
            f"gigdraft:{draft_id}",
            discord.ButtonStyle.primary,
        )
    )


def page_buttons(
    mode: str, page: int, has_next: bool, next_after: int | None, query: str, locale: str
) -> discord.ui.View:
    """Previous and next for /gig list (query: the filters) and /gig search (query: the words)."""
    next_id = f"gigs:{mode}:{page + 1}:{query}"
    if next_after is not None and len(next_id) + len(f".{next_after}") <= CUSTOM_ID_MAX:
        next_id = f"gigs:{mode}:{page + 1}.{next_after}:{query}"
    return described(
        button(
            t(locale, "gigs.button_previous"),
            f"gigs:{mode}:{max(page - 1, 0)}:{query}",
            disabled=page == 0,
        ),
        button(t(locale, "gigs.button_next"), next_id, disabled=not has_next),
    )


Choice = TypeVar("Choice")

_ENGAGEMENTS = list(Engagement)
_LOCATIONS = list(LocationType)


def list_query(filters: GigFilters) -> str:
    """The filters of /gig list in a few characters, so they fit a button's custom id:
    engagement and location as one digit each ("-" for any), the minimum pay, the skill last
    (a hub's own skill slug contains a colon)."""
    engagement = "-" if filters.engagement is None else str(_ENGAGEMENTS.index(filters.engagement))
    location = "-" if filters.location is None else str(_LOCATIONS.index(filters.location))
    pay = "-" if filters.min_pay is None else str(int(filters.min_pay))
    return f"{engagement}{location}:{pay}:{filters.skill or ''}"


_LIST_QUERY = re.compile(
    r"(?P<engagement>[-0-9])(?P<location>[-0-9]):(?P<pay>-|\d{1,15}):(?P<skill>.*)"
)


def parse_list_query(query: str, currency: str) -> GigFilters:
    read = _LIST_QUERY.fullmatch(query)
    if read is None:
        raise Refusal("core.button_unknown")
    engagement, location, pay, skill = read.groups()
    return GigFilters(
        skill=skill or None,
        engagement=_chosen(engagement, _ENGAGEMENTS),
        location=_chosen(location, _LOCATIONS),
        min_pay=None if pay == "-" else Decimal(pay),
        currency=currency,
    )


def _chosen(code: str, choices: list[Choice]) -> Choice | None:
    """The choice a digit of `list_query` stands for; "-" for any."""
    if code == "-":
        return None
    if int(code) >= len(choices):
        raise Refusal("core.button_unknown")
    return choices[int(code)]
