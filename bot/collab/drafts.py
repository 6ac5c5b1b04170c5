"""What a member put into a request's form, and the rules it must meet before anything is
stored."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import timedelta

from bot.collab.model import (
    COMMITMENT_MAX,
    DESCRIPTION_MAX,
    HOURS_MAX,
    PARTNERS_MAX,
    SKILLS_MAX,
    SKILLS_MIN,
    TITLE_MAX,
    CollabDraft,
    Compensation,
    Kind,
)
from bot.errors import Refusal
from bot.typed_text import visible

_HOURS = re.compile(r"\d{1,3}")
# A refused form is kept this long for its member to send again.
DRAFT_KEPT = timedelta(days=7)


@dataclass(frozen=True)
class FormValues:
    """Everything a member put into a request so far: the command's choices, then what they
    typed. Kept whole when refused, so the form reopens with it; JSON in the store."""

    kind: str
    compensation: str
    partners_wanted: int
    title: str = ""
    description: str = ""
    skills: str = ""
    commitment: str = ""

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> FormValues:
        return cls(**json.loads(text))


def checked_draft(
    *,
    title: str,
    description: str,
    skills: Sequence[str],
    kind: str,
    commitment: str,
    compensation: str,
    partners_wanted: int,
) -> CollabDraft:
    """The form's values tidied (whitespace trimmed, the title on one line), or a Refusal."""
    title = " ".join(title.split())
    description = description.strip()
    commitment = " ".join(commitment.split())
    _check_text("title", title, TITLE_MAX)
    _check_text("description", description, DESCRIPTION_MAX)
    _check_text("commitment", commitment, COMMITMENT_MAX)
    hours = hours_per_week(commitment)
    if hours is not None and not 1 <= hours <= HOURS_MAX:
        raise Refusal("collab.hours_out_of_range", maximum=HOURS_MAX)
    if not SKILLS_MIN <= len(skills) <= SKILLS_MAX:
        raise Refusal("collab.skills_count", minimum=SKILLS_MIN, maximum=SKILLS_MAX)
    if kind not in Kind.__members__.values():
        raise Refusal("collab.bad_kind")
    if compensation not in Compensation.__members__.values():
        raise Refusal("collab.bad_compensation")
    if not 1 <= partners_wanted <= PARTNERS_MAX:
        raise Refusal("collab.partners_out_of_range", maximum=PARTNERS_MAX)
    return CollabDraft(
        title=title,
        description=description,
        skills=tuple(skills),
        kind=Kind(kind),
        commitment=commitment,
        compensation=Compensation(compensation),
        partners_wanted=partners_wanted,
    )


def hours_per_week(commitment: str) -> int | None:
    """The number of hours when the commitment is given as a bare number, else None."""
    return int(commitment) if _HOURS.fullmatch(commitment) else None


def _check_text(field: str, text: str, maximum: int) -> None:
    if not visible(text):
        raise Refusal(f"collab.{field}_empty")
    if len(text) > maximum:
        raise Refusal(f"collab.{field}_too_long", maximum=maximum, length=len(text))
