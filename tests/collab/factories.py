"""Requests and answers as the tests need them, with only the interesting fields named."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.collab.model import (
    AnswerStatus,
    CollabAnswer,
    CollabDraft,
    CollabRequest,
    Compensation,
    Kind,
    Status,
)

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
REQUESTER = 100
BOB = 200
CAROL = 300


def a_draft(**changes: Any) -> CollabDraft:
    draft = CollabDraft(
        title="Brand site for a bakery",
        description="A small bakery wants a new site; I design, looking for a developer.",
        skills=("web-development", "javascript"),
        kind=Kind.PROJECT_PARTNER,
        commitment="5",
        compensation=Compensation.PAID,
        partners_wanted=1,
    )
    return replace(draft, **changes)


def a_request(**changes: Any) -> CollabRequest:
    draft = a_draft()
    request = CollabRequest(
        id=7,
        guild_id=1,
        requester_id=REQUESTER,
        requester_locale="en",
        title=draft.title,
        description=draft.description,
        skills=draft.skills,
        kind=draft.kind,
        commitment=draft.commitment,
        compensation=draft.compensation,
        partners_wanted=1,
        partners_found=0,
        status=Status.OPEN,
        created_at=NOW,
        expires_at=NOW + timedelta(days=30),
        posted_at=NOW,
    )
    return replace(request, **changes)


def an_answer(**changes: Any) -> CollabAnswer:
    answer = CollabAnswer(
        request_id=7, user_id=BOB, locale="en", status=AnswerStatus.PENDING, created_at=NOW
    )
    return replace(answer, **changes)
